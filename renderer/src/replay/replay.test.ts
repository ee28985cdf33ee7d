import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/replay';
import { epochMs } from '../../../shared/units';
import { applyLanguage } from '../i18n/i18n';
import { byId, makeIncident, makeSector, makeUnit } from '../panels/testFixtures';
import { describeLogEntry, formatBytes, formatLogTime, type LogNames } from './logText';
import { NewIncidentWatch } from './newIncidentWatch';

const names: LogNames = {
  units: byId(
    [makeUnit('U1', { callsign: 'K9-12' }), makeUnit('U2', { callsign: 'HR-BP 7' })],
    (u) => u.unitId,
  ),
  incidents: byId([makeIncident('I1', { title: 'Group of 12 near Horgoš' })], (i) => i.incidentId),
  sectors: byId([makeSector('S1', { name: 'Danube north' })], (s) => s.sectorId),
  crossings: {},
};

const entry = (type: string, payload: Record<string, unknown>): LogEntry => ({
  seq: 1,
  ts: 0,
  type,
  payload,
});

describe('describeLogEntry', () => {
  it('reads readmission and linked-case events in words, naming the case', () => {
    const withCases: LogNames = {
      ...names,
      linkedCases: {
        'LC-1': {
          caseId: 'LC-1',
          title: 'Network Drina',
          incidentIds: ['I1'],
          openedAt: epochMs(0),
          openedBy: 'x',
          updatedAt: epochMs(0),
        },
      },
    };
    expect(
      describeLogEntry(
        entry('readmission.requested', {
          caseId: 'RA-1',
          requestingCountry: 'RS',
          requestedCountry: 'MK',
          crossingId: 'BCP-9',
          persons: [
            { nationality: 'AF', persons: 4 },
            { nationality: 'SY', persons: 3 },
          ],
        }),
        names,
      ),
    ).toBe('Readmission RA-1 requested: Serbia → North Macedonia at BCP-9, persons: 7');
    expect(
      describeLogEntry(entry('readmission.refused', { caseId: 'RA-1', by: 'BP', reason: 'No.' }), names),
    ).toBe('Readmission RA-1 refused by BP: No.');
    expect(
      describeLogEntry(
        entry('incident.linked', { caseId: 'LC-1', incidentIds: ['I1', 'I5'], by: 'EU' }),
        withCases,
      ),
    ).toBe('Linked as case Network Drina by EU: Group of 12 near Horgoš, I5');
    expect(
      describeLogEntry(entry('incident.unlinked', { caseId: 'LC-1', incidentId: 'I1', by: 'EU' }), withCases),
    ).toBe('Taken out of case Network Drina by EU: Group of 12 near Horgoš');
  });

  it('reads annotation events in words: the text, or the kind when there is none', () => {
    expect(
      describeLogEntry(
        entry('annotation.created', { kind: 'text', text: 'Checkpoint', author: 'JOC' }),
        names,
      ),
    ).toBe('Annotation by JOC: Checkpoint');
    expect(describeLogEntry(entry('annotation.created', { kind: 'polygon', author: 'JOC' }), names)).toBe(
      'Annotation by JOC: Area',
    );
    expect(describeLogEntry(entry('annotation.deleted', { annotationId: 'A1', by: 'Desk 2' }), names)).toBe(
      'Annotation deleted by Desk 2',
    );
  });

  it('reads watch zone events in words: the zone and who made or deleted it', () => {
    expect(describeLogEntry(entry('zone.created', { name: 'Drina', author: 'JOC' }), names)).toBe(
      'Watch zone Drina made by JOC',
    );
    expect(describeLogEntry(entry('zone.deleted', { zoneId: 'Z1', by: 'Desk 2' }), names)).toBe(
      'Watch zone deleted by Desk 2',
    );
  });

  it('reads incident events with their title, priority and category', () => {
    expect(
      describeLogEntry(
        entry('incident.reported', {
          incidentId: 'I9',
          title: 'Van stopped at Batrovci',
          priority: 2,
          category: 'migrant_smuggling',
        }),
        names,
      ),
    ).toBe('Incident reported: Van stopped at Batrovci (P2, migrant smuggling)');
    expect(
      describeLogEntry(entry('incident.acknowledged', { incidentId: 'I1', by: 'Officer Kovač' }), names),
    ).toBe('Acknowledged by Officer Kovač: Group of 12 near Horgoš');
    expect(
      describeLogEntry(entry('incident.assigned', { incidentId: 'I1', unitIds: ['U1', 'U2'] }), names),
    ).toBe('Assigned K9-12, HR-BP 7 to Group of 12 near Horgoš');
    expect(
      describeLogEntry(entry('incident.resolved', { incidentId: 'I1', outcome: '12 apprehended' }), names),
    ).toBe('Resolved: Group of 12 near Horgoš — 12 apprehended');
    expect(describeLogEntry(entry('incident.closed', { incidentId: 'I7' }), names)).toBe('Closed: I7');
  });
  it('names units by callsign', () => {
    expect(describeLogEntry(entry('unit.status_changed', { unitId: 'U1', status: 'on_scene' }), names)).toBe(
      'K9-12 on scene',
    );
    expect(
      describeLogEntry(
        entry('unit.status_changed', { unitId: 'U2', status: 'responding', incidentId: 'I1' }),
        names,
      ),
    ).toBe('HR-BP 7 responding — Group of 12 near Horgoš');
    expect(
      describeLogEntry(
        entry('unit.upserted', {
          unitId: 'U3',
          callsign: 'RS-C 4',
          agency: 'customs',
          country: 'RS',
          status: 'patrolling',
        }),
        names,
      ),
    ).toBe('Unit RS-C 4 (customs, Serbia): patrolling');
  });
  it('reads sector, bookmark and operation events', () => {
    expect(
      describeLogEntry(
        entry('sector.impact_changed', { sectorId: 'S1', impactLevel: 'high', reason: 'surge' }),
        names,
      ),
    ).toBe('Danube north: impact high (surge)');
    expect(describeLogEntry(entry('bookmark.added', { label: 'Shift change', author: 'Ana' }), names)).toBe(
      'Bookmark: Shift change (Ana)',
    );
    expect(describeLogEntry(entry('operation.started', { name: 'JO Danube' }), names)).toBe(
      'Operation started: JO Danube',
    );
  });
  it('copes with payloads that lack fields or carry the wrong types, and with unknown types', () => {
    expect(describeLogEntry(entry('incident.reported', { title: 42 }), names)).toBe(
      'Incident reported: an incident',
    );
    expect(describeLogEntry(entry('incident.assigned', { incidentId: 'I1', unitIds: 'U1' }), names)).toBe(
      'Assigned units to Group of 12 near Horgoš',
    );
    expect(describeLogEntry(entry('unit.status_changed', { unitId: '__proto__' }), names)).toBe(
      '__proto__ changed status',
    );
    expect(describeLogEntry(entry('drone.video_started', { x: 1 }), names)).toBe('drone video started');
  });
});

