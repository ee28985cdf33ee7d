import { z } from 'zod';
import { INCIDENT_CATEGORIES, INCIDENT_PRIORITIES, UNIT_KINDS, type UnitKind } from './domain';
import { getOwn } from './getOwn';
import { idSchema, labelSchema, lngLatSchema } from './protocol/primitives';
import type {
  Incident,
  OperationState,
  Sector,
  Unit,
  Zone,
  ZoneAlert,
  ZoneArea,
  ZoneBreachSpan,
} from './state';
import type { EpochMs, LngLat } from './units';

/**
 * Watch zones: a sector or a drawn area with rules: an alert when units (of chosen kinds, or all)
 * or incidents (of chosen categories and priorities, or all) enter or leave it, and coverage rules
 * ("at least N units of kind K inside", "no unit inside for M minutes"). They travel as commands
 * (`zone.create`, `zone.delete`) and come back as events (`zone.created`, `zone.deleted`), kept
 * create-only with the deletion like annotations.
 *
 * Everything an officer sees of a zone is a pure function of the picture and the operation time:
 * the reducer keeps, per zone, the units inside it, the time each coverage rule's condition began
 * to hold and a bounded list of entry and exit alerts; {@link zoneCoverage} says which rule is in
 * breach at a time and since when. So every workstation and replay compute the same.
 */

/** Bounds of one zone, and of the zones of an operation. */
export const ZONE_LIMITS = {
  /** Positions of a drawn area's ring (sent open), as for annotation areas. */
  maxVertices: 500,
  /** Coverage rules of one zone. */
  maxCoverageRules: 4,
  /** Units an "at least" rule can ask for. */
  maxUnitsRequired: 50,
  /** Minutes a "no unit" rule can wait: one day. */
  maxMinutesEmpty: 1440,
  /** Entry and exit alerts a zone keeps, the newest; older ones are dropped. */
  maxAlerts: 200,
  /** Live zones of one operation (the reference server refuses more). */
  maxLiveZones: 50,
} as const;

const areaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sector'), sectorId: idSchema }),
  z.object({
    kind: z.literal('polygon'),
    /** The ring, open: its first point is not repeated. */
    coordinates: z.array(lngLatSchema).min(3).max(ZONE_LIMITS.maxVertices),
  }),
]);

const coverageRuleSchema = z.discriminatedUnion('rule', [
  z.object({
    rule: z.literal('at_least'),
    count: z.number().int().min(1).max(ZONE_LIMITS.maxUnitsRequired),
    unitKind: z.enum(UNIT_KINDS),
  }),
  z.object({
    rule: z.literal('no_unit'),
    minutes: z.number().int().min(1).max(ZONE_LIMITS.maxMinutesEmpty),
  }),
]);

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'each value once');

/** The fields of a zone's definition: its name, its area and its rules. */
export const zoneDefinitionFields = {
  name: labelSchema,
  area: areaSchema,
  /** Alert when a watched unit or incident comes in, when a watched unit goes out. */
  onEntry: z.boolean(),
  onExit: z.boolean(),
  watchUnits: z.boolean(),
  /** The unit kinds watched; empty: every kind. */
  unitKinds: uniqueList(z.enum(UNIT_KINDS), UNIT_KINDS.length),
  watchIncidents: z.boolean(),
  /** The incident categories watched; empty: every category. */
  incidentCategories: uniqueList(z.enum(INCIDENT_CATEGORIES), INCIDENT_CATEGORIES.length),
  /** The incident priorities watched; empty: every priority. */
  incidentPriorities: uniqueList(
    z.union(INCIDENT_PRIORITIES.map((p) => z.literal(p))),
    INCIDENT_PRIORITIES.length,
  ),
  coverage: z.array(coverageRuleSchema).max(ZONE_LIMITS.maxCoverageRules),
};

/** A zone that watches something: an entry or exit of what it watches, or a coverage rule. */
export function checkZoneDefinition(
  zone: {
    onEntry: boolean;
    onExit: boolean;
    watchUnits: boolean;
    watchIncidents: boolean;
    coverage: readonly unknown[];
  },
  ctx: z.RefinementCtx,
): void {
  const alerts = (zone.onEntry || zone.onExit) && (zone.watchUnits || zone.watchIncidents);
  if (!alerts && zone.coverage.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['coverage'],
      message: 'a zone watches entries or exits of units or incidents, or has a coverage rule',
    });
}

