import { getOwn, setOwn } from './getOwn';
import type { Unit } from './state';

/**
 * Units' trails as the page holds them, and the one way they grow: the live feed and replay both
 * merge with {@link mergeTrails}, so a trail drawn live is the trail the same moment replayed (and
 * the one a reload fetches). This module imports nothing of the IPC contract or of replay, which
 * both use its types.
 */

/** A point of a unit's trail. */
export interface TrailPoint {
  ts: number;
  lon: number;
  lat: number;
}

/** Each unit's trail, oldest point first, by unit id. */
export type Trails = Readonly<Record<string, readonly TrailPoint[]>>;

/**
 * The trail points a batch of changed units brings: each unit's position as it is now (the live
 * feed sends a unit's newest report, not every one in between).
 */
export function latestTrailPoints(units: Readonly<Record<string, Unit>>): Record<string, TrailPoint[]> {
  const added: Record<string, TrailPoint[]> = {};
  for (const [id, unit] of Object.entries(units)) {
    const p = unit.position;
    if (p) setOwn(added, id, [{ ts: p.at, lon: p.lon, lat: p.lat }]);
  }
  return added;
}

/** The newest time among trail points, or null when there are none. */
export function newestTrailPoint(added: Trails): number | null {
  let newest: number | null = null;
  for (const points of Object.values(added))
    for (const p of points) if (newest === null || p.ts > newest) newest = p.ts;
  return newest;
}

/**
 * The trails after `added` (points in time order per unit), with every point older than `cutoff`
 * dropped (the window is the same for every unit: a unit silent for longer than the window has no
 * trail, as after a reload or a replay seek) and the trails of `removed` units gone. A point no newer
 * than a unit's last is a report already held and is skipped. Unchanged trails keep their identity,
 * and so does the whole record when nothing changed (the map redraws only what did).
 */
export function mergeTrails(
  trails: Trails,
  added: Trails,
  cutoff: number,
  removed: readonly string[] = [],
): Trails {
  let next: Record<string, readonly TrailPoint[]> | null = null;
  const put = (id: string, trail: readonly TrailPoint[]): void => {
    next ??= { ...trails };
    if (trail.length > 0) setOwn(next, id, trail);
    else delete next[id];
  };
  for (const [id, held] of Object.entries(trails)) {
    if (held.length === 0 || held[0]!.ts >= cutoff) continue;
    // Oldest first: only a few points leave the window at a time.
    let first = 1;
    while (first < held.length && held[first]!.ts < cutoff) first++;
    put(id, held.slice(first));
  }
  for (const [id, points] of Object.entries(added)) {
    const held = getOwn<readonly TrailPoint[]>(next ?? trails, id) ?? [];
    const last = held.length > 0 ? held[held.length - 1]!.ts : Number.NEGATIVE_INFINITY;
    const fresh = points.filter((p) => p.ts > last && p.ts >= cutoff);
    if (fresh.length > 0) put(id, [...held, ...fresh]);
  }
  for (const id of removed) if (Object.hasOwn(next ?? trails, id)) put(id, []);
  return next ?? trails;
}
