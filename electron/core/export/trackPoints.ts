import type { TrackPoint } from './types';

/** The largest |time| a Date can hold; beyond it toISOString throws. */
const MAX_DATE_MS = 8.64e15;

/**
 * True for a point every format can write: finite, on the globe, at a time a Date can hold. One
 * bad row (NaN from a damaged store page) would otherwise make a JSON file say null or an XML
 * writer throw halfway through a large file.
 */
export function isValidTrackPoint(p: TrackPoint): boolean {
  return (
    Number.isFinite(p.ts) &&
    Math.abs(p.ts) <= MAX_DATE_MS &&
    Number.isFinite(p.lon) &&
    Number.isFinite(p.lat) &&
    Math.abs(p.lon) <= 180 &&
    Math.abs(p.lat) <= 90
  );
}

/** The writable points of a track, read lazily and once. */
export function* validTrackPoints(points: Iterable<TrackPoint>): Generator<TrackPoint> {
  for (const p of points) if (isValidTrackPoint(p)) yield p;
}

/**
 * A growable list of numbers in typed arrays (8 bytes a number rather than a boxed array's), for
 * what a single-pass writer must hold back until a track has been read to its end.
 */
export class Float64List {
  private data = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  at(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} of ${this.size}`);
    return this.data[index]!;
  }

  clear(): void {
    this.size = 0;
  }
}
