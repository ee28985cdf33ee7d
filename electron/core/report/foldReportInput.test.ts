import { describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../shared/protocol/events';
import { parseEvent } from '../../../shared/protocol/parseEvent';
import { computeReport } from './computeReport';
import { foldReportInput, haversineM } from './foldReportInput';
import { DAY0, HOUR, MINUTE } from './testFixtures';

let seq = 0;
function ev(ts: number, type: string, payload: Record<string, unknown>): FeedEvent {
  seq++;
  const parsed = parseEvent({ seq, id: `E${seq}`, ts, type, payload });
  if (parsed.kind !== 'known') throw new Error(`${type}: ${JSON.stringify(parsed)}`);
  return parsed.event;
}

const T0 = DAY0 - HOUR;
const FROM = DAY0;
const TO = DAY0 + 4 * HOUR;
const position = (unitId: string, at: number, lat: number): FeedEvent =>
  ev(at, 'unit.position', { unitId, lon: 19, lat, heading: 0, speed: 5, accuracy: 5, at });
const status = (unitId: string, at: number, s: string): FeedEvent =>
  ev(at, 'unit.status_changed', { unitId, status: s, at });

function stream(): FeedEvent[] {
  return [
    ev(T0, 'operation.started', {
      operationId: 'JO-1',
      name: 'Fold test',
      mode: 'exercise',
      countries: ['HR', 'RS'],
      agencies: ['border_police'],
      plannedStartAt: T0,
      plannedEndAt: T0 + 48 * HOUR,
      startedAt: T0,
    }),
    ev(T0, 'sector.upserted', {
      sectorId: 'S1',
      name: 'Bajakovo',
      countries: ['HR', 'RS'],
      line: [
        [19, 45],
        [19.2, 45.1],
      ],
      corridor: [
        [
          [18.9, 44.9],
          [19.3, 44.9],
          [19.3, 45.2],
          [18.9, 44.9],
        ],
      ],
      impactLevel: 'low',
      responsibleAgency: 'border_police',
    }),
    ...['U1', 'U2'].map((unitId, i) =>
      ev(T0, 'unit.upserted', {
        unitId,
        callsign: `HR-${unitId}`,
        agency: 'border_police',
        organisation: 'Border Police',
        country: 'HR',
        kind: 'vehicle',
        sectorId: 'S1',
        status: i === 0 ? 'patrolling' : 'available',
      }),
    ),
    ev(FROM - 30 * MINUTE, 'sector.impact_changed', {
      sectorId: 'S1',
      impactLevel: 'medium',
      at: FROM - 30 * MINUTE,
    }),
    position('U1', FROM - 10 * MINUTE, 44.99),
    position('U1', FROM + 10 * MINUTE, 45),
    position('U1', FROM + 20 * MINUTE, 45.01),
    position('U1', FROM + 25 * MINUTE, 46), // stamped older than the next: arrives late below
    position('U1', FROM + 30 * MINUTE, 45.02),
    ev(FROM + 31 * MINUTE, 'unit.position', {
      unitId: 'U1',
      lon: 19,
      lat: 47,
      heading: 0,
      speed: 5,
      accuracy: 5,
      at: FROM + 29 * MINUTE, // older than the unit's last report: skipped
    }),
    ev(FROM + 40 * MINUTE, 'incident.reported', {
      incidentId: 'I1',
      category: 'migrant_smuggling',
      priority: 2,
      title: 'Van with 9 persons',
      lon: 19.1,
      lat: 45.05,
      sectorId: 'S1',
      reportedBy: 'U1',
      reportedAt: FROM + 40 * MINUTE,
      counts: { migrants: 9, facilitators: 1 },
    }),
    status('U1', FROM + HOUR, 'responding'),
    status('U9', FROM + HOUR, 'responding'), // a unit nobody announced: ignored, as the reducer does
    ev(FROM + HOUR, 'bookmark.added', {
      bookmarkId: 'B1',
      label: 'Van stopped',
      author: 'JOC',
      at: FROM + HOUR,
    }),
    status('U1', FROM + 2 * HOUR, 'on_scene'),
    ev(FROM + 2 * HOUR, 'sector.impact_changed', {
      sectorId: 'S1',
      impactLevel: 'high',
      reason: 'Smuggling route active',
      at: FROM + 2 * HOUR,
    }),
    status('U1', FROM + 3 * HOUR, 'patrolling'),
    position('U1', TO + MINUTE, 45.5), // after the period
    ev(TO + MINUTE, 'sector.impact_changed', { sectorId: 'S1', impactLevel: 'critical', at: TO + MINUTE }),
  ];
}

describe('foldReportInput', () => {
  it('folds the picture, impact history, unit activity and bookmarks of a period', () => {
    const events = stream();
    // The late report at +25 min is delivered after the +30 min one, as a feed may.
    const late = events.findIndex((e) => e.type === 'unit.position' && e.payload.lat === 46);
    const [lateEvent] = events.splice(late, 1);
    events.splice(late + 1, 0, lateEvent!);
    const input = foldReportInput(events, FROM, TO);

    expect(input.state.sectors['S1']!.impactLevel).toBe('high');
    expect(input.impactAtStart).toEqual({ S1: 'medium' });
    expect(input.impactChanges).toEqual([
      { sectorId: 'S1', at: FROM + 2 * HOUR, level: 'high', reason: 'Smuggling route active' },
    ]);
    expect(input.bookmarks).toEqual([{ at: FROM + HOUR, label: 'Van stopped', author: 'JOC', shared: true }]);
    expect(input.unitActivity).toHaveLength(1);
    const [u1] = input.unitActivity;
    expect(u1).toMatchObject({
      unitId: 'U1',
      reports: 3,
      patrolMs: 2 * HOUR,
      respondingMs: HOUR,
      onSceneMs: HOUR,
    });
    // 0.01° of latitude twice, about 1.112 km each.
    expect(u1!.distanceM).toBeCloseTo(2 * haversineM(19, 45, 19, 45.01), 6);
    expect(u1!.distanceM).toBeCloseTo(2223.9, 0);

    const report = computeReport({ ...input, generatedAt: TO, generatedBy: 'test' });
    expect(report.totals.incidents).toBe(1);
    expect(report.impactTimeline[0]!.segments.map((s) => s.level)).toEqual(['medium', 'high']);
    expect(report.unitActivity.total.distanceKm).toBeCloseTo(2.224, 3);
  });

  it('gives the picture as it was at `to`, and start levels when the period starts after the last event', () => {
    const input = foldReportInput(stream(), TO + HOUR, TO + 2 * HOUR);
    expect(input.impactAtStart).toEqual({ S1: 'critical' });
    expect(input.impactChanges).toEqual([]);
    expect(input.unitActivity.map((a) => [a.unitId, a.patrolMs])).toEqual([['U1', HOUR]]);
  });
});
