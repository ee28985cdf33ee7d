import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvent';
import { parseEvent } from './protocol/parseEvent';
import type { FeedEvent } from './protocol/events';
import {
  openReadmissions,
  overdueReadmissionCount,
  personsHandedOver,
  READMISSION_DUE_SOON_MS,
  readmissionPersons,
  readmissionUrgency,
  summariseReadmissions,
} from './readmission';
import { getEmptyState } from './state';

const T0 = Date.UTC(2026, 9, 5, 6);
const HOUR = 3_600_000;

function events(raw: { type: string; payload: object }[]): FeedEvent[] {
  return raw.map((r, i) => {
    const parsed = parseEvent({ seq: i + 1, id: `E${i + 1}`, ts: T0 + i, ...r });
    if (parsed.kind !== 'known') throw new Error(JSON.stringify(parsed));
    return parsed.event;
  });
}

const request = (caseId: string, deadlineHours: number) => ({
  type: 'readmission.requested',
  payload: {
    caseId,
    requestingCountry: 'RS',
    requestedCountry: 'MK',
    crossingId: 'BCP-1',
    incidentIds: [],
    persons: [
      { nationality: 'AF', persons: 4 },
      { nationality: 'SY', persons: 3 },
    ],
    requestedAt: T0,
    deadlineAt: T0 + deadlineHours * HOUR,
    by: 'Border Police Preševo',
  },
});

describe('readmission deadlines', () => {
  const state = applyEvents(
    getEmptyState(),
    events([
      request('RA-late', 2),
      request('RA-soon', 10),
      request('RA-far', 48),
      request('RA-done', 1),
      {
        type: 'readmission.refused',
        payload: { caseId: 'RA-done', by: 'BP', reason: 'No.', at: T0 + HOUR / 2 },
      },
      { type: 'readmission.accepted', payload: { caseId: 'RA-soon', by: 'BP', at: T0 + HOUR } },
    ]),
  );
  const c = (id: string) => state.readmissions[id]!;

  it('raises a case once its deadline passes while it is still open, accepted or not', () => {
    expect(readmissionUrgency(c('RA-late'), T0 + HOUR / 2)).toBe('open');
    expect(readmissionUrgency(c('RA-late'), T0 + HOUR)).toBe('due_soon');
    expect(readmissionUrgency(c('RA-late'), T0 + 2 * HOUR)).toBe('due_soon');
    expect(readmissionUrgency(c('RA-late'), T0 + 2 * HOUR + 1)).toBe('overdue');
    expect(readmissionUrgency(c('RA-soon'), T0 + 10 * HOUR + 1)).toBe('overdue');
    expect(readmissionUrgency(c('RA-far'), T0 + HOUR)).toBe('open');
    expect(readmissionUrgency(c('RA-far'), T0 + 48 * HOUR - READMISSION_DUE_SOON_MS)).toBe('due_soon');
    // A refused case is done, deadline or not.
    expect(readmissionUrgency(c('RA-done'), T0 + 5 * HOUR)).toBe('done');
  });

  it('counts the overdue cases as the clock moves, and lists the open ones most pressing first', () => {
    expect(overdueReadmissionCount(state, T0 + HOUR)).toBe(0);
    expect(overdueReadmissionCount(state, T0 + 3 * HOUR)).toBe(1);
    expect(overdueReadmissionCount(state, T0 + 11 * HOUR)).toBe(2);
    expect(openReadmissions(state, T0 + 3 * HOUR).map((x) => x.caseId)).toEqual([
      'RA-late',
      'RA-soon',
      'RA-far',
    ]);
    expect(readmissionPersons(c('RA-far'))).toBe(7);
  });

  it('counts the persons handed over as recorded at the handover, else as requested, and none before', () => {
    const handed = applyEvents(
      state,
      events([
        { type: 'readmission.accepted', payload: { caseId: 'RA-far', by: 'BP', at: T0 + HOUR } },
        { type: 'readmission.handed_over', payload: { caseId: 'RA-far', by: 'BPS', at: T0 + 2 * HOUR } },
        {
          type: 'readmission.handed_over',
          payload: {
            caseId: 'RA-soon',
            by: 'BPS',
            persons: [{ nationality: 'AF', persons: 4 }],
            at: T0 + 2 * HOUR,
          },
        },
      ]).map((e, i) => ({ ...e, seq: 100 + i })),
    );
    expect(personsHandedOver(handed.readmissions['RA-far']!)).toBe(7);
    expect(personsHandedOver(handed.readmissions['RA-soon']!)).toBe(4);
    expect(personsHandedOver(c('RA-late'))).toBe(0);
    expect(personsHandedOver(c('RA-done'))).toBe(0);
  });
});

describe('summariseReadmissions', () => {
  const state = applyEvents(
    getEmptyState(),
    events([
      request('A', 6),
      { ...request('B', 1), payload: { ...request('B', 1).payload, crossingId: 'BCP-2' } },
      {
        ...request('C', 6),
        payload: {
          ...request('C', 6).payload,
          requestingCountry: 'HR',
          requestedCountry: 'BA',
          crossingId: 'BCP-2',
        },
      },
      { type: 'readmission.accepted', payload: { caseId: 'A', by: 'BP', at: T0 + HOUR } },
      { type: 'readmission.handed_over', payload: { caseId: 'A', by: 'BP', at: T0 + 2 * HOUR } },
      { type: 'readmission.refused', payload: { caseId: 'C', by: 'GP', reason: 'No.', at: T0 + 7 * HOUR } },
    ]),
  );

  it('counts in all, by pair and by crossing, with what is late at the moment asked', () => {
    const early = summariseReadmissions(Object.values(state.readmissions), T0 + 30 * 60_000);
    expect(early.total).toEqual({
      requested: 3,
      accepted: 1,
      refused: 1,
      handedOver: 1,
      personsHandedOver: 7,
      // C was refused after its deadline; B is not overdue yet.
      late: 1,
    });
    const later = summariseReadmissions(Object.values(state.readmissions), T0 + 2 * HOUR);
    expect(later.total.late).toBe(2);
    expect(later.byPair.map((p) => [p.requestingCountry, p.requestedCountry, p.requested, p.late])).toEqual([
      ['RS', 'MK', 2, 1],
      ['HR', 'BA', 1, 1],
    ]);
    expect(later.byCrossing.map((c) => [c.crossingId, c.requested, c.personsHandedOver])).toEqual([
      ['BCP-2', 2, 0],
      ['BCP-1', 1, 7],
    ]);
  });
});
