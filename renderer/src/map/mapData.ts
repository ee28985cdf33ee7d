import type { Incident, LinkedCase, Sector, Unit, UnitPosition } from '../../../shared/state';
import { getOwn } from '../../../shared/getOwn';
import type { TrailPoint } from '../../../shared/ipc';
import type { Agency } from '../../../shared/domain';
import {
  isIncidentOnMap,
  isUnacknowledged,
  unitFreshness,
  type Freshness,
  type FreshnessSettings,
} from '../../../shared/domainRules';
import { pathMidpoint, type Point } from './geometry';

/**
 * The layer data the map derives from the store. Each function is pure and cheap enough to run
 * whenever its input record changes identity (the store replaces a record only when an entity in
 * it changed), so the component memoises on those records.
 */

/** A sector prepared for deck.gl: mutable coordinate arrays and the label position. */
export interface SectorRow {
  readonly sector: Sector;
  readonly path: Point[];
  readonly corridor: Point[][];
  readonly labelAt: Point | null;
}

/** A unit that has a position, the only kind the map can draw. */
export type PositionedUnit = Unit & { readonly position: UnitPosition };

/** One unit's trail. */
export interface TrailRow {
  readonly unitId: string;
  readonly agency: Agency;
  readonly path: Point[];
}

/** A town from `geo/towns.json`. */
export interface Town {
  readonly name: string;
  readonly country: string;
  readonly population: number;
  readonly lon: number;
  readonly lat: number;
}

/** Freshness as a number per unit, so a whole fleet fits a typed array: 0 fresh, 1 stale, 2 lost. */
export const FRESH = 0;
export const STALE = 1;
export const LOST = 2;
/** The code of each {@link Freshness}. */
export const FRESHNESS_CODE: Readonly<Record<Freshness, number>> = { fresh: FRESH, stale: STALE, lost: LOST };

export function toSectorRows(sectors: Readonly<Record<string, Sector>>): SectorRow[] {
  return Object.values(sectors).map((sector) => ({
    sector,
    path: sector.line.map(([lon, lat]): Point => [lon, lat]),
    corridor: sector.corridor.map((ring) => ring.map(([lon, lat]): Point => [lon, lat])),
    labelAt: pathMidpoint(sector.line),
  }));
}

export function positionedUnits(units: Readonly<Record<string, Unit>>): PositionedUnit[] {
  return Object.values(units).filter((u): u is PositionedUnit => u.position !== null);
}

/** One freshness code per unit, in the order of `units`. */
export function freshnessCodes(
  units: readonly Unit[],
  opNow: number,
  settings: FreshnessSettings,
): Uint8Array {
  const codes = new Uint8Array(units.length);
  units.forEach((unit, i) => {
    codes[i] = FRESHNESS_CODE[unitFreshness(unit, opNow, settings)];
  });
  return codes;
}

/** Whether two code arrays say the same thing (so the map can skip recolouring the fleet). */
export function sameCodes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The freshness codes to draw the units with, given those drawn (`shown`) and those of now
 * (`next`, in the order of the units drawn): `shown` while no unit changed class, so the fleet is
 * not recoloured for nothing; and while position frames flow, `shown` until the next frame
 * (`newFrame`), so that a unit gone stale is recoloured with the frame's redraw, at most the frames'
 * pace later, rather than by a redraw of the whole fleet of its own. With no frames flowing (a
 * silent feed, replay) the clock's tick is the only redraw coming: `next` at once.
 */
export function freshnessToDraw(
  shown: Uint8Array,
  next: Uint8Array,
  newFrame: boolean,
  framesFlowing: boolean,
): Uint8Array {
  if (shown === next || sameCodes(shown, next)) return shown;
  return newFrame || !framesFlowing ? next : shown;
}

/** A trail point closer than this many screen pixels to the last one kept adds nothing visible. */
export const TRAIL_MIN_STEP_PX = 1.5;

/** Degrees of longitude one screen pixel spans at a zoom (Web Mercator, 512-pixel world tiles). */
export function degreesPerPixel(zoom: number): number {
  return 360 / (512 * 2 ** zoom);
}

/**
 * The points of a trail worth drawing at a zoom: the first, the last, and between them only those
 * at least {@link TRAIL_MIN_STEP_PX} pixels from the last one kept. A unit reporting every 2 s
 * moves a fraction of a pixel between reports at the overview, so half an hour of reports from
 * thousands of units is millions of segments the GPU draws to no effect; thinned, the lines look
 * the same and cost a few percent.
 */
