import { describe, expect, it } from 'vitest';
import { ANNOTATION_COLORS } from '../../../shared/annotation';
import type { Annotation } from '../../../shared/state';
import { INCIDENT_CATEGORIES, RESULT_COUNTS } from '../../../shared/domain';
import { UNKNOWN_COUNTRY } from '../../../shared/results';
import { epochMs } from '../../../shared/units';
import { computeReport, emptyResultCounts, impactSegments } from './computeReport';
import { renderReportHtml } from './renderReportHtml';
import { durationStats, percentile } from './percentile';
import {
  byId,
  DAY0,
  HOUR,
  makeCrossing,
  makeIncident,
  makeInput,
  makeSector,
  makeState,
  makeUnit,
  MINUTE,
} from './testFixtures';
import type { ImpactSegment } from './types';
import { zoneRules } from '../../../shared/zone.fixture';

describe('percentile (linear interpolation between closest ranks)', () => {
  it('gives the known answers', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(oneToTen, 0.5)).toBe(5.5);
    expect(percentile(oneToTen, 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
    expect(percentile([10, 20, 30], 0.5)).toBe(20);
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('sorts what it is given', () => {
    const stats = durationStats([40, 10, 30, 20]);
    expect(stats).toMatchObject({ count: 4, medianMs: 25 });
    expect(stats.p90Ms).toBeCloseTo(37, 10);
    expect(durationStats([])).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });
});

describe('computeReport', () => {
  it('counts incidents of the half-open period [from, to) only', () => {
    const from = DAY0 + 6 * HOUR;
    const to = DAY0 + 18 * HOUR;
    const incidents = byId(
      [
        makeIncident('before', { reportedAt: epochMs(from - 1) }),
        makeIncident('atStart', { reportedAt: epochMs(from) }),
        makeIncident('inside', { reportedAt: epochMs(to - 1) }),
        makeIncident('atEnd', { reportedAt: epochMs(to) }),
      ],
      (i) => i.incidentId,
    );
    const report = computeReport(makeInput({ state: makeState({ incidents }), from, to }));
    expect(report.totals.incidents).toBe(2);
    expect(report.incidents.map((i) => i.incidentId)).toEqual(['atStart', 'inside']);
  });

  it('sums every result count, ignores bad values, and the groups add up to the totals', () => {
    const sectors = byId(
      [makeSector('S1', { countries: ['HR', 'RS'] }), makeSector('S2', { countries: ['BA', 'HR'] })],
      (s) => s.sectorId,
    );
    const units = byId([makeUnit('U1', { country: 'RS' })], (u) => u.unitId);
    const incidents = byId(
      [
        makeIncident('I1', {
          category: 'migrant_smuggling',
          reportedBy: 'U1',
          sectorId: 'S1',
          counts: { persons: 7, migrants: 6, facilitators: 1, drugsKg: 0.1 },
        }),
        makeIncident('I2', { category: 'drugs', sectorId: 'S2', counts: { drugsKg: 0.2, weapons: -4 } }),
        makeIncident('I3', {
          category: 'stolen_vehicle',
          counts: { stolenVehicles: 1, cigarettes: Number.NaN },
        }),
      ],
      (i) => i.incidentId,
    );
    const report = computeReport(makeInput({ state: makeState({ sectors, units, incidents }) }));
    expect(report.totals).toEqual({
      incidents: 3,
      results: {
        ...emptyResultCounts(),
        persons: 7,
        migrants: 6,
        facilitators: 1,
        drugsKg: 0.3,
        stolenVehicles: 1,
      },
    });
    expect(report.byCategory.map((c) => c.category)).toEqual([...INCIDENT_CATEGORIES]);
    expect(report.byCategory.find((c) => c.category === 'drugs')).toMatchObject({ incidents: 1 });
    // Reporting unit's country first (I1: RS, not the sector's HR), then the sector's first country.
    expect(report.byCountry.map((c) => [c.country, c.incidents])).toEqual([
      ['BA', 1],
      ['RS', 1],
      [UNKNOWN_COUNTRY, 1],
    ]);
    expect(report.bySector.map((s) => [s.sectorId, s.incidents])).toEqual([
      ['S1', 1],
      ['S2', 1],
      [null, 1],
    ]);
    for (const groups of [report.byCategory, report.byCountry, report.bySector, report.byDay]) {
      expect(groups.reduce((n, g) => n + g.incidents, 0)).toBe(3);
      for (const key of RESULT_COUNTS) {
        const sum = groups.reduce((n, g) => n + g.results[key], 0);
        expect(Math.round(sum * 1000) / 1000).toBe(report.totals.results[key]);
      }
    }
  });

  it('buckets by UTC day across midnight and lists empty days', () => {
    const incidents = byId(
      [
        makeIncident('lastMs', { reportedAt: epochMs(DAY0 + 24 * HOUR - 1) }),
        makeIncident('midnight', { reportedAt: epochMs(DAY0 + 24 * HOUR) }),
        makeIncident('thirdDay', { reportedAt: epochMs(DAY0 + 50 * HOUR), counts: { migrants: 3 } }),
      ],
      (i) => i.incidentId,
    );
    const acrossMidnight = computeReport(
      makeInput({ state: makeState({ incidents }), from: DAY0 + 22 * HOUR, to: DAY0 + 26 * HOUR }),
    );
    expect(acrossMidnight.byDay.map((d) => [d.day, d.incidents])).toEqual([
      ['2026-11-29', 1],
      ['2026-11-30', 1],
    ]);
    const threeDays = computeReport(
      makeInput({ state: makeState({ incidents }), from: DAY0 + 23 * HOUR, to: DAY0 + 72 * HOUR }),
    );
    expect(threeDays.byDay.map((d) => [d.day, d.incidents, d.results.migrants])).toEqual([
      ['2026-11-29', 1, 0],
      ['2026-11-30', 1, 0],
      ['2026-12-01', 1, 3],
    ]);
    // A period ending exactly at midnight does not list the next day.
    const oneDay = computeReport(
      makeInput({ state: makeState({ incidents }), from: DAY0, to: DAY0 + 24 * HOUR }),
    );
    expect(oneDay.byDay.map((d) => d.day)).toEqual(['2026-11-29']);
  });

  it('computes response times overall and by priority, within the period', () => {
    const from = DAY0;
    const to = DAY0 + 24 * HOUR;
    const at = (i: number): number => from + HOUR + i * 10 * MINUTE;
    const ackAfter = [1, 2, 3, 4, 10];
    const incidents = byId(
      [
        ...ackAfter.map((m, i) =>
          makeIncident(`A${i}`, {
            priority: i < 2 ? 1 : 3,
            reportedAt: epochMs(at(i)),
            acknowledgedAt: epochMs(at(i) + m * MINUTE),
            assignedAt: i === 0 ? epochMs(at(i) + 30 * MINUTE) : null,
          }),
        ),
        makeIncident('never', { priority: 2, reportedAt: epochMs(at(6)) }),
        makeIncident('late', {
          priority: 2,
          reportedAt: epochMs(to - MINUTE),
          acknowledgedAt: epochMs(to + MINUTE),
        }),
        makeIncident('skewed', {
          priority: 4,
          reportedAt: epochMs(at(8)),
          acknowledgedAt: epochMs(at(8) - 5_000),
          resolvedAt: epochMs(at(8) + 2 * HOUR),
        }),
      ],
      (i) => i.incidentId,
    );
    const report = computeReport(makeInput({ state: makeState({ incidents }), from, to }));
    const overall = report.responseTimes.overall;
    // 1, 2, 3, 4, 10 minutes and the skewed 0: median 2.5 min, p90 h = 4.5 → 4 + 0.5·6 = 7 min.
    expect(overall.acknowledged).toEqual({ count: 6, medianMs: 2.5 * MINUTE, p90Ms: 7 * MINUTE });
    expect(overall.assigned).toEqual({ count: 1, medianMs: 30 * MINUTE, p90Ms: 30 * MINUTE });
    expect(overall.resolved).toEqual({ count: 1, medianMs: 2 * HOUR, p90Ms: 2 * HOUR });
    const p = Object.fromEntries(report.responseTimes.byPriority.map((x) => [x.priority, x]));
    expect(p[1]!.incidents).toBe(2);
    expect(p[1]!.times.acknowledged).toEqual({ count: 2, medianMs: 1.5 * MINUTE, p90Ms: 1.9 * MINUTE });
    expect(p[2]!.incidents).toBe(2);
    expect(p[2]!.times.acknowledged).toEqual({ count: 0, medianMs: null, p90Ms: null });
    expect(p[3]!.times.acknowledged.medianMs).toBe(4 * MINUTE);
    expect(p[4]!.times.acknowledged.medianMs).toBe(0);
  });

  it('groups readmissions by pair of countries and by crossing point', () => {
    const crossings = byId(
      [makeCrossing('C1', { name: 'Bajakovo–Batrovci' }), makeCrossing('C2', { name: 'Gradina–Doljevac' })],
      (c) => c.crossingId,
    );
    const r = (fromCountry: string, toCountry: string, crossingId: string, persons: number) => ({
      category: 'readmission_handover' as const,
      readmission: { fromCountry, toCountry, crossingId, persons },
    });
    const incidents = byId(
      [
        makeIncident('R1', r('HR', 'RS', 'C1', 3)),
        makeIncident('R2', r('HR', 'RS', 'C1', 4)),
        makeIncident('R3', r('RS', 'HR', 'C1', 2)),
        makeIncident('R4', r('BA', 'HR', 'C9', 5)),
        makeIncident('R5', { ...r('HR', 'RS', 'C2', 1), reportedAt: epochMs(DAY0 - HOUR) }),
        makeIncident('plain'),
      ],
      (i) => i.incidentId,
    );
    const report = computeReport(makeInput({ state: makeState({ crossings, incidents }) }));
    expect(report.readmissions.cases).toBe(4);
    expect(report.readmissions.persons).toBe(14);
    expect(report.readmissions.byPair).toEqual([
      { fromCountry: 'HR', toCountry: 'RS', cases: 2, persons: 7 },
      { fromCountry: 'BA', toCountry: 'HR', cases: 1, persons: 5 },
      { fromCountry: 'RS', toCountry: 'HR', cases: 1, persons: 2 },
    ]);
    expect(report.readmissions.byCrossing).toEqual([
      { crossingId: 'C1', name: 'Bajakovo–Batrovci', countries: ['HR', 'RS'], cases: 3, persons: 9 },
      { crossingId: 'C9', name: 'C9', countries: [], cases: 1, persons: 5 },
    ]);
  });

  it('sums unit activity per unit, by agency, by kind and in total', () => {
    const units = byId(
      [
        makeUnit('U1', { callsign: 'HR-BP-01', agency: 'border_police', kind: 'vehicle' }),
        makeUnit('U2', { callsign: 'HR-BP-02', agency: 'border_police', kind: 'foot' }),
        makeUnit('U3', { callsign: 'RS-CU-01', agency: 'customs', kind: 'vehicle', country: 'RS' }),
      ],
      (u) => u.unitId,
    );
    const a = (
      unitId: string,
      distanceM: number,
      patrolH: number,
      respondingH = 0,
      onSceneH = 0,
      reports = 10,
    ) => ({
      unitId,
      reports,
      distanceM,
      patrolMs: patrolH * HOUR,
      respondingMs: respondingH * HOUR,
      onSceneMs: onSceneH * HOUR,
    });
    const report = computeReport(
      makeInput({
        state: makeState({ units }),
        unitActivity: [
          a('U1', 120_000, 6, 1, 0.5),
          a('U2', 8_500, 8),
          a('U3', 40_000, 4, 0, 2),
          a('U1', 5_000, 1, 0, 0, 2), // the same unit again: summed
          a('U9', -10, -1, 0, 0, -3), // a unit the picture does not hold, with bad values
        ],
      }),
    );
    const act = report.unitActivity;
    expect(act.units.map((u) => [u.callsign, u.distanceKm, u.patrolMs / HOUR, u.reports])).toEqual([
      ['HR-BP-01', 125, 7, 12],
      ['HR-BP-02', 8.5, 8, 10],
      ['RS-CU-01', 40, 4, 10],
      ['U9', 0, 0, 0],
    ]);
    expect(act.byAgency.map((t) => [t.key, t.units, t.distanceKm, t.patrolMs / HOUR])).toEqual([
      ['border_police', 2, 133.5, 15],
      ['customs', 1, 40, 4],
      ['unknown', 1, 0, 0],
    ]);
    expect(act.byKind.map((t) => [t.key, t.units, t.distanceKm])).toEqual([
      ['foot', 1, 8.5],
      ['vehicle', 2, 165],
      ['unknown', 1, 0],
    ]);
    expect(act.total).toEqual({
      key: 'all',
      units: 4,
      reports: 32,
      distanceKm: 173.5,
      patrolMs: 19 * HOUR,
      respondingMs: 1 * HOUR,
      onSceneMs: 2.5 * HOUR,
    });
  });

  it('lists incidents with names resolved and notes in order, and bookmarks of the period', () => {
    const state = makeState({
      sectors: byId([makeSector('S1', { name: 'Bajakovo' })], (s) => s.sectorId),
      units: byId([makeUnit('U1', { callsign: 'HR-BP-07' })], (u) => u.unitId),
      incidents: byId(
        [
          makeIncident('I1', {
            sectorId: 'S1',
            reportedBy: 'U1',
            assignedUnitIds: ['U1', 'U404'],
            counts: { migrants: 4, weapons: 0 },
            notes: [
              { noteId: 'n2', author: 'B', text: 'second', at: epochMs(DAY0 + 3 * HOUR) },
              { noteId: 'n1', author: 'A', text: 'first', at: epochMs(DAY0 + 2 * HOUR) },
            ],
          }),
        ],
        (i) => i.incidentId,
      ),
    });
    const report = computeReport(
      makeInput({
        state,
        bookmarks: [
          { at: DAY0 + 5 * HOUR, label: 'later', author: 'x', shared: false },
          { at: DAY0 + 1 * HOUR, label: 'earlier', author: 'x', shared: true },
          { at: DAY0 - 1, label: 'before', author: 'x', shared: true },
        ],
      }),
    );
    const [i1] = report.incidents;
    expect(i1).toMatchObject({
      sectorName: 'Bajakovo',
      reportedBy: 'HR-BP-07',
      country: 'HR',
      assignedUnits: ['HR-BP-07', 'U404'],
      results: { migrants: 4 },
    });
    expect(i1!.notes.map((n) => n.text)).toEqual(['first', 'second']);
    expect(report.bookmarks.map((b) => b.label)).toEqual(['earlier', 'later']);
  });

  it("lists the watch zones' alerts of the period and its coverage breaches, ended or open, in each language", () => {
    const zone = (zoneId: string, name: string, fields: Record<string, unknown>) => ({
      zoneId,
      name,
      area: { kind: 'sector' as const, sectorId: 'S1' },
      ...zoneRules(),
      author: 'JOC',
      createdAt: epochMs(DAY0 - HOUR),
      deletedAt: null,
      deletedBy: null,
      unitsInside: [],
      coverageSince: [],
      alerts: [],
      ...fields,
    });
    const boat = { rule: 'at_least' as const, count: 1, unitKind: 'boat' as const };
    const state = {
      ...makeState({ units: byId([makeUnit('U1', { callsign: 'HR-BP-07' })], (u) => u.unitId) }),
      zones: {
        Z1: zone('Z1', 'Drina <river>', {
          alerts: [
            { at: epochMs(DAY0 - 1), kind: 'entry', unitId: 'U1' },
            { at: epochMs(DAY0 + HOUR), kind: 'entry', unitId: 'U1' },
            { at: epochMs(DAY0 + 2 * HOUR), kind: 'exit', unitId: 'U1' },
          ],
          coverage: [{ rule: 'no_unit', minutes: 20 }, boat],
          coverageSince: [epochMs(DAY0 + 2 * HOUR), null],
          pastBreaches: [
            // Before the period: not in it.
            { ruleIndex: 1, from: epochMs(DAY0 - 3 * HOUR), to: epochMs(DAY0 - 2 * HOUR) },
            // Began before the period, ended within it.
            { ruleIndex: 1, from: epochMs(DAY0 - HOUR), to: epochMs(DAY0 + 10 * MINUTE) },
            // Began and ended within the period.
            { ruleIndex: 1, from: epochMs(DAY0 + 3 * HOUR), to: epochMs(DAY0 + 4 * HOUR + 30 * MINUTE) },
          ],
        }),
        // Deleted while in breach: the breach ends with the zone.
        Z2: zone('Z2', 'Sava', {
          coverage: [boat],
          coverageSince: [epochMs(DAY0 + 5 * HOUR)],
          deletedAt: epochMs(DAY0 + 6 * HOUR),
          deletedBy: 'JOC',
        }),
      },
    } as Parameters<typeof computeReport>[0]['state'];
    const input = makeInput({ state });
    const report = computeReport(input);
    const noUnit = { rule: 'no_unit', minutes: 20 };
    expect(report.zones).toEqual([
      {
        at: DAY0 - HOUR,
        zone: 'Drina <river>',
        kind: 'breach',
        who: '',
        rule: boat,
        end: DAY0 + 10 * MINUTE,
      },
      { at: DAY0 + HOUR, zone: 'Drina <river>', kind: 'entry', who: 'HR-BP-07' },
      { at: DAY0 + 2 * HOUR, zone: 'Drina <river>', kind: 'exit', who: 'HR-BP-07' },
      {
        at: DAY0 + 2 * HOUR + 20 * MINUTE,
        zone: 'Drina <river>',
        kind: 'breach',
        who: '',
        rule: noUnit,
        end: null,
      },
      {
        at: DAY0 + 3 * HOUR,
        zone: 'Drina <river>',
        kind: 'breach',
        who: '',
        rule: boat,
        end: DAY0 + 4 * HOUR + 30 * MINUTE,
      },
      { at: DAY0 + 5 * HOUR, zone: 'Sava', kind: 'breach', who: '', rule: boat, end: DAY0 + 6 * HOUR },
    ]);
    const html = renderReportHtml(report);
    expect(html).toContain('Watch zones');
    expect(html).toContain('HR-BP-07 came in');
    expect(html).toContain('Drina &lt;river&gt;');
    expect(html).toContain('Coverage breaches');
    const rows = html.match(/<tr class="zone-breach">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(4);
    // The breach that began and ended within the period: start, end, duration and the rule.
    expect(rows[2]).toContain(`${new Date(DAY0 + 3 * HOUR).toISOString().slice(11, 16)}`);
    expect(rows[2]).toContain(`${new Date(DAY0 + 4 * HOUR + 30 * MINUTE).toISOString().slice(11, 16)}`);
    expect(rows[2]).toContain('1 h 30 min');
    expect(rows[2]).toContain('at least 1 × boat inside');
    expect(rows[1]).toContain('still open at the period');
    expect(rows[1]).toContain('no unit inside for 20 min');
    expect(renderReportHtml(report, 'sq')).toContain('Zonat e vëzhgimit');
    expect(renderReportHtml(report, 'sq')).toContain('Shkeljet e mbulimit');
    expect(renderReportHtml(report, 'mk')).toContain('Прекршувања на покриеноста');
    expect(renderReportHtml(report, 'sr-Latn')).toContain('Prekršaji pokrivenosti');
    expect(renderReportHtml(report, 'sr-Cyrl')).toContain('Прекршаји покривености');
    // A report saved before zones were renders with the section empty.
    const { zones: _none, ...older } = report;
    expect(renderReportHtml(older)).toContain('No zone alert or coverage breach in the period.');
  });

  it('lists the annotations on the map in the period, with their kind, text, author and times, and draws them', () => {
    const annotation = (annotationId: string, fields: Partial<Annotation>): Annotation => ({
      annotationId,
      kind: 'point',
      coordinates: [[19.1, 44.3]] as unknown as Annotation['coordinates'],
      color: 'magenta',
      author: 'Desk 1',
      createdAt: epochMs(DAY0 + HOUR),
      deletedAt: null,
      deletedBy: null,
      ...fields,
    });
    const area = [
      [19, 44],
      [19.2, 44],
      [19.1, 44.2],
    ] as unknown as Annotation['coordinates'];
    const state = makeState({
      annotations: {
        A1: annotation('A1', { kind: 'polygon', coordinates: area, color: 'lime' }),
        A2: annotation('A2', {
          kind: 'text',
          text: 'Boat <b>launch</b>',
          author: 'Insp. Marković',
          createdAt: epochMs(DAY0 + 2 * HOUR),
          deletedAt: epochMs(DAY0 + 3 * HOUR),
          deletedBy: 'Desk 2',
        }),
        // Deleted before the period: not in it.
        A3: annotation('A3', {
          createdAt: epochMs(DAY0 - 3 * HOUR),
          deletedAt: epochMs(DAY0 - HOUR),
          deletedBy: 'x',
        }),
        // Deleted after the period's end: on the map at its end.
        A4: annotation('A4', {
          kind: 'line',
          coordinates: area.slice(0, 2),
          deletedAt: epochMs(DAY0 + 50 * HOUR),
          deletedBy: 'y',
        }),
      },
    });
    const report = computeReport(makeInput({ state }));
    expect(report.annotations!.map((a) => [a.annotationId, a.kind, a.deletedAt])).toEqual([
      ['A1', 'polygon', null],
      ['A4', 'line', null],
      ['A2', 'text', DAY0 + 3 * HOUR],
    ]);
    const html = renderReportHtml(report);
    expect(html).toContain('<h2>Annotations</h2>');
    const rows = html.match(/<tr class="annotation">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain('Text');
    expect(rows[2]).toContain('Boat &lt;b&gt;launch&lt;/b&gt;');
    expect(rows[2]).toContain('Insp. Marković');
    expect(rows[2]).toContain('Desk 2');
    expect(rows[0]).toContain('Area');
    expect(rows[0]).toContain('on the map at the period');
    // The map image draws each: the area filled in its palette colour, the deleted text dashed.
    expect(html).toContain(`fill="${ANNOTATION_COLORS.lime}"`);
    expect(html).toMatch(/class="annotation-point" stroke-dasharray/);
    expect(html).toContain('Boat &lt;b&gt;launch&lt;/b&gt;</text>');
    expect(html).toMatch(
      /<i class="swatch" style="background:#a9e34b"><\/i>(<i[^>]*><\/i>)*Annotations<\/span>/,
    );
    for (const [language, heading] of [
      ['sr-Latn', 'Beleške na mapi'],
      ['sr-Cyrl', 'Белешке на мапи'],
      ['mk', 'Белешки на картата'],
      ['sq', 'Shënimet në hartë'],
    ] as const)
      expect(renderReportHtml(report, language)).toContain(`<h2>${heading}</h2>`);
    const { annotations: _none, ...older } = report;
    expect(renderReportHtml(older)).toContain('No annotation on the map in the period.');
  });

  it('says when the picture holds no operation', () => {
    const report = computeReport(makeInput({ state: { ...makeState(), operation: null } }));
    expect(report.operation).toMatchObject({ name: 'No operation', mode: null });
    expect(report.totals.incidents).toBe(0);
  });
});

describe('sector impact timeline', () => {
  const from = DAY0;
  const to = DAY0 + 24 * HOUR;
  const covers = (segments: ImpactSegment[]): void => {
    expect(segments[0]!.start).toBe(from);
    expect(segments[segments.length - 1]!.end).toBe(to);
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]!.start).toBe(segments[i - 1]!.end);
      expect(segments[i]!.level).not.toBe(segments[i - 1]!.level);
    }
  };

  it('is one segment at the starting level when nothing changed', () => {
    const segments = impactSegments('medium', [], from, to);
    expect(segments).toEqual([{ start: from, end: to, level: 'medium' }]);
  });

  it('lets a change exactly at `from` replace the starting level', () => {
    const segments = impactSegments('low', [{ sectorId: 'S1', at: from, level: 'high' }], from, to);
    expect(segments).toEqual([{ start: from, end: to, level: 'high' }]);
  });

  it('cuts segments at changes, skips no-op changes and changes outside the period', () => {
    const c = (h: number, level: 'low' | 'medium' | 'high' | 'critical') => ({
      sectorId: 'S1',
      at: from + h * HOUR,
      level,
    });
    const segments = impactSegments(
      'low',
      [c(-1, 'critical'), c(2, 'high'), c(5, 'critical'), c(6, 'critical'), c(10, 'low'), c(24, 'high')],
      from,
      to,
    );
    expect(segments).toEqual([
      { start: from, end: from + 2 * HOUR, level: 'low' },
      { start: from + 2 * HOUR, end: from + 5 * HOUR, level: 'high' },
      { start: from + 5 * HOUR, end: from + 10 * HOUR, level: 'critical' },
      { start: from + 10 * HOUR, end: to, level: 'low' },
    ]);
    covers(segments);
  });

  it('merges two changes at the same instant and a change back to the same level', () => {
    const segments = impactSegments(
      'low',
      [
        { sectorId: 'S1', at: from + HOUR, level: 'high' },
        { sectorId: 'S1', at: from + HOUR, level: 'low' },
      ],
      from,
      to,
    );
    expect(segments).toEqual([{ start: from, end: to, level: 'low' }]);
  });

  it('builds a timeline per sector from the start levels and the changes', () => {
    const sectors = byId(
      [
        makeSector('S1', {
          name: 'Alpha',
          impactLevel: 'critical',
          impactChangedAt: epochMs(from + 3 * HOUR),
        }),
        makeSector('S2', { name: 'Bravo', impactLevel: 'medium', impactChangedAt: null }),
        makeSector('S3', { name: 'Charlie', impactLevel: 'high', impactChangedAt: epochMs(from + 4 * HOUR) }),
        makeSector('S4', { name: 'Delta', impactLevel: 'high', impactChangedAt: epochMs(from - HOUR) }),
      ],
      (s) => s.sectorId,
    );
    const report = computeReport(
      makeInput({
        state: makeState({ sectors }),
        from,
        to,
        impactAtStart: { S1: 'low', S4: 'high' },
        impactChanges: [
          { sectorId: 'S1', at: from + 3 * HOUR, level: 'critical', reason: 'Group of 40 sighted' },
          { sectorId: 'S3', at: from + 4 * HOUR, level: 'high' },
        ],
      }),
    );
    const t = Object.fromEntries(report.impactTimeline.map((s) => [s.sectorId, s]));
    expect(report.impactTimeline.map((s) => s.name)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(t['S1']!.segments.map((s) => s.level)).toEqual(['low', 'critical']);
    expect(t['S1']!.endLevel).toBe('critical');
    expect(t['S1']!.changes[0]!.reason).toBe('Group of 40 sighted');
    // No start level given, never changed: the picture's level held all period.
    expect(t['S2']!.segments).toEqual([{ start: from, end: to, level: 'medium' }]);
    // No start level given but a change inside the period: unknown until the change.
    expect(t['S3']!.segments).toEqual([
      { start: from, end: from + 4 * HOUR, level: null },
      { start: from + 4 * HOUR, end: to, level: 'high' },
    ]);
    expect(t['S4']!.segments).toEqual([{ start: from, end: to, level: 'high' }]);
    for (const s of report.impactTimeline) covers(s.segments);
    expect(report.map.sectors.find((s) => s.sectorId === 'S1')!.level).toBe('critical');
  });
});

describe('the simplified readmission procedure in the report', () => {
  const base = {
    requestingCountry: 'RS',
    requestedCountry: 'MK',
    crossingId: 'BCP-1',
    incidentIds: [],
    persons: [
      { nationality: 'AF', persons: 4 },
      { nationality: 'SY', persons: 2 },
    ],
    requestedBy: 'Border Police, Serbia',
    acceptedAt: null,
    acceptedBy: null,
    refusedAt: null,
    refusedBy: null,
    refusalReason: null,
    handedOverAt: null,
    handedOverBy: null,
    personsHandedOver: null,
    closedAt: null,
  };
  const at = (h: number) => epochMs(DAY0 + h * HOUR);
  const readmissions = {
    // Accepted in 30 min, handed over in 2 h (5 of the 6 persons), within its 6-hour deadline.
    A: {
      ...base,
      caseId: 'A',
      requestedAt: at(1),
      deadlineAt: at(7),
      status: 'handed_over',
      acceptedAt: at(1.5),
      acceptedBy: 'BP',
      handedOverAt: at(3),
      handedOverBy: 'BPS',
      personsHandedOver: [{ nationality: 'AF', persons: 5 }],
      updatedAt: at(3),
    },
    // Refused after an hour.
    B: {
      ...base,
      caseId: 'B',
      requestedAt: at(2),
      deadlineAt: at(8),
      status: 'refused',
      refusedAt: at(3),
      refusedBy: 'BP',
      refusalReason: 'Entry not established.',
      updatedAt: at(3),
    },
    // Still open at the end of the period, past its deadline: late.
    C: {
      ...base,
      caseId: 'C',
      requestingCountry: 'HR',
      requestedCountry: 'BA',
      requestedAt: at(4),
      deadlineAt: at(10),
      status: 'requested',
      updatedAt: at(4),
    },
    // Requested after the period: not counted.
    D: {
      ...base,
      caseId: 'D',
      requestedAt: at(30),
      deadlineAt: at(36),
      status: 'requested',
      updatedAt: at(30),
    },
  } as const;
  const report = computeReport(makeInput({ state: makeState({ readmissions }), from: at(0), to: at(24) }));

  it('counts requests, answers, handovers and what came late, with the times they took', () => {
    expect(report.readmissionProcedure).toMatchObject({
      requested: 3,
      accepted: 1,
      refused: 1,
      handedOver: 1,
      personsHandedOver: 5,
      late: 1,
      timeToAnswer: { median: 45 * MINUTE },
      timeToHandover: { median: 2 * HOUR },
      refusalReasons: [{ reason: 'Entry not established.', cases: 1 }],
    });
    expect(report.readmissionProcedure.byPair).toEqual([
      {
        requestingCountry: 'RS',
        requestedCountry: 'MK',
        requested: 2,
        accepted: 1,
        refused: 1,
        handedOver: 1,
        personsHandedOver: 5,
        late: 0,
      },
      {
        requestingCountry: 'HR',
        requestedCountry: 'BA',
        requested: 1,
        accepted: 0,
        refused: 0,
        handedOver: 0,
        personsHandedOver: 0,
        late: 1,
      },
    ]);
    // And by crossing point, named by id when the picture does not hold the crossing.
    expect(
      report.readmissionProcedure.byCrossing.map((c) => [
        c.crossingId,
        c.name,
        c.requested,
        c.personsHandedOver,
        c.late,
      ]),
    ).toEqual([['BCP-1', 'BCP-1', 3, 5, 1]]);
  });

  it('prints a section of its own, with the reasons for refusal', () => {
    const html = renderReportHtml(report);
    expect(html).toContain('<h2>Simplified readmission procedure</h2>');
    expect(html).toMatch(/Cases requested: 3; accepted 1, refused 1, handed over 1 \(5 persons\)/);
    expect(html).toContain('Entry not established.');
    expect(html).toContain('<h3>By crossing point</h3>');
  });
});
