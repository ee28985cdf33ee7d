import { describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n/i18n';
import { epochMs, meters } from '../../../shared/units';
import type { Unit } from '../../../shared/state';
import { emptyFilters } from '../store/uiStore';
import { isUnacknowledged, unitFreshness } from '../../../shared/domainRules';
import {
  ASSIGN_RADIUS_KM,
  assignCandidates,
  casesOfIncident,
  coversSector,
  filterByFreshness,
  freshnessCounts,
  sectorBoardRows,
  uncoveredSectorIds,
  CallsignOrder,
  compareUnits,
  linkCandidates,
  unlinkKey,
  countUnacknowledged,
  filterIncidents,
  groupUnits,
  incidentMatchesText,
  incidentsNewestFirst,
  operationCountries,
  pendingActions,
  rosterRows,
  searchUnits,
  sectorCentre,
  sectorSummaries,
  unseenIncidents,
} from './selectors';
import { byId, makeIncident, makeOutbox, makeSector, makeUnit } from './testFixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;
const settings = { staleAfterMs: 5 * MIN, lostContactAfterMs: 20 * MIN };

describe('unitFreshness', () => {
  it('goes fresh → stale → lost with operation time', () => {
    const unit = makeUnit('U1', { at: 0 });
    expect(unitFreshness(unit, 5 * MIN, settings)).toBe('fresh');
    expect(unitFreshness(unit, 5 * MIN + 1, settings)).toBe('stale');
    expect(unitFreshness(unit, 20 * MIN, settings)).toBe('stale');
    expect(unitFreshness(unit, 20 * MIN + 1, settings)).toBe('lost');
  });
  it('treats a unit that never reported as lost', () => {
    expect(unitFreshness(makeUnit('U1', { at: null }), 0, settings)).toBe('lost');
  });
});

describe('pendingActions', () => {
  it('collects only pending entries, by target', () => {
    const p = pendingActions([
      makeOutbox('c1', 'incident.acknowledge', { incidentId: 'I1' }),
      makeOutbox('c2', 'incident.acknowledge', { incidentId: 'I2' }, { status: 'acked' }),
      makeOutbox('c3', 'incident.add_note', { incidentId: 'I1', text: 'hello' }),
      makeOutbox('c4', 'incident.assign', { incidentId: 'I1', unitIds: ['U1', 'U2'] }),
      makeOutbox('c5', 'incident.assign', { incidentId: 'I1', unitIds: ['U2', 'U3', 7] }),
      makeOutbox('c6', 'sector.set_impact', { sectorId: 'S1', impactLevel: 'high' }, { createdAt: 5 }),
      makeOutbox('c7', 'sector.set_impact', { sectorId: 'S1', impactLevel: 'low' }, { createdAt: 2 }),
      makeOutbox('c8', 'sector.set_impact', { sectorId: 'S2', impactLevel: 'bogus' }),
      makeOutbox('c9', 'incident.acknowledge', { incidentId: 42 }),
      makeOutbox('c10', 'incident.add_note', { incidentId: 'I3', text: 'rejected' }, { status: 'rejected' }),
    ]);
    expect([...p.acknowledging]).toEqual(['I1']);
    expect(p.notes.get('I1')?.map((n) => n.text)).toEqual(['hello']);
    expect(p.notes.has('I3')).toBe(false);
    expect(p.assigning.get('I1')).toEqual(['U1', 'U2', 'U3']);
    expect(p.impacts.get('S1')).toBe('high');
    expect(p.impacts.has('S2')).toBe(false);
  });
});

describe('linked cases', () => {
  const incidents = byId(
    [
      makeIncident('I1', { category: 'drugs', reportedAt: epochMs(10_000) }),
      makeIncident('I2', { category: 'drugs', reportedAt: epochMs(50_000), title: 'Cannabis at Karakaj' }),
      makeIncident('I3', { category: 'weapons', reportedAt: epochMs(11_000) }),
      makeIncident('I4', { category: 'drugs', reportedAt: epochMs(12_000) }),
      makeIncident('I5', { category: 'weapons', reportedAt: epochMs(9_000_000) }),
    ],
    (i) => i.incidentId,
  );
  const words = (c: string) => c.replaceAll('_', ' ');

  it('offers the same category first, then the nearest in time, without the incident or those excluded', () => {
    const found = linkCandidates(incidents, incidents['I1']!, new Set(['I4']), '', words);
    expect(found.map((i) => i.incidentId)).toEqual(['I2', 'I3', 'I5']);
    expect(linkCandidates(incidents, incidents['I1']!, new Set(), '', words, 2)).toHaveLength(2);
  });

  it('finds them by title, id or category as shown', () => {
    const ids = (q: string) =>
      linkCandidates(incidents, incidents['I1']!, new Set(), q, words).map((i) => i.incidentId);
    expect(ids('karakaj')).toEqual(['I2']);
    expect(ids('i5')).toEqual(['I5']);
    expect(ids('WEAPONS')).toEqual(['I3', 'I5']);
  });

  it('lists the cases of an incident, oldest first, and the links waiting in the outbox', () => {
    const linked = (caseId: string, ids: string[], openedAt: number) => ({
      caseId,
      title: caseId,
      incidentIds: ids,
      openedAt: epochMs(openedAt),
      openedBy: 'x',
      updatedAt: epochMs(openedAt),
    });
    const cases = {
      B: linked('B', ['I1', 'I2'], 20),
      A: linked('A', ['I2', 'I1'], 10),
      C: linked('C', ['I3'], 5),
    };
    expect(casesOfIncident(cases, 'I1').map((c) => c.caseId)).toEqual(['A', 'B']);
    const p = pendingActions([
      makeOutbox('c1', 'incident.link', { title: 'N', incidentIds: ['I1', 'I4', 3] }),
      makeOutbox('c2', 'incident.unlink', { caseId: 'A', incidentId: 'I2' }),
      makeOutbox('c3', 'incident.unlink', { caseId: 'B', incidentId: 'I1' }, { status: 'acked' }),
    ]);
    expect([...p.linking]).toEqual(['I1', 'I4']);
    expect([...p.unlinking]).toEqual([unlinkKey('A', 'I2')]);
  });
});

describe('incidents', () => {
  const sectors = byId(
    [
      makeSector('S1', { countries: ['HR', 'RS'] }),
      makeSector('S2', { countries: ['HU', 'RS'], name: 'Alpha' }),
    ],
    (s) => s.sectorId,
  );
  const list = [
    makeIncident('I1', {
      reportedAt: epochMs(10 * HOUR),
      priority: 1,
      sectorId: 'S1',
      title: 'Group of 12 at river',
    }),
    makeIncident('I2', {
      reportedAt: epochMs(20 * HOUR),
      category: 'drugs',
      sectorId: 'S2',
      status: 'acknowledged',
      acknowledgedAt: epochMs(1),
    }),
    makeIncident('I3', {
      reportedAt: epochMs(23.5 * HOUR),
      status: 'resolved',
      partnerReferences: [{ kind: 'siena', reference: 'SIENA-2026-0042' }],
    }),
    makeIncident('I4', { reportedAt: epochMs(23 * HOUR), sectorId: 'S1', status: 'closed' }),
    makeIncident('I5', { reportedAt: epochMs(23 * HOUR), sectorId: 'S2' }),
  ];
  const incidents = byId(list, (i) => i.incidentId);
  const opNow = 24 * HOUR;

  it('sorts newest first with a stable tie-break', () => {
    expect(incidentsNewestFirst(incidents).map((i) => i.incidentId)).toEqual(['I3', 'I5', 'I4', 'I2', 'I1']);
  });

  it('counts open unacknowledged incidents only', () => {
    expect(countUnacknowledged(incidents)).toBe(2); // I1, I5
    expect(countUnacknowledged({})).toBe(0);
  });

  it('matches free text on title, id and partner references', () => {
    const i3 = incidents['I3']!;
    expect(incidentMatchesText(i3, 'siena-2026')).toBe(true);
    expect(incidentMatchesText(i3, ' i3 ')).toBe(true);
    expect(incidentMatchesText(incidents['I1']!, 'RIVER')).toBe(true);
    expect(incidentMatchesText(incidents['I1']!, 'lake')).toBe(false);
  });

  const ids = (f: Partial<ReturnType<typeof emptyFilters>>): string[] =>
    filterIncidents(incidentsNewestFirst(incidents), { ...emptyFilters(), ...f }, sectors, opNow).map(
      (i) => i.incidentId,
    );

  it('filters by every field, empty lists meaning all', () => {
    expect(ids({})).toEqual(['I3', 'I5', 'I4', 'I2', 'I1']);
    expect(ids({ categories: ['drugs'] })).toEqual(['I2']);
    expect(ids({ priorities: [1, 2] })).toEqual(['I1']);
    expect(ids({ statuses: ['resolved', 'closed'] })).toEqual(['I3', 'I4']);
    expect(ids({ sectorIds: ['S2'] })).toEqual(['I5', 'I2']);
    expect(ids({ countries: ['HR'] })).toEqual(['I4', 'I1']);
    expect(ids({ countries: ['RS'] })).toEqual(['I5', 'I4', 'I2', 'I1']);
    expect(ids({ withinMs: HOUR })).toEqual(['I3', 'I5', 'I4']);
    expect(ids({ withinMs: 6 * HOUR })).toEqual(['I3', 'I5', 'I4', 'I2']);
    expect(ids({ text: 'siena' })).toEqual(['I3']);
    expect(ids({ countries: ['RS'], withinMs: HOUR, statuses: ['reported'] })).toEqual(['I5']);
  });

  it('finds incidents not seen before', () => {
    expect(
      unseenIncidents(new Set(['I1', 'I2', 'I3']), incidents)
        .map((i) => i.incidentId)
        .sort(),
    ).toEqual(['I4', 'I5']);
    expect(unseenIncidents(new Set(Object.keys(incidents)), incidents)).toEqual([]);
  });

  // How fast is the bench's job (npm run bench -- frame, at 20,000 incidents); here, that the
  // feed's selectors give the right rows at that size.
  it('sorts, filters and counts 20,000 incidents', () => {
    const many = byId(
      Array.from({ length: 20_000 }, (_, n) =>
        makeIncident(`X${n}`, {
          reportedAt: epochMs(n * MIN),
          sectorId: n % 2 ? 'S1' : 'S2',
          priority: ((n % 4) + 1) as 1 | 2 | 3 | 4,
        }),
      ),
      (i) => i.incidentId,
    );
    const sorted = incidentsNewestFirst(many);
    expect(sorted).toHaveLength(20_000);
    expect(sorted[0]!.incidentId).toBe('X19999');
    expect(sorted.every((i, n) => n === 0 || sorted[n - 1]!.reportedAt >= i.reportedAt)).toBe(true);
    const filtered = filterIncidents(
      sorted,
      { ...emptyFilters(), countries: ['HR'], text: 'x1' },
      sectors,
      20_000 * MIN,
    );
    const expected = sorted.filter(
      (i) =>
        filterIncidents([i], { ...emptyFilters(), countries: ['HR'] }, sectors, 20_000 * MIN).length === 1,
    );
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(expected.length);
    expect(filtered.every((i) => expected.includes(i))).toBe(true);
    expect(countUnacknowledged(many)).toBe(Object.values(many).filter(isUnacknowledged).length);
    expect(countUnacknowledged(many)).toBeGreaterThan(0);
  });

  it('lists countries of the operation and sectors by name', () => {
    expect(operationCountries(null, sectors)).toEqual(['HR', 'HU', 'RS']);
    expect(operationCountries(null, {})).toEqual([]);
  });
});

describe('units', () => {
  const sectors = byId(
    [makeSector('S1', { name: 'Bravo' }), makeSector('S2', { name: 'Alpha' })],
    (s) => s.sectorId,
  );
  const units = byId(
    [
      makeUnit('U1', { callsign: 'HR-12', country: 'HR', sectorId: 'S1', status: 'available' }),
      makeUnit('U2', {
        callsign: 'RS-03',
        country: 'RS',
        sectorId: 'S2',
        status: 'off_duty',
        agency: 'police',
      }),
      makeUnit('U3', { callsign: 'HR-02', country: 'HR', status: 'responding', kind: 'boat' }),
      makeUnit('U4', { callsign: 'HU-7', country: 'HU', sectorId: 'S1', status: 'patrolling', kind: 'foot' }),
      makeUnit('U5', { callsign: 'HU-8', country: 'HU', sectorId: 'S1', status: 'on_scene' }),
    ],
    (u) => u.unitId,
  );

  it('searches by callsign and sorts', () => {
    expect(searchUnits(units, 'hr').map((u) => u.callsign)).toEqual(['HR-02', 'HR-12']);
    expect(searchUnits(units, '').length).toBe(5);
  });

  it('keeps the callsign order over new records, each with its latest report', () => {
    const order = new CallsignOrder();
    expect(searchUnits(units, '', order).map((u) => u.callsign)).toEqual([
      'HR-02',
      'HR-12',
      'HU-7',
      'HU-8',
      'RS-03',
    ]);
    const moved = {
      ...units,
      U4: { ...units['U4']!, position: { ...units['U4']!.position!, lon: 18, lat: 44 } },
    };
    const rows = searchUnits(moved, '', order);
    expect(rows.map((u) => u.callsign)).toEqual(['HR-02', 'HR-12', 'HU-7', 'HU-8', 'RS-03']);
    expect(rows[2]).toBe(moved.U4);
    expect(searchUnits(moved, 'hu', order)).toEqual([moved.U4, units['U5']]);
  });

  it('sorts again only when a unit comes, goes or is renamed', () => {
    let compared = 0;
    const order = new CallsignOrder((a, b) => (compared++, compareUnits(a, b)));
    const callsigns = (list: Readonly<Record<string, Unit>>): string[] =>
      searchUnits(list, '', order).map((u) => u.callsign);
    callsigns(units);
    const sorts = (): boolean => {
      const sorted = compared > 0;
      compared = 0;
      return sorted;
    };
    expect(sorts()).toBe(true);
    const statusOnly = { ...units, U5: { ...units['U5']!, status: 'available' as const } };
    expect(callsigns(statusOnly)).toEqual(['HR-02', 'HR-12', 'HU-7', 'HU-8', 'RS-03']);
    expect(sorts()).toBe(false);
    const renamed = { ...statusOnly, U5: { ...statusOnly.U5, callsign: 'AL-9' } };
    expect(callsigns(renamed)).toEqual(['AL-9', 'HR-02', 'HR-12', 'HU-7', 'RS-03']);
    expect(sorts()).toBe(true);
    const joined = { ...renamed, U6: makeUnit('U6', { callsign: 'HU-1' }) };
    expect(callsigns(joined)).toEqual(['AL-9', 'HR-02', 'HR-12', 'HU-1', 'HU-7', 'RS-03']);
    expect(sorts()).toBe(true);
    const without = (list: Readonly<Record<string, Unit>>, id: string): Record<string, Unit> =>
      Object.fromEntries(Object.entries(list).filter(([key]) => key !== id));
    const gone = without(joined, 'U2');
    expect(callsigns(gone)).toEqual(['AL-9', 'HR-02', 'HR-12', 'HU-1', 'HU-7']);
    expect(sorts()).toBe(true);
    // One unit gone and another come in its place: the same count, not the same units.
    const swapped = { ...without(gone, 'U3'), U7: makeUnit('U7', { callsign: 'BA-3' }) };
    expect(callsigns(swapped)).toEqual(['AL-9', 'BA-3', 'HR-12', 'HU-1', 'HU-7']);
    expect(sorts()).toBe(true);
  });

  it('names each group once, not once per unit (5,000 units were 5,000 translations a render)', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...units['U1']!, unitId: `m${i}` }));
    const calls = vi.spyOn(i18n, 't');
    try {
      for (const by of ['country', 'agency', 'countryAgency', 'status', 'sector'] as const)
        expect(groupUnits(many, by, sectors)).toHaveLength(1);
      expect(calls.mock.calls.length).toBeLessThanOrEqual(6);
    } finally {
      calls.mockRestore();
    }
  });

  it('groups by each key with sensible order', () => {
    const all = searchUnits(units, '');
    expect(groupUnits(all, 'country', sectors).map((g) => g.label)).toEqual(['Croatia', 'Hungary', 'Serbia']);
    expect(groupUnits(all, 'sector', sectors).map((g) => [g.label, g.units.length])).toEqual([
      ['Alpha', 1],
      ['Bravo', 3],
      ['No sector', 1],
    ]);
    expect(groupUnits(all, 'status', sectors).map((g) => g.key)).toEqual([
      'available',
      'patrolling',
      'responding',
      'on_scene',
      'off_duty',
    ]);
    expect(groupUnits(all, 'agency', sectors).map((g) => g.label)).toEqual(['border police', 'police']);
  });

  it('flattens groups into rows, skipping collapsed groups', () => {
    const groups = groupUnits(searchUnits(units, ''), 'country', sectors);
    expect(rosterRows(groups).length).toBe(3 + 5);
    const rows = rosterRows(groups, new Set(['HR']));
    expect(rows.length).toBe(3 + 3);
    expect(rows[0]).toEqual({ type: 'group', key: 'HR', label: 'Croatia', count: 2 });
  });

  it('summarises sectors: deployed by kind, taskable, incidents in 24 h', () => {
    const incidents = byId(
      [
        makeIncident('I1', { sectorId: 'S1', reportedAt: epochMs(30 * HOUR) }),
        makeIncident('I2', { sectorId: 'S1', reportedAt: epochMs(5 * HOUR), status: 'closed' }),
        makeIncident('I3', { sectorId: 'S2', reportedAt: epochMs(29 * HOUR) }),
      ],
      (i) => i.incidentId,
    );
    const summaries = sectorSummaries(sectors, units, incidents, 30 * HOUR, settings);
    expect(summaries.map((s) => s.sector.name)).toEqual(['Alpha', 'Bravo']);
    const [alpha, bravo] = summaries;
    expect(alpha).toMatchObject({
      deployed: 0,
      taskable: 0,
      incidents24h: 1,
      openIncidents: 1,
      deployedByKind: {},
    });
    expect(bravo).toMatchObject({
      deployed: 3,
      taskable: 2,
      incidents24h: 1,
      openIncidents: 1,
      deployedByKind: { vehicle: 2, foot: 1 },
    });
    expect(sectorSummaries({}, {}, {}, 0, settings)).toEqual([]);
  });

  it('groups by country × agency, each nation’s services apart', () => {
    const all = searchUnits(units, '');
    expect(groupUnits(all, 'countryAgency', sectors).map((g) => [g.label, g.units.length])).toEqual([
      ['Croatia · border police', 2],
      ['Hungary · border police', 2],
      ['Serbia · police', 1],
    ]);
  });
});