export type ZoneCoverageRule = z.infer<typeof coverageRuleSchema>;
export type ZoneAreaInput = z.infer<typeof areaSchema>;

// ---------------------------------------------------------------------------------------------
// Geometry.
// ---------------------------------------------------------------------------------------------

interface Shape {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
  /**
   * The edges by band of latitude, each band's as flat [x1, y1, x2, y2, ...]: a point is tested
   * against the edges of its band only, so a corridor of thousands of vertices costs a few dozen
   * tests per position report, not thousands.
   */
  readonly bands: readonly Float64Array[];
  /** The band of a latitude inside the box. */
  readonly bandOf: (lat: number) => number;
}

/** Shapes by their rings' array, so a sector's corridor is measured once, not per report. */
const shapes = new WeakMap<object, Shape>();

function shapeOf(rings: readonly (readonly LngLat[])[]): Shape {
  const known = shapes.get(rings);
  if (known) return known;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  let edges = 0;
  for (const ring of rings) {
    edges += ring.length;
    for (const [lon, lat] of ring) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  const count = Math.max(1, Math.min(256, Math.ceil(edges / 8)));
  const span = maxLat - minLat || 1;
  const bandOf = (lat: number): number =>
    Math.min(count - 1, Math.max(0, Math.floor(((lat - minLat) / span) * count)));
  const lists: number[][] = Array.from({ length: count }, () => []);
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = ring[i] as LngLat;
      const [xj, yj] = ring[j] as LngLat;
      const last = bandOf(Math.max(yi, yj));
      for (let band = bandOf(Math.min(yi, yj)); band <= last; band += 1) lists[band]!.push(xi, yi, xj, yj);
    }
  }
  const shape = { minLon, minLat, maxLon, maxLat, bands: lists.map((l) => Float64Array.from(l)), bandOf };
  shapes.set(rings, shape);
  return shape;
}

const polygonRings = new WeakMap<object, readonly (readonly LngLat[])[]>();

/** The rings of a zone's area: the sector's corridor (outer ring and holes), or the drawn ring. */
export function zoneRings(
  area: ZoneArea,
  sectors: Readonly<Record<string, Sector>>,
): readonly (readonly LngLat[])[] | null {
  if (area.kind === 'sector') return getOwn(sectors, area.sectorId)?.corridor ?? null;
  let rings = polygonRings.get(area.coordinates);
  if (!rings) {
    rings = [area.coordinates];
    polygonRings.set(area.coordinates, rings);
  }
  return rings;
}

