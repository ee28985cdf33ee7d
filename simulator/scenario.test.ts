import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { INCIDENT_CATEGORIES, UNIT_KINDS } from '../shared/domain';
import { parseEvent } from '../shared/protocol/parseEvent';
import { loadGeography } from './geography';
import { defaultScenarioConfig, Scenario, type EventDraft, type ScenarioConfig } from './scenario';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 5, 6);

function play(overrides: Partial<ScenarioConfig>, hours: number): EventDraft[] {
  const scenario = new Scenario(defaultScenarioConfig({ startAt: START, ...overrides }), loadGeography());
  const out = scenario.start();
  for (let h = 1; h <= hours; h++) out.push(...scenario.advance(START + h * HOUR));
  return out;
}

describe('scenario', () => {
  it('gives the identical stream for the same seed, and another for another seed', () => {
    const a = play({ seed: 7, units: 80 }, 6);
    const b = play({ seed: 7, units: 80 }, 6);
    const c = play({ seed: 8, units: 80 }, 6);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('advancing in small or large steps gives the same stream', () => {
    const coarse = play({ seed: 3, units: 50 }, 6);
    const scenario = new Scenario(
      defaultScenarioConfig({ seed: 3, units: 50, startAt: START }),
      loadGeography(),
    );
    const fine = scenario.start();
    for (let t = START; t < START + 6 * HOUR;) {
      t += 7_919; // an odd step, so no boundary lines up with the coarse run's
      fine.push(...scenario.advance(Math.min(t, START + 6 * HOUR)));
    }
    expect(JSON.stringify(fine)).toBe(JSON.stringify(coarse));
  });

  it('produces only events that the protocol accepts, in time order', () => {
    const events = play({ seed: 5, units: 120, incidentsPerHour: 60, reportIntervalMs: 60_000 }, 24);
    let last = 0;
    events.forEach((d, i) => {
      const parsed = parseEvent({ seq: i + 1, id: `E${i + 1}`, ts: d.ts, type: d.type, payload: d.payload });
      if (parsed.kind !== 'known') throw new Error(`event ${i} (${d.type}) is ${JSON.stringify(parsed)}`);
      expect(d.ts).toBeGreaterThanOrEqual(last);
      last = d.ts;
    });
  });

  it('sets up a joint operation of the region with every kind of unit', () => {
    const events = play({ seed: 7 }, 0);
    const started = events.find((e) => e.type === 'operation.started');
    expect(started?.type === 'operation.started' && started.payload.countries.length).toBeGreaterThanOrEqual(
      6,
    );
    const sectors = events.filter((e) => e.type === 'sector.upserted');
    expect(sectors.length).toBeGreaterThanOrEqual(24);
    const units = events.flatMap((e) => (e.type === 'unit.upserted' ? [e.payload] : []));
    expect(units.filter((u) => u.kind !== 'fixed_post')).toHaveLength(300);
    expect(new Set(units.map((u) => u.kind))).toEqual(new Set(UNIT_KINDS));
    expect(new Set(units.map((u) => u.agency))).toEqual(
      new Set(['border_police', 'customs', 'police', 'joint_patrol', 'liaison']),
    );
    expect(new Set(units.map((u) => u.unitId)).size).toBe(units.length);
    // Boats only where the border follows a river or a lake.
    const geography = loadGeography();
    const water = new Set(geography.sectors.filter((s) => s.water).map((s) => s.sectorId));
    for (const boat of units.filter((u) => u.kind === 'boat')) expect(water).toContain(boat.sectorId);
    // Two fixed posts at every crossing point, one per side.
    const posts = units.filter((u) => u.kind === 'fixed_post');
    expect(posts).toHaveLength(2 * geography.crossings.length);
  });

  it('keeps every unit inside its own sector corridor', () => {
    const geography = loadGeography();
    const corridors = new Map(geography.sectors.map((s) => [s.sectorId, polygon(s.corridor)]));
    const events = play({ seed: 9, units: 150, reportIntervalMs: 60_000, incidentsPerHour: 40 }, 24);
    const sectorOf = new Map<string, string>();
    let checked = 0;
    for (const e of events) {
      if (e.type === 'unit.upserted' && e.payload.sectorId)
        sectorOf.set(e.payload.unitId, e.payload.sectorId);
      if (e.type !== 'unit.position') continue;
      const corridor = corridors.get(sectorOf.get(e.payload.unitId) ?? '');
      expect(corridor).toBeDefined();
      if (!booleanPointInPolygon(point([e.payload.lon, e.payload.lat]), corridor!)) {
        throw new Error(
          `${e.payload.unitId} left sector ${sectorOf.get(e.payload.unitId)} at ${e.payload.lon},${e.payload.lat}`,
        );
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(150 * 24 * 50);
  });

  it('moves units at plausible speeds', () => {
    const events = play({ seed: 4, units: 100 }, 3);
    const kindOf = new Map<string, string>();
    const maxSpeed: Record<string, number> = {};
    for (const e of events) {
      if (e.type === 'unit.upserted') kindOf.set(e.payload.unitId, e.payload.kind);
      if (e.type === 'unit.position') {
        const kind = kindOf.get(e.payload.unitId)!;
        maxSpeed[kind] = Math.max(maxSpeed[kind] ?? 0, e.payload.speed);
      }
    }
    expect(maxSpeed['foot']).toBeLessThanOrEqual(2);
    expect(maxSpeed['vehicle']).toBeGreaterThan(5);
    expect(maxSpeed['vehicle']).toBeLessThanOrEqual(40);
    expect(maxSpeed['fixed_post']).toBe(0);
  });

  it('plays incidents of every category through their lifecycle, with readmissions at crossings', () => {
    const events = play({ seed: 7, units: 150, incidentsPerHour: 30, reportIntervalMs: 120_000 }, 48);
    const reported = events.flatMap((e) => (e.type === 'incident.reported' ? [e.payload] : []));
    const rate = reported.length / 48;
    expect(rate).toBeGreaterThan(20);
    expect(rate).toBeLessThan(40);
    expect(new Set(reported.map((i) => i.category))).toEqual(new Set(INCIDENT_CATEGORIES));
    const crossings = new Map(loadGeography().crossings.map((c) => [c.crossingId, c]));
    const readmissions = reported.filter((i) => i.category === 'readmission_handover');
    expect(readmissions.length).toBeGreaterThan(0);
    for (const r of readmissions) {
      const crossing = crossings.get(r.readmission!.crossingId)!;
      expect(crossing).toBeDefined();
      expect([...crossing.countries].sort()).toEqual(
        [r.readmission!.fromCountry, r.readmission!.toCountry].sort(),
      );
      expect([r.lon, r.lat]).toEqual([crossing.lon, crossing.lat]);
    }
    // Behind each handover incident, a case of the simplified procedure that runs its course.
    const cases = new Map(
      events.flatMap((e) =>
        e.type === 'readmission.requested' ? [[e.payload.caseId, e.payload] as const] : [],
      ),
    );
    const steps = new Map<string, { type: string; ts: number }[]>();
    for (const e of events)
      if (e.type.startsWith('readmission.') && e.type !== 'readmission.requested') {
        const caseId = (e.payload as { caseId: string }).caseId;
        steps.set(caseId, [...(steps.get(caseId) ?? []), { type: e.type, ts: e.ts }]);
      }
    expect(cases.size).toBe(readmissions.length);
    for (const r of readmissions) {
      const found = [...cases.values()].find((c) => c.incidentIds.includes(r.incidentId));
      expect(found).toMatchObject({
        requestingCountry: r.readmission!.fromCountry,
        requestedCountry: r.readmission!.toCountry,
        crossingId: r.readmission!.crossingId,
      });
      expect(found!.persons.reduce((sum, p) => sum + p.persons, 0)).toBe(r.readmission!.persons);
    }
    const paths = new Set(
      [...steps.values()].map((list) => list.map((x) => x.type.slice('readmission.'.length)).join('>')),
    );
    for (const path of paths)
      expect([
        'accepted',
        'accepted>handed_over',
        'accepted>handed_over>closed',
        'refused',
        'refused>closed',
      ]).toContain(path);
    expect([...paths].some((p) => p.startsWith('refused'))).toBe(true);
    expect([...paths]).toContain('accepted>handed_over>closed');
    // Some are answered only after their deadline, so the board has overdue cases to raise.
    const late = [...steps].filter(([caseId, list]) => (list[0]?.ts ?? 0) > cases.get(caseId)!.deadlineAt);
    expect(late.length).toBeGreaterThan(0);
    expect(reported.some((i) => i.partnerReferences?.some((p) => p.kind === 'siena'))).toBe(true);
    for (const step of [
      'incident.acknowledged',
      'incident.assigned',
      'incident.resolved',
      'incident.closed',
      'incident.note_added',
      'sector.impact_changed',
    ]) {
      expect(
        events.some((e) => e.type === step),
        step,
      ).toBe(true);
    }
    // Steps come in lifecycle order for every incident.
    const seen = new Map<string, string[]>();
    for (const e of events) {
      if (!e.type.startsWith('incident.') || e.type === 'incident.note_added' || e.type === 'incident.linked')
        continue;
      const id = (e.payload as { incidentId: string }).incidentId;
      seen.set(id, [...(seen.get(id) ?? []), e.type]);
    }
    const order = [
      'incident.reported',
      'incident.acknowledged',
      'incident.assigned',
      'incident.resolved',
      'incident.closed',
    ];
    for (const steps of seen.values()) expect(steps).toEqual(order.slice(0, steps.length));
  });

  it('links incidents of one network across sectors as one case, opened with its second incident', () => {
    const events = play({ seed: 7, units: 150, incidentsPerHour: 30, reportIntervalMs: 120_000 }, 48);
    const reported = new Map(
      events.flatMap((e) =>
        e.type === 'incident.reported' ? [[e.payload.incidentId, e.payload] as const] : [],
      ),
    );
    const cases = new Map<string, { title: string; ids: string[] }>();
    for (const e of events) {
      if (e.type !== 'incident.linked') continue;
      const found = cases.get(e.payload.caseId);
      // Opened once, with a title and two incidents; later links add one incident each, untitled.
      if (found === undefined) {
        expect(e.payload.title).toMatch(
          /^(Smuggling network|Car theft ring|Drug route|Arms channel|Trafficking ring) /,
        );
        expect(e.payload.incidentIds).toHaveLength(2);
        cases.set(e.payload.caseId, { title: e.payload.title!, ids: [...e.payload.incidentIds] });
      } else {
        expect(e.payload.title).toBeUndefined();
        found.ids.push(...e.payload.incidentIds);
      }
      // Linked after being reported, never before.
      for (const id of e.payload.incidentIds) expect(reported.get(id)?.reportedAt).toBeLessThanOrEqual(e.ts);
    }
    expect(cases.size).toBeGreaterThan(5);
    for (const { ids } of cases.values()) {
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeLessThanOrEqual(6);
      // One category per network.
      expect(new Set(ids.map((id) => reported.get(id)!.category)).size).toBe(1);
    }
    // Networks cross sectors.
    expect(
      [...cases.values()].some(({ ids }) => new Set(ids.map((id) => reported.get(id)!.sectorId)).size >= 3),
    ).toBe(true);
  });

  it('ends the operation at its planned end', () => {
    const events = play({ seed: 2, units: 30, durationMs: 5 * HOUR }, 6);
    const ended = events.filter((e) => e.type === 'operation.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.ts).toBe(START + 5 * HOUR);
    expect(events.at(-1)!.type).toBe('operation.ended');
  });
});
