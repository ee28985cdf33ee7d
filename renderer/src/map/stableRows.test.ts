import { describe, expect, it } from 'vitest';
import { entriesOf, StableRows, toRanges } from './stableRows';

type Row = { readonly id: string; readonly v: number };
const row = (id: string, v: number): Row => ({ id, v });

describe('StableRows: a layer updates only the rows that changed', () => {
  it('keeps each key at its first index, appends new keys and names only the changed rows', () => {
    const rows = new StableRows<Row>();
    const a = row('a', 1);
    const b = row('b', 1);
    const c = row('c', 1);
    const first = rows.update(entriesOf({ a, b, c }));
    expect(first.map((r) => r.id)).toEqual(['a', 'b', 'c']);

    const b2 = row('b', 2);
    const d = row('d', 1);
    // The record's own order changes (a new object); the rows keep theirs.
    const second = rows.update(entriesOf({ d, c, b: b2, a }));
    expect(second.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(second[1]).toBe(b2);
    expect(rows.diff(first)).toEqual([
      { startRow: 1, endRow: 2 },
      { startRow: 3, endRow: 4 },
    ]);
  });

  it('hands out the same array while nothing changed, and a diff of nothing from it', () => {
    const rows = new StableRows<Row>();
    const a = row('a', 1);
    const first = rows.update(entriesOf({ a }));
    expect(rows.update(entriesOf({ a }))).toBe(first);
    expect(rows.diff(first)).toEqual([]);
  });

  it('adds up the changes of every version since the data the layer has', () => {
    const rows = new StableRows<Row>();
    const start = rows.update(entriesOf({ a: row('a', 1), b: row('b', 1), c: row('c', 1), d: row('d', 1) }));
    rows.update([['a', row('a', 2)]]);
    rows.update([['d', row('d', 2)]]);
    rows.update([['b', row('b', 2)]]);
    expect(rows.diff(start)).toEqual([
      { startRow: 0, endRow: 2 },
      { startRow: 3, endRow: 4 },
    ]);
  });

  it('answers data it did not hand out, or too old to know, with every row', () => {
    const rows = new StableRows<Row>();
    const start = rows.update(entriesOf({ a: row('a', 1), b: row('b', 1) }));
    expect(rows.diff([])).toEqual([{ startRow: 0, endRow: 2 }]);
    for (let i = 0; i < 40; i++) rows.update([['a', row('a', i + 2)]]);
    expect(rows.diff(start)).toEqual([{ startRow: 0, endRow: 2 }]);
  });

  it('merges many scattered changes into one range', () => {
    const indices = Array.from({ length: 100 }, (_, i) => i * 3);
    expect(toRanges(indices, 1000)).toEqual([{ startRow: 0, endRow: 298 }]);
    expect(toRanges([5, 6, 7, 9], 8)).toEqual([{ startRow: 5, endRow: 8 }]);
  });
});
