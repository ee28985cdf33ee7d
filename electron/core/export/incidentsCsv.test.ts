import { parse } from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESULT_COUNTS } from '../../../shared/domain';
import type { Incident, OperationState } from '../../../shared/state';
import { exportFixture, HOSTILE } from './exportFixtures';
import { INCIDENT_COLUMNS } from './incidentRecord';
import { CSV_BOM, incidentsCsv } from './incidentsCsv';
import type { ExportMeta } from './types';

/** What the cell of a text field must hold: the text, with an apostrophe first if a spreadsheet would run it. */
const guarded = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const text = (value: string | null | undefined): string => (value == null ? '' : guarded(value));
const time = (cell: string | undefined): number | null =>
  cell === '' || cell === undefined ? null : Date.parse(cell);
const num = (value: number | null | undefined): string => (value == null ? '' : String(value));

let state: OperationState;
let meta: ExportMeta;
let csv: string;
let rows: Record<string, string>[];
let byId: Map<string, Record<string, string>>;

beforeAll(() => {
  ({ state, meta } = exportFixture());
  csv = incidentsCsv(state, meta);
  const result = parse<Record<string, string>>(csv, { header: true });
  expect(result.errors).toEqual([]);
  expect(result.meta.fields).toEqual([...INCIDENT_COLUMNS]);
  rows = result.data;
  byId = new Map(rows.map((r) => [r.incidentId!, r]));
});

