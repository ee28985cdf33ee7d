import { describe, expect, it } from 'vitest';
import { mergeTrails, type TrailPoint } from './trails';

const pt = (ts: number, lon = 19): TrailPoint => ({ ts, lon, lat: 44 });

describe('mergeTrails', () => {
  it('keeps the very same record, and each untouched trail, when nothing changes', () => {
    const trails = { U1: [pt(10), pt(20)], U2: [pt(15)] };
    expect(mergeTrails(trails, {}, 0)).toBe(trails);
    expect(mergeTrails(trails, { U1: [pt(20)] }, 0)).toBe(trails);
    const grown = mergeTrails(trails, { U1: [pt(30)] }, 0);
    expect(grown.U1!.map((p) => p.ts)).toEqual([10, 20, 30]);
    expect(grown.U2).toBe(trails.U2);
  });

  it('cuts every trail at the window, drops removed units and keeps ids like __proto__ as entries', () => {
    const trails = JSON.parse('{"__proto__": [{"ts": 10, "lon": 19, "lat": 44}]}') as Record<
      string,
      TrailPoint[]
    >;
    const merged = mergeTrails(
      { ...trails, U1: [pt(5), pt(12), pt(30)], U2: [pt(1)] },
      { U3: [pt(8), pt(25)] },
      11,
      ['U2'],
    );
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged).sort()).toEqual(['U1', 'U3']);
    expect(merged.U1!.map((p) => p.ts)).toEqual([12, 30]);
    expect(merged.U3!.map((p) => p.ts)).toEqual([25]);
    const kept = mergeTrails(trails, { ['__proto__']: [pt(20)] }, 0);
    expect(Object.keys(kept)).toEqual(['__proto__']);
    expect(Object.hasOwn(kept, '__proto__') && kept['__proto__']!.length).toBe(2);
  });
});