export function thinTrail(trail: readonly TrailPoint[], zoom: number): Point[] {
  const out: Point[] = [];
  if (trail.length === 0) return out;
  const step = TRAIL_MIN_STEP_PX * degreesPerPixel(zoom);
  const first = trail[0]!;
  let lastLon = first.lon;
  let lastLat = first.lat;
  out.push([lastLon, lastLat]);
  // A degree of latitude is longer on screen than one of longitude by 1/cos(lat) (Mercator).
  const latScale = 1 / Math.cos((first.lat * Math.PI) / 180);
  const end = trail.length - 1;
  for (let i = 1; i < end; i++) {
    const p = trail[i]!;
    if (Math.abs(p.lon - lastLon) >= step || Math.abs(p.lat - lastLat) * latScale >= step) {
      lastLon = p.lon;
      lastLat = p.lat;
      out.push([lastLon, lastLat]);
    }
  }
  if (end > 0) {
    const last = trail[end]!;
    out.push([last.lon, last.lat]);
  }
  return out;
}

/** The agency of a unit in a units record, by its own id only (an id may be "constructor"). */
export function agencyIn(units: Readonly<Record<string, Unit>>): (unitId: string) => Agency | undefined {
  return (unitId) => getOwn(units, unitId)?.agency;
}

/** Thinned paths by trail and zoom step, so a trail is converted once per zoom step it is drawn at. */
export type TrailCache = WeakMap<readonly TrailPoint[], { readonly zoom: number; readonly path: Point[] }>;

/**
 * The trails with at least two points, for units whose agency is known, thinned for the zoom (see
 * {@link thinTrail}). The paths are cached by the identity of the trail array and the zoom: the
 * store only replaces the trails of units that moved, so converting every trail on every refresh
 * would be wasted work with thousands of units. The agency comes from a lookup rather than the
 * units record, so that the rows (and deck.gl's tessellation of every path) are not rebuilt each
 * time a position report replaces the record.
 */
export function trailRows(
  trails: Readonly<Record<string, readonly TrailPoint[]>>,
  agencyOf: (unitId: string) => Agency | undefined,
  zoom: number,
  cache: TrailCache,
): TrailRow[] {
  const rows: TrailRow[] = [];
  for (const [unitId, trail] of Object.entries(trails)) {
    if (trail.length < 2) continue;
    const agency = agencyOf(unitId);
    if (!agency) continue;
    let cached = cache.get(trail);
    if (!cached || cached.zoom !== zoom) {
      cached = { zoom, path: thinTrail(trail, zoom) };
      cache.set(trail, cached);
    }
    rows.push({ unitId, agency, path: cached.path });
  }
  return rows;
}

/** A linked case as the map draws it: a line through its incidents in the order they were reported. */
export interface LinkRow {
  readonly caseId: string;
  readonly title: string;
  /** Incidents of the case that the picture holds. */
  readonly count: number;
  readonly path: Point[];
  /** The selected incident is in this case: drawn brighter. */
  readonly selected: boolean;
}

/**
 * The linked cases with two incidents or more in the picture, as lines. Closed incidents stay on
 * the line: the network's route is its history, even where the incident itself is no longer drawn.
 * Selected cases come last, so they are drawn on top.
 */
export function linkRows(
  cases: Readonly<Record<string, LinkedCase>>,
  incidents: Readonly<Record<string, Incident>>,
  selectedIncidentId: string | null,
): LinkRow[] {
  const rows: LinkRow[] = [];
  for (const c of Object.values(cases)) {
    const members = c.incidentIds
      .map((id) => getOwn(incidents, id))
      .filter((i): i is Incident => i !== undefined)
      .sort((a, b) => a.reportedAt - b.reportedAt || (a.incidentId < b.incidentId ? -1 : 1));
    if (members.length < 2) continue;
    rows.push({
      caseId: c.caseId,
      title: c.title,
      count: members.length,
      path: members.map((i): Point => [i.lon, i.lat]),
      selected: selectedIncidentId !== null && c.incidentIds.includes(selectedIncidentId),
    });
  }
  return rows.sort((a, b) => Number(a.selected) - Number(b.selected) || (a.caseId < b.caseId ? -1 : 1));
}

/** Incidents the map shows ({@link isIncidentOnMap}). */
export function visibleIncidents(incidents: Readonly<Record<string, Incident>>): Incident[] {
  return Object.values(incidents).filter(isIncidentOnMap);
}

/** An incident's row in the rings layer: `ring` when it is unacknowledged and does not pulse. */
export interface RingRow {
  readonly incident: Incident;
  readonly ring: boolean;
}

const ringRowCache = new WeakMap<Incident, { ring?: RingRow; none?: RingRow }>();