describe('incidentsCsv', () => {
  it('starts with a BOM and has one row per incident, in report order', () => {
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.startsWith(`${CSV_BOM}operationId,mode,incidentId,`)).toBe(true);
    const incidents = Object.values(state.incidents);
    expect(incidents.length).toBeGreaterThan(50);
    expect(rows).toHaveLength(incidents.length);
    expect(new Set(rows.map((r) => r.incidentId))).toEqual(new Set(incidents.map((i) => i.incidentId)));
    const reported = rows.map((r) => Date.parse(r.reportedAt!));
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
  });

  it('carries the linked cases and readmission cases of every incident', () => {
    const cases = Object.values(state.linkedCases);
    expect(cases.length).toBeGreaterThan(1);
    for (const incident of Object.values(state.incidents)) {
      const row = byId.get(incident.incidentId)!;
      const own = cases.filter((c) => c.incidentIds.includes(incident.incidentId));
      expect(row.linkedCaseIds, incident.incidentId).toBe(
        own
          .map((c) => c.caseId)
          .sort()
          .join('; '),
      );
      const others = new Set(own.flatMap((c) => c.incidentIds).filter((id) => id !== incident.incidentId));
      expect(new Set(row.linkedIncidentIds ? row.linkedIncidentIds.split('; ') : [])).toEqual(others);
      const readmissions = Object.values(state.readmissions).filter((c) =>
        c.incidentIds.includes(incident.incidentId),
      );
      expect(row.readmissionCases).toBe(readmissions.map((c) => `${c.caseId}:${c.status}`).join('; '));
    }
    // The case's title is text from the feed: kept whole, and disarmed for spreadsheets like any other.
    expect(byId.get('INC-HOSTILE-2')?.linkedCases).toBe(text(HOSTILE.caseTitle));
    expect(byId.get('INC-HOSTILE-2')?.linkedIncidentIds).toBe('INC-HOSTILE-1; INC-HOSTILE-4');
    expect(byId.get('INC-HOSTILE-3')?.linkedCaseIds).toBe('');
  });

  it('marks every row with the operation and EXERCISE', () => {
    for (const row of rows) {
      expect(row.operationId).toBe('JO-WB-11');
      expect(row.mode).toBe('EXERCISE');
    }
    const live = parse<Record<string, string>>(incidentsCsv(state, { ...meta, mode: 'live' }), {
      header: true,
    });
    expect(new Set(live.data.map((r) => r.mode))).toEqual(new Set(['LIVE']));
  });

  it('gives back every field of every incident', () => {
    const check = (incident: Incident, row: Record<string, string>): void => {
      const sector = incident.sectorId === undefined ? undefined : state.sectors[incident.sectorId];
      const crossing = incident.readmission && state.crossings[incident.readmission.crossingId];
      expect(row.category).toBe(incident.category);
      expect(row.priority).toBe(String(incident.priority));
      expect(row.title).toBe(guarded(incident.title));
      expect(row.description).toBe(text(incident.description));
      expect(row.status).toBe(incident.status);
      expect(time(row.reportedAt)).toBe(incident.reportedAt);
      expect(time(row.acknowledgedAt)).toBe(incident.acknowledgedAt);
      expect(row.acknowledgedBy).toBe(text(incident.acknowledgedBy));
      expect(time(row.assignedAt)).toBe(incident.assignedAt);
      expect(time(row.resolvedAt)).toBe(incident.resolvedAt);
      expect(time(row.closedAt)).toBe(incident.closedAt);
      for (const t of ['reportedAt', 'acknowledgedAt', 'assignedAt', 'resolvedAt', 'closedAt']) {
        if (row[t] !== '') expect(row[t]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      expect(Number(row.lon)).toBe(incident.lon);
      expect(Number(row.lat)).toBe(incident.lat);
      expect(row.sectorId).toBe(incident.sectorId ?? '');
      expect(row.sectorName).toBe(text(sector?.name));
      expect(row.sectorCountries).toBe(sector ? sector.countries.join('; ') : '');
      expect(row.reportedBy).toBe(text(incident.reportedBy));
      expect(row.assignedCallsigns).toBe(
        text(incident.assignedUnitIds.map((id) => state.units[id]?.callsign ?? id).join('; ')),
      );
      for (const count of RESULT_COUNTS) expect(row[count]).toBe(num(incident.counts[count]));
      expect(row.partnerReferences).toBe(
        text(incident.partnerReferences.map((r) => `${r.kind}:${r.reference}`).join('; ')),
      );
      expect(row.readmissionFrom).toBe(incident.readmission?.fromCountry ?? '');
      expect(row.readmissionTo).toBe(incident.readmission?.toCountry ?? '');
      expect(row.readmissionCrossingId).toBe(incident.readmission?.crossingId ?? '');
      expect(row.readmissionCrossing).toBe(text(crossing?.name));
      expect(row.readmissionPersons).toBe(num(incident.readmission?.persons));
      expect(row.outcome).toBe(text(incident.outcome));
      expect(row.noteCount).toBe(String(incident.notes.length));
      expect(row.notes).toBe(
        incident.notes.map((n) => `${new Date(n.at).toISOString()} ${n.author}: ${n.text}`).join('\n'),
      );
    };
    for (const incident of Object.values(state.incidents)) check(incident, byId.get(incident.incidentId)!);
    // The scenario gives what the columns are for.
    const all = Object.values(state.incidents);
    expect(all.filter((i) => i.readmission).length).toBeGreaterThan(1);
    expect(all.filter((i) => i.partnerReferences.length > 0).length).toBeGreaterThan(1);
    expect(all.filter((i) => i.notes.length > 0).length).toBeGreaterThan(1);
    expect(all.filter((i) => i.assignedUnitIds.length > 0).length).toBeGreaterThan(1);
  });

  it('recovers hostile text exactly, with an apostrophe only before formula starts', () => {
    const row = byId.get('INC-HOSTILE-1')!;
    expect(row.title).toBe(`'${HOSTILE.title}`);
    expect(row.description).toBe(HOSTILE.description);
    expect(row.outcome).toBe(`'${HOSTILE.outcome}`);
    expect(row.partnerReferences).toBe(`siena:SIENA 2026/1; other:${HOSTILE.reference}`);
    expect(row.assignedCallsigns).toBe(`${HOSTILE.callsign}; U-GONE`);
    expect(row.sectorName).toBe(HOSTILE.sectorName);
    expect(row.readmissionCrossing).toBe(`'${HOSTILE.crossingName}`);
    expect(row.notes).toBe(
      `2026-10-05T06:33:00.000Z Officer "A": ${HOSTILE.note}\n2026-10-05T06:34:00.000Z B: Кириллица и «кавычки»`,
    );
    expect(row.drugsKg).toBe('0.25');
    expect(byId.get('INC-HOSTILE-2')!.title).toBe("'+plus first");
    expect(byId.get('INC-HOSTILE-3')!.title).toBe("'-minus first");
    expect(byId.get('INC-HOSTILE-4')!.title).toBe("'@at first");
    expect(byId.get('INC-HOSTILE-5')!.title).toBe("'\ttab first");
    expect(byId.get('INC-HOSTILE-6')!.title).toBe("'\rcr first");
    expect(byId.get('INC-HOSTILE-7')!.title).toBe("'=already quoted");
  });

  it('keeps numbers as numbers: negative coordinates get no apostrophe', () => {
    const row = byId.get('INC-HOSTILE-3')!;
    expect(row.lon).toBe('-73.9857');
    expect(row.lat).toBe('-40.7484');
    expect(byId.get('INC-HOSTILE-1')!.lon).toBe(String(-0.0000001));
    for (const r of rows) {
      for (const column of ['priority', 'lon', 'lat', 'noteCount', ...RESULT_COUNTS]) {
        expect(r[column]).not.toMatch(/^'/);
      }
    }
  });

  it('writes an empty operation as a header alone, and no line end after the last record', () => {
    const empty = { ...state, incidents: {} };
    expect(incidentsCsv(empty, meta)).toBe(`${CSV_BOM}${INCIDENT_COLUMNS.join(',')}`);
    expect(csv.endsWith('\n')).toBe(false);
    expect(csv.split('\r\n').length).toBeGreaterThan(rows.length);
  });
});
