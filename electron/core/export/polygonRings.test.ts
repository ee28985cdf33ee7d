import { describe, expect, it } from 'vitest';
import { closedRing, rfc7946Rings, ringArea2 } from './polygonRings';

const clockwise = [
  [0, 0],
  [0, 1],
  [1, 1],
  [1, 0],
];

describe('polygon rings', () => {
  it('measures orientation: counter-clockwise is positive', () => {
    expect(ringArea2(closedRing([...clockwise].reverse())!)).toBe(2);
    expect(ringArea2(closedRing(clockwise)!)).toBe(-2);
  });

  it('closes an open ring and leaves a closed one as it is', () => {
    expect(closedRing(clockwise)).toEqual([...clockwise, [0, 0]]);
    expect(closedRing([...clockwise, [0, 0]])).toEqual([...clockwise, [0, 0]]);
  });

  it('drops non-finite positions and refuses fewer than four', () => {
    expect(closedRing([[0, 0], [Number.NaN, 1], [1, 1], [1, 0], [0]])).toEqual([
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(
      closedRing([
        [0, 0],
        [1, 1],
        [0, 0],
      ]),
    ).toBeNull();
    expect(closedRing([])).toBeNull();
  });

  it('turns the exterior counter-clockwise and holes clockwise, closing both', () => {
    const hole = [
      [0.25, 0.25],
      [0.75, 0.25],
      [0.75, 0.75],
      [0.25, 0.75],
    ];
    const rings = rfc7946Rings([clockwise, hole])!;
    expect(rings).toHaveLength(2);
    for (const ring of rings) expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ringArea2(rings[0]!)).toBeGreaterThan(0);
    expect(ringArea2(rings[1]!)).toBeLessThan(0);
    expect(rings[0]).toEqual([...clockwise, [0, 0]].reverse());
    // Already right: untouched.
    expect(rfc7946Rings(rings)).toEqual(rings);
  });

  it('is null without an exterior ring, and leaves out a broken hole', () => {
    expect(
      rfc7946Rings([
        [
          [0, 0],
          [1, 1],
        ],
      ]),
    ).toBeNull();
    expect(rfc7946Rings([])).toEqual([]);
    const rings = rfc7946Rings([clockwise, [[0.5, 0.5]]])!;
    expect(rings).toHaveLength(1);
  });
});