/** The ring row of an incident, the same object while the incident and its ring are unchanged. */
export function ringRow(incident: Incident, ring: boolean): RingRow {
  let cached = ringRowCache.get(incident);
  if (!cached) ringRowCache.set(incident, (cached = {}));
  return ring ? (cached.ring ??= { incident, ring }) : (cached.none ??= { incident, ring });
}

/** Incidents the feed counts as unacknowledged ({@link isUnacknowledged}): each is marked on the map. */
export function unacknowledged(incidents: readonly Incident[]): Incident[] {
  return incidents.filter(isUnacknowledged);
}

/**
 * At most this many unacknowledged incidents pulse; the others keep a steady ring. The pulse is
 * there to catch the eye, which a few dozen do and thousands do not, and each step of it is a
 * redraw whose cost grows with the rings drawn.
 */
export const PULSE_MAX = 64;

/**
 * The unacknowledged incidents split into those that pulse (the most urgent: highest priority
 * first, then the newest, at most {@link PULSE_MAX}) and those that keep a steady ring.
 */
export function pulseSplit(
  unacked: readonly Incident[],
  max = PULSE_MAX,
): { readonly pulsing: Incident[]; readonly steady: Incident[] } {
  if (unacked.length <= max) return { pulsing: [...unacked], steady: [] };
  const ranked = [...unacked].sort(
    (a, b) =>
      a.priority - b.priority || b.reportedAt - a.reportedAt || (a.incidentId < b.incidentId ? -1 : 1),
  );
  return { pulsing: ranked.slice(0, max), steady: ranked.slice(max) };
}

function isTown(value: unknown): value is Town {
  if (value === null || typeof value !== 'object') return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.name === 'string' &&
    typeof t.country === 'string' &&
    typeof t.population === 'number' &&
    typeof t.lon === 'number' &&
    typeof t.lat === 'number'
  );
}

/** Towns around the area worth drawing; the file covers a wider region than the map shows. */
const TOWN_AREA = { west: 11.5, south: 37.5, east: 26, north: 48.5 };

/** Towns split by size: major (≥ 20,000) from zoom 7, minor (5,000–19,999) from zoom 9. */
export function parseTowns(json: unknown): { major: Town[]; minor: Town[] } {
  const major: Town[] = [];
  const minor: Town[] = [];
  if (!Array.isArray(json)) return { major, minor };
  for (const item of json as unknown[]) {
    if (!isTown(item)) continue;
    if (
      item.lon < TOWN_AREA.west ||
      item.lon > TOWN_AREA.east ||
      item.lat < TOWN_AREA.south ||
      item.lat > TOWN_AREA.north
    ) {
      continue;
    }
    if (item.population >= 20_000) major.push(item);
    else if (item.population >= 5_000) minor.push(item);
  }
  // Bigger towns last, so their labels draw on top where names overlap.
  major.sort((a, b) => a.population - b.population);
  minor.sort((a, b) => a.population - b.population);
  return { major, minor };
}

/** A country's name and where to write it. */
export interface CountryLabel {
  /** ISO 3166 alpha-2 (XK for Kosovo*) when the data has it: the name is then the officer's language's. */
  readonly code?: string;
  readonly name: string;
  readonly lon: number;
  readonly lat: number;
}

/**
 * Where to write each country's name: the vertex average of its largest ring, which sits well
 * inside the compact countries of the region. The basemap has no glyphs, so deck.gl writes them.
 */
export function countryLabels(json: unknown): CountryLabel[] {
  const features = (json as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) return [];
  const out: CountryLabel[] = [];
  for (const feature of features as {
    properties?: { name?: unknown; code?: unknown };
    geometry?: { type?: string; coordinates?: unknown };
  }[]) {
    const name = feature.properties?.name;
    const geometry = feature.geometry;
    if (typeof name !== 'string' || !geometry) continue;
    const polygons = (
      geometry.type === 'Polygon'
        ? [geometry.coordinates]
        : geometry.type === 'MultiPolygon'
          ? geometry.coordinates
          : []
    ) as number[][][][];
    let best: number[][] | undefined;
    for (const polygon of polygons) {
      const ring = polygon[0];
      if (ring && (!best || ring.length > best.length)) best = ring;
    }
    if (!best || best.length === 0) continue;
    let lon = 0;
    let lat = 0;
    for (const point of best) {
      lon += point[0] ?? 0;
      lat += point[1] ?? 0;
    }
    const code = feature.properties?.code;
    out.push({
      ...(typeof code === 'string' ? { code } : {}),
      name,
      lon: lon / best.length,
      lat: lat / best.length,
    });
  }
  return out;
}
