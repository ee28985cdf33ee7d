/** Plain geometry for the map layers, kept out of the component so it can be tested. */

/** A [lon, lat] pair as deck.gl and maplibre take it. */
export type Point = [number, number];

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/** Where the map starts before the operation's sectors are known: the Western Balkans. */
export const WESTERN_BALKANS_BOUNDS: Bounds = [13.5, 39.5, 23.5, 46.8];

/** The bounds of all points of all lines, or null if there is none. */
export function linesBounds(lines: Iterable<readonly (readonly [number, number])[]>): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const line of lines) {
    for (const [lon, lat] of line) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return west <= east && south <= north ? [west, south, east, north] : null;
}

/**
 * The point halfway along a line, measured along the line (not the middle vertex, which can sit
 * at one end when the vertices are unevenly spaced). Distances are planar on lon scaled by
 * cos(lat), which is plenty for placing a label.
 */
export function pathMidpoint(line: readonly (readonly [number, number])[]): Point | null {
  const first = line[0];
  if (!first) return null;
  if (line.length === 1) return [first[0], first[1]];
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
    const length = Math.hypot((b[0] - a[0]) * k, b[1] - a[1]);
    lengths.push(length);
    total += length;
  }
  if (total === 0) return [first[0], first[1]];
  let remaining = total / 2;
  for (let i = 1; i < line.length; i++) {
    const length = lengths[i - 1]!;
    const a = line[i - 1]!;
    const b = line[i]!;
    if (remaining <= length && length > 0) {
      const t = remaining / length;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    remaining -= length;
  }
  const last = line[line.length - 1]!;
  return [last[0], last[1]];
}

/**
 * The end of a heading tick `pixels` long drawn from (lon, lat) along a compass heading (degrees
 * clockwise from north) at map zoom `zoom`. deck.gl draws lines in world coordinates, so the
 * length is converted from screen pixels for the current zoom (Web Mercator, 512 px tiles) to
 * keep the tick the same size on screen; the caller recomputes it when the zoom changes.
 */
export function headingTip(lon: number, lat: number, heading: number, pixels: number, zoom: number): Point {
  const degreesPerPixel = 360 / (512 * 2 ** zoom);
  const rad = (heading * Math.PI) / 180;
  const length = pixels * degreesPerPixel;
  return [lon + Math.sin(rad) * length, lat + Math.cos(rad) * length * Math.cos((lat * Math.PI) / 180)];
}