describe('the log in another language', () => {
  it('words the lines and the coded values in the language in use, names as they are', () => {
    try {
      applyLanguage('sr-Latn');
      expect(
        describeLogEntry(
          entry('unit.upserted', { unitId: 'U3', callsign: 'RS-C 4', agency: 'customs', country: 'RS' }),
          names,
        ),
      ).toBe('Jedinica RS-C 4 (carina, Srbija)');
      expect(describeLogEntry(entry('incident.closed', { incidentId: 'I1' }), names)).toBe(
        'Zatvoreno: Group of 12 near Horgoš',
      );
      expect(formatBytes(14_200)).toBe('14,2 kB');
    } finally {
      applyLanguage('en');
    }
  });
});

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(14_200)).toBe('14.2 kB');
    expect(formatBytes(312_000)).toBe('312 kB');
    expect(formatBytes(3_100_000)).toBe('3.1 MB');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatLogTime', () => {
  it('shows seconds, and the date only on another day than the cursor', () => {
    const at = new Date(2026, 10, 29, 14, 5, 9).getTime();
    expect(formatLogTime(at, new Date(2026, 10, 29, 23, 0).getTime())).toBe('14:05:09');
    expect(formatLogTime(at, new Date(2026, 10, 30, 1, 0).getTime())).toBe('2026-11-29 14:05:09');
  });
});

describe('NewIncidentWatch', () => {
  const p1 = (id: string, patch = {}) => makeIncident(id, { priority: 1, ...patch });
  const record = (...incidents: ReturnType<typeof makeIncident>[]) => byId(incidents, (i) => i.incidentId);

  it('takes the first picture as history and alerts for new priority 1-2 incidents after it', () => {
    const watch = new NewIncidentWatch();
    expect(watch.observe(record(p1('A')), false, false)).toEqual([]);
    expect(watch.observe(record(p1('A')), true, false)).toEqual([]);
    const news = watch.observe(record(p1('A'), p1('B'), makeIncident('C', { priority: 3 })), true, false);
    expect(news.map((i) => i.incidentId)).toEqual(['B']);
  });

  it('is silent while a replay moves through the past, however the picture changes', () => {
    const watch = new NewIncidentWatch();
    watch.observe(record(p1('A')), true, false);
    expect(watch.observe(record(), true, true)).toEqual([]);
    expect(watch.observe(record(p1('X'), p1('Y')), true, true)).toEqual([]);
    expect(watch.observe(record(p1('X'), p1('Y'), p1('Z')), true, true)).toEqual([]);
  });

  it('back to live: no burst for incidents already seen or seen only in the replay, one alert for live news', () => {
    const watch = new NewIncidentWatch();
    watch.observe(record(p1('A'), p1('B')), true, false);
    // Replay of an archive: incidents of another operation come and go.
    watch.observe(record(p1('ARCH-1')), true, true);
    // Replay is left; the picture is still the replayed one for a moment.
    expect(watch.observe(record(p1('ARCH-1')), true, false)).toEqual([]);
    // The live picture comes back with what was reported meanwhile: C unacknowledged, D already
    // acknowledged by a colleague, E low priority.
    const live = record(
      p1('A'),
      p1('B'),
      p1('C'),
      p1('D', { acknowledgedAt: 5, status: 'acknowledged' }),
      makeIncident('E', { priority: 4 }),
    );
    expect(watch.observe(live, true, false).map((i) => i.incidentId)).toEqual(['C']);
    // And from then on, live as usual.
    expect(
      watch.observe(record(...Object.values(live), p1('F')), true, false).map((i) => i.incidentId),
    ).toEqual(['F']);
    expect(watch.observe(record(...Object.values(live), p1('F')), true, false)).toEqual([]);
  });
});
