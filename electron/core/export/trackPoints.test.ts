import { describe, expect, it } from 'vitest';
import { Float64List, isValidTrackPoint, validTrackPoints } from './trackPoints';
import { xmlDecimal } from './xmlDecimal';

describe('track points', () => {
  it.each([
    [{ ts: 0, lon: -180, lat: -90 }, true],
    [{ ts: 8.64e15, lon: 180, lat: 90 }, true],
    [{ ts: Number.NaN, lon: 0, lat: 0 }, false],
    [{ ts: 8.64e15 + 1, lon: 0, lat: 0 }, false],
    [{ ts: 0, lon: 180.0001, lat: 0 }, false],
    [{ ts: 0, lon: 0, lat: -90.5 }, false],
    [{ ts: 0, lon: Number.POSITIVE_INFINITY, lat: 0 }, false],
  ])('%j is writable: %s', (point, valid) => {
    expect(isValidTrackPoint(point)).toBe(valid);
  });

  it('filters lazily, in order', () => {
    const points = [
      { ts: 1, lon: 0, lat: 0 },
      { ts: 2, lon: 999, lat: 0 },
      { ts: 3, lon: 1, lat: 1 },
    ];
    expect([...validTrackPoints(points)].map((p) => p.ts)).toEqual([1, 3]);
  });

  it('grows a number list past its first block and checks its bounds', () => {
    const list = new Float64List();
    for (let i = 0; i < 5000; i++) list.push(i * 0.5);
    expect(list.length).toBe(5000);
    expect(list.at(4999)).toBe(2499.5);
    expect(() => list.at(5000)).toThrow(RangeError);
    expect(() => list.at(-1)).toThrow(RangeError);
    list.clear();
    expect(list.length).toBe(0);
  });
});

describe('xmlDecimal', () => {
  it.each([
    [19.12345, '19.12345'],
    [-73.9857, '-73.9857'],
    [0, '0'],
    [1e-7, '0.0000001'],
    [-2e-7, '-0.0000002'],
    [1.5e-10, '0.00000000015'],
  ])('%d as %s', (value, text) => {
    expect(xmlDecimal(value)).toBe(text);
    expect(Number(xmlDecimal(value))).toBe(value);
  });
});
