import type { Position } from 'geojson';

/**
 * Twice the signed area of a ring in the lon/lat plane (shoelace): positive when the ring runs
 * counter-clockwise. Planar is enough for orientation at the size of a border corridor.
 */
export function ringArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1 = 0, y1 = 0] = ring[i]!;
    const [x2 = 0, y2 = 0] = ring[i + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** A ring with finite positions, closed (first position repeated last), or null if under 4 positions. */
export function closedRing(ring: readonly (readonly number[])[]): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const lon = p[0];
    const lat = p[1];
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    out.push([lon, lat]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0]!, first[1]!]);
  return out.length >= 4 ? out : null;
}

/**
 * Polygon rings as RFC 7946 wants them (section 3.1.6): each ring closed, the exterior
 * counter-clockwise and holes clockwise (the right-hand rule), whatever the feed sent. The feed's
 * corridor is built by buffering a line, so its orientation is not something to rely on. Null when
 * the exterior is not a ring; a broken hole is left out rather than losing the sector.
 */
export function rfc7946Rings(rings: readonly (readonly (readonly number[])[])[]): Position[][] | null {
  const out: Position[][] = [];
  for (const [index, raw] of rings.entries()) {
    const ring = closedRing(raw);
    if (ring === null) {
      if (index === 0) return null;
      continue;
    }
    const area = ringArea2(ring);
    const wantCounterClockwise = index === 0;
    if ((wantCounterClockwise && area < 0) || (!wantCounterClockwise && area > 0)) ring.reverse();
    out.push(ring);
  }
  return out;
}