/** Whether a point is inside rings (even-odd: a hole's inside is outside). */
export function insideRings(rings: readonly (readonly LngLat[])[], lon: number, lat: number): boolean {
  const s = shapeOf(rings);
  if (lon < s.minLon || lon > s.maxLon || lat < s.minLat || lat > s.maxLat) return false;
  const edges = s.bands[s.bandOf(lat)]!;
  let inside = false;
  for (let k = 0; k < edges.length; k += 4) {
    const xi = edges[k]!;
    const yi = edges[k + 1]!;
    const xj = edges[k + 2]!;
    const yj = edges[k + 3]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point is inside a zone's area (a sector not in the picture holds nothing). */
export function insideZone(
  zone: Pick<Zone, 'area'>,
  sectors: Readonly<Record<string, Sector>>,
  lon: number,
  lat: number,
): boolean {
  const rings = zoneRings(zone.area, sectors);
  return rings !== null && insideRings(rings, lon, lat);
}

// ---------------------------------------------------------------------------------------------
// What the reducer keeps: who is inside, since when each coverage condition holds, the alerts.
// ---------------------------------------------------------------------------------------------

const live = (zone: Zone): boolean => zone.deletedAt === null;

function unitWatched(zone: Zone, kind: UnitKind): boolean {
  return zone.watchUnits && (zone.unitKinds.length === 0 || zone.unitKinds.includes(kind));
}

function incidentWatched(zone: Zone, incident: Pick<Incident, 'category' | 'priority'>): boolean {
  return (
    zone.watchIncidents &&
    (zone.incidentCategories.length === 0 || zone.incidentCategories.includes(incident.category)) &&
    (zone.incidentPriorities.length === 0 || zone.incidentPriorities.includes(incident.priority))
  );
}

/** Whether a coverage rule's condition holds with these units inside (the breach, or the emptiness). */
function conditionHolds(
  rule: ZoneCoverageRule,
  inside: readonly string[],
  units: Readonly<Record<string, Unit>>,
): boolean {
  if (rule.rule === 'no_unit') return inside.length === 0;
  let count = 0;
  for (const id of inside) if (getOwn(units, id)?.kind === rule.unitKind) count += 1;
  return count < rule.count;
}

/** Each coverage rule's "since" after the units inside changed at a time. */
function nextCoverageSince(
  zone: Zone,
  inside: readonly string[],
  units: Readonly<Record<string, Unit>>,
  at: EpochMs,
): readonly (EpochMs | null)[] {
  let changed = false;
  const next = zone.coverage.map((rule, i) => {
    const before = zone.coverageSince[i] ?? null;
    const after = conditionHolds(rule, inside, units) ? (before ?? at) : null;
    if (after !== before) changed = true;
    return after;
  });
  return changed ? next : zone.coverageSince;
}

/** When a rule's breach began, from the time its condition began to hold. */
export function breachStart(rule: ZoneCoverageRule, holds: number): number {
  return rule.rule === 'no_unit' ? holds + rule.minutes * 60_000 : holds;
}

/**
 * The zone's ended breaches after its coverage times changed at `at`: a rule whose condition
 * stopped holding ends its breach then (a "no unit" rule only if its minutes had run out).
 */
function nextPastBreaches(
  zone: Zone,
  next: readonly (EpochMs | null)[],
  at: EpochMs,
): readonly ZoneBreachSpan[] | undefined {
  const ended: ZoneBreachSpan[] = [];
  zone.coverage.forEach((rule, ruleIndex) => {
    const before = zone.coverageSince[ruleIndex] ?? null;
    if (before === null || next[ruleIndex] !== null) return;
    const from = breachStart(rule, before);
    if (from < at) ended.push({ ruleIndex, from: from as EpochMs, to: at });
  });
  if (ended.length === 0) return zone.pastBreaches;
  return [...(zone.pastBreaches ?? []), ...ended].slice(-ZONE_LIMITS.maxAlerts);
}

function withAlert(alerts: readonly ZoneAlert[], alert: ZoneAlert): readonly ZoneAlert[] {
  const next = alerts.length >= ZONE_LIMITS.maxAlerts ? alerts.slice(1 - ZONE_LIMITS.maxAlerts) : [...alerts];
  next.push(alert);
  return next;
}

/** A new zone's picture at its creation: the units inside then, no alert for them. */
export function initialZoneState(
  zone: Omit<Zone, 'unitsInside' | 'coverageSince' | 'alerts'>,
  state: Pick<OperationState, 'units' | 'sectors'>,
): Pick<Zone, 'unitsInside' | 'coverageSince' | 'alerts'> {
  const rings = zoneRings(zone.area, state.sectors);
  const inside: string[] = [];
  if (rings)
    for (const unit of Object.values(state.units))
      if (unit.position && insideRings(rings, unit.position.lon, unit.position.lat)) inside.push(unit.unitId);
  const coverageSince = zone.coverage.map((rule) =>
    conditionHolds(rule, inside, state.units) ? zone.createdAt : null,
  );
  return { unitsInside: inside, coverageSince, alerts: [] };
}

/**
 * The zones after a unit's position changed: each live zone the unit came into or left gets its
 * new membership, coverage times and (when it watches the unit's kind and the move) an alert.
 * The same record when nothing changed, so a repeated report changes nothing.
 */
export function zonesAfterUnitMove(
  zones: Readonly<Record<string, Zone>>,
  state: Pick<OperationState, 'units' | 'sectors'>,
  unit: Unit,
  lon: number,
  lat: number,
  at: EpochMs,
): Readonly<Record<string, Zone>> {
  let out: Record<string, Zone> | null = null;
  for (const zone of Object.values(zones)) {
    if (!live(zone)) continue;
    const was = zone.unitsInside.includes(unit.unitId);
    const is = insideZone(zone, state.sectors, lon, lat);
    if (was === is) continue;
    const inside = is
      ? [...zone.unitsInside, unit.unitId]
      : zone.unitsInside.filter((id) => id !== unit.unitId);
    const kind = is ? 'entry' : 'exit';
    const alerts =
      unitWatched(zone, unit.kind) && (is ? zone.onEntry : zone.onExit)
        ? withAlert(zone.alerts, { at, kind, unitId: unit.unitId })
        : zone.alerts;
    const coverageSince = nextCoverageSince(zone, inside, state.units, at);
    const pastBreaches = nextPastBreaches(zone, coverageSince, at);
    out ??= { ...zones };
    out[zone.zoneId] = {
      ...zone,
      unitsInside: inside,
      coverageSince,
      alerts,
      ...(pastBreaches !== undefined && { pastBreaches }),
    };
  }
  return out ?? zones;
}

/**
 * The zones after an incident was reported: an entry alert in each live zone that watches entries
 * and the incident, and that holds its position (an incident never moves: no exit). The same record
 * when none does.
 */
export function zonesAfterIncident(
  zones: Readonly<Record<string, Zone>>,
  sectors: Readonly<Record<string, Sector>>,
  incident: Incident,
  at: EpochMs,
): Readonly<Record<string, Zone>> {
  let out: Record<string, Zone> | null = null;
  for (const zone of Object.values(zones)) {
    if (!live(zone) || !zone.onEntry || !incidentWatched(zone, incident)) continue;
    if (!insideZone(zone, sectors, incident.lon, incident.lat)) continue;
    out ??= { ...zones };
    out[zone.zoneId] = {
      ...zone,
      alerts: withAlert(zone.alerts, { at, kind: 'entry', incidentId: incident.incidentId }),
    };
  }
  return out ?? zones;
}

/** Whether any live zone could take note of a unit's move (the reducer's hot path asks first). */
export function anyLiveZone(zones: Readonly<Record<string, Zone>>): boolean {
  for (const zone of Object.values(zones)) if (live(zone)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Coverage at a time.
// ---------------------------------------------------------------------------------------------

/** A coverage rule in breach: which (its index in the zone's rules) and since when. */
export interface CoverageBreach {
  readonly zoneId: string;
  readonly ruleIndex: number;
  readonly rule: ZoneCoverageRule;
  readonly since: EpochMs;
}

/**
 * The coverage rules of a zone in breach at a time: an "at least" rule since the units of its
 * kind inside fell short; a "no unit" rule once the zone has been empty for its minutes. None for
 * a deleted zone, or before its creation.
 */
export function zoneCoverage(zone: Zone, at: number): CoverageBreach[] {
  if (zone.deletedAt !== null && zone.deletedAt <= at) return [];
  const out: CoverageBreach[] = [];
  zone.coverage.forEach((rule, ruleIndex) => {
    const holds = zone.coverageSince[ruleIndex] ?? null;
    if (holds === null) return;
    const since = breachStart(rule, holds) as EpochMs;
    if (since <= at) out.push({ zoneId: zone.zoneId, ruleIndex, rule, since });
  });
  return out;
}

/** How fresh an alert stays marked on the map and in the list. */
export const FRESH_ALERT_MS = 5 * 60_000;

/** A zone's state at a time: its breaches and its alerts of the last minutes. */
export function zoneStatus(
  zone: Zone,
  at: number,
): { breaches: CoverageBreach[]; freshAlerts: ZoneAlert[]; alarm: boolean } {
  const breaches = zoneCoverage(zone, at);
  const freshAlerts = zone.alerts.filter((a) => a.at <= at && at - a.at < FRESH_ALERT_MS);
  return { breaches, freshAlerts, alarm: breaches.length > 0 || freshAlerts.length > 0 };
}