describe('assignCandidates', () => {
  const opNow = 10 * HOUR;
  // One hundredth of a degree of latitude is 1.11 km.
  const at = (lat: number, ageMs: number) => ({
    position: { lon: 19, lat, heading: 0, speed: 0, accuracy: meters(10), at: epochMs(opNow - ageMs) },
  });
  const incident = makeIncident('I1', { sectorId: 'S1', lon: 19, lat: 45, assignedUnitIds: ['ON'] });
  const candidates = (list: ReturnType<typeof makeUnit>[], i = incident) =>
    assignCandidates(
      byId(list, (u) => u.unitId),
      i,
      opNow,
      settings,
    );

  it('does not offer a unit that lost contact 38 minutes ago as patrolling first, however near', () => {
    const list = candidates([
      makeUnit('LOST', { sectorId: 'S1', status: 'patrolling', ...at(45.001, 38 * MIN) }),
      makeUnit('FAR', { sectorId: 'S1', status: 'patrolling', ...at(45.2, MIN) }),
    ]);
    expect(list.map((c) => [c.unit.unitId, c.group, c.freshness])).toEqual([
      ['FAR', 'ready', 'fresh'],
      ['LOST', 'unreachable', 'lost'],
    ]);
    expect(list[1]?.ageMs).toBe(38 * MIN);
  });

  it('orders by straight-line distance, with the distance in km', () => {
    const list = candidates([
      makeUnit('C', { sectorId: 'S1', ...at(45.3, MIN) }),
      makeUnit('A', { sectorId: 'S1', ...at(45.01, 10 * MIN) }),
      makeUnit('B', { sectorId: 'S2', status: 'available', ...at(44.9, MIN) }),
    ]);
    expect(list.map((c) => c.unit.unitId)).toEqual(['A', 'B', 'C']);
    expect(list[0]?.distanceKm).toBeCloseTo(1.11, 2);
    expect(list[0]?.freshness).toBe('stale');
    expect(list[2]?.distanceKm).toBeCloseTo(33.4, 1);
  });

  it('puts fixed posts apart, and off-duty and lost units last, marked', () => {
    const list = candidates([
      makeUnit('OFF', { sectorId: 'S1', status: 'off_duty', ...at(45.001, MIN) }),
      makeUnit('POST', { sectorId: 'S1', kind: 'fixed_post', status: 'available', ...at(45.002, MIN) }),
      makeUnit('CAR', { sectorId: 'S1', ...at(45.05, MIN) }),
      makeUnit('NEVER', { sectorId: 'S1', at: null }),
      makeUnit('GONE', { sectorId: 'S1', ...at(45.01, HOUR) }),
    ]);
    expect(list.map((c) => [c.unit.unitId, c.group])).toEqual([
      ['CAR', 'ready'],
      ['POST', 'fixedPost'],
      ['OFF', 'unreachable'],
      ['GONE', 'unreachable'],
      ['NEVER', 'unreachable'],
    ]);
    expect(list[4]).toMatchObject({ distanceKm: null, ageMs: null, freshness: 'lost' });
  });

  it('offers units of the sector and those near it; never committed or assigned ones', () => {
    const list = candidates([
      makeUnit('ON', { sectorId: 'S1', ...at(45, MIN) }),
      makeUnit('BUSY', { sectorId: 'S1', status: 'responding', ...at(45, MIN) }),
      makeUnit('BROKEN', { sectorId: 'S1', status: 'out_of_service', ...at(45, MIN) }),
      makeUnit('NEAR', { sectorId: 'S9', ...at(45.1, MIN) }),
      makeUnit('AWAY', { sectorId: 'S9', ...at(45 + ASSIGN_RADIUS_KM / 100, MIN) }),
      makeUnit('FAR-IN-SECTOR', { sectorId: 'S1', ...at(46, MIN) }),
    ]);
    expect(list.map((c) => c.unit.unitId)).toEqual(['NEAR', 'FAR-IN-SECTOR']);
    // An incident without a sector still gets the units near it.
    const open = makeIncident('I2', { lon: 19, lat: 45 });
    expect(candidates([makeUnit('NEAR', { ...at(45.1, MIN) })], open).map((c) => c.unit.unitId)).toEqual([
      'NEAR',
    ]);
  });
});

