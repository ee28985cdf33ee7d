import { describe, expect, it } from 'vitest';
import type { Point } from '../geometry';
import { degreesPerPixel } from '../mapData';
import { dashedPaths, UNCOVERED_DASH_PX, UNCOVERED_GAP_PX } from './sectors';

/** Length of a path in screen pixels at a zoom, on the equator (where a degree is a degree both ways). */
const pixelsLong = (path: readonly Point[], zoom: number): number =>
  path.slice(1).reduce((sum, [x, y], i) => {
    const [px, py] = path[i]!;
    return sum + Math.hypot(x - px, y - py) / degreesPerPixel(zoom);
  }, 0);

describe("the uncovered sectors' dashes", () => {
  it('cuts a line into dashes and gaps of fixed screen length', () => {
    const zoom = 8;
    const px = degreesPerPixel(zoom);
    const period = UNCOVERED_DASH_PX + UNCOVERED_GAP_PX;
    const dashes = dashedPaths(
      [
        [
          [0, 0],
          [3 * period * px, 0],
        ],
      ],
      zoom,
    );
    expect(dashes).toHaveLength(3);
    for (const d of dashes) expect(pixelsLong(d, zoom)).toBeCloseTo(UNCOVERED_DASH_PX, 6);
    expect(dashes[1]![0]![0] / px).toBeCloseTo(period, 6);
  });

  it('keeps the pattern across a bend, and the dashes as long zoomed in', () => {
    const zoom = 10;
    const px = degreesPerPixel(zoom);
    // The bend falls 4 px into the first dash: that dash turns the corner with it.
    const bent: Point[] = [
      [0, 0],
      [4 * px, 0],
      [4 * px, 40 * px],
    ];
    const dashes = dashedPaths([bent], zoom);
    expect(dashes[0]).toHaveLength(3);
    expect(pixelsLong(dashes[0]!, zoom)).toBeCloseTo(UNCOVERED_DASH_PX, 6);
    // 44 px of line: dashes at 0-8, 14-22, 28-36, 42-44.
    expect(dashes.map((d) => Math.round(pixelsLong(d, zoom)))).toEqual([8, 8, 8, 2]);
    expect(dashedPaths([[[0, 0]], []], zoom)).toEqual([]);
  });
});