describe('commander’s filters', () => {
  const opNow = 10 * HOUR;
  const unit = (id: string, ageMs: number | null, patch: Parameters<typeof makeUnit>[1] = {}) =>
    makeUnit(id, { at: ageMs === null ? null : opNow - ageMs, ...patch });
  const units = byId(
    [
      unit('F', MIN, { sectorId: 'S1' }),
      unit('S', 10 * MIN, { sectorId: 'S2' }),
      unit('L', HOUR, { sectorId: 'S3' }),
      unit('N', null),
      unit('OFF', MIN, { sectorId: 'S4', status: 'off_duty' }),
    ],
    (u) => u.unitId,
  );

  it('counts and filters the roster by freshness', () => {
    expect(freshnessCounts(units, opNow, settings)).toEqual({ fresh: 2, stale: 1, lost: 2 });
    const all = searchUnits(units, '');
    expect(filterByFreshness(all, 'lost', opNow, settings).map((u) => u.unitId)).toEqual(['L', 'N']);
    expect(filterByFreshness(all, 'stale', opNow, settings).map((u) => u.unitId)).toEqual(['S']);
    expect(filterByFreshness(all, null, opNow, settings)).toBe(all);
  });

  it('counts as cover only units on duty and in contact', () => {
    expect(coversSector(units['F']!, opNow, settings)).toBe(true);
    expect(coversSector(units['S']!, opNow, settings)).toBe(true);
    expect(coversSector(units['L']!, opNow, settings)).toBe(false);
    expect(coversSector(units['OFF']!, opNow, settings)).toBe(false);
    const sectors = byId(
      ['S1', 'S2', 'S3', 'S4', 'S5'].map((id) => makeSector(id)),
      (s) => s.sectorId,
    );
    expect([...uncoveredSectorIds(sectors, units, opNow, settings)].sort()).toEqual(['S3', 'S4', 'S5']);
  });

  it('sorts the sector board by coverage and impact, and filters it', () => {
    const sectors = byId(
      [
        makeSector('S1', { name: 'Alpha', impactLevel: 'low' }),
        makeSector('S2', { name: 'Bravo', impactLevel: 'critical' }),
        makeSector('S3', { name: 'Charlie', impactLevel: 'high' }),
      ],
      (s) => s.sectorId,
    );
    const covering = byId(
      [
        unit('A1', MIN, { sectorId: 'S1' }),
        unit('A2', MIN, { sectorId: 'S1' }),
        unit('B1', MIN, { sectorId: 'S2' }),
        unit('C1', HOUR, { sectorId: 'S3' }),
      ],
      (u) => u.unitId,
    );
    const summaries = sectorSummaries(sectors, covering, {}, opNow, settings);
    expect(summaries.map((s) => [s.sector.name, s.coverage, s.deployed])).toEqual([
      ['Alpha', 2, 2],
      ['Bravo', 1, 1],
      ['Charlie', 0, 1],
    ]);
    const names = (view: Parameters<typeof sectorBoardRows>[1]) =>
      sectorBoardRows(summaries, view).map((s) => s.sector.name);
    const all = { sort: 'name', coverage: 'all', impactLevel: null } as const;
    expect(names({ ...all, sort: 'coverage' })).toEqual(['Charlie', 'Bravo', 'Alpha']);
    expect(names({ ...all, sort: 'impact' })).toEqual(['Bravo', 'Charlie', 'Alpha']);
    expect(names({ ...all, coverage: 'uncovered' })).toEqual(['Charlie']);
    expect(names({ ...all, coverage: 'covered' })).toEqual(['Alpha', 'Bravo']);
    expect(names({ ...all, impactLevel: 'critical' })).toEqual(['Bravo']);
    // The summaries themselves are not reordered.
    expect(summaries.map((s) => s.sector.name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
  });
});

describe('sectorCentre', () => {
  it('is the middle vertex of the line, or null without one', () => {
    expect(sectorCentre(makeSector('S1'))).toEqual([19.1, 45.1]);
    expect(sectorCentre({ line: [] })).toBeNull();
  });
});

describe('compareUnits', () => {
  it('orders callsigns numerically', () => {
    const list = ['HR-12', 'HR-2', 'hr-1', 'HU-3'].map((c, n) => makeUnit(`U${n}`, { callsign: c }));
    expect(list.sort(compareUnits).map((u) => u.callsign)).toEqual(['hr-1', 'HR-2', 'HR-12', 'HU-3']);
  });
});
