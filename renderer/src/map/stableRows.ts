/**
 * Rows for a deck.gl layer in a stable order, with what changed between two versions, so that a
 * change of a few records updates a few rows of the layer's attributes instead of all of them.
 *
 * deck.gl recomputes every attribute of a layer whose `data` changes identity, calling each accessor
 * for every row: with twenty thousand incidents that is most of the cost of a new incident. Given
 * `_dataDiff`, it recomputes only the ranges the diff names. The rows here keep each key at the
 * index it was first seen at (new keys are appended, none is ever removed: a record that should no
 * longer show is drawn invisible by the layer's accessors), so a change is a short list of ranges.
 */

/** A range of rows, end exclusive, as deck.gl's `_dataDiff` returns them. */
export interface RowRange {
  readonly startRow: number;
  readonly endRow: number;
}

/** How many versions back a diff can be computed from; older data gets a full update. */
const HISTORY = 32;

/** Ranges longer than this many separate pieces are merged into one (deck.gl handles few best). */
const MAX_RANGES = 64;

export class StableRows<T> {
  private readonly index = new Map<string, number>();
  private rows: readonly T[] = [];
  /** The arrays handed out, newest last, with the rows changed since the one before. */
  private readonly history: { rows: readonly T[]; changed: number[] }[] = [];

  /**
   * The rows for these entries (key and row value), a new array when any row changed identity or a
   * key is new, else the same array as last time. Keys missing from `entries` keep their last row.
   */
  update(entries: Iterable<readonly [string, T]>): readonly T[] {
    let next: T[] | null = null;
    const changed: number[] = [];
    for (const [key, row] of entries) {
      const at = this.index.get(key);
      if (at === undefined) {
        next ??= [...this.rows];
        this.index.set(key, next.length);
        changed.push(next.length);
        next.push(row);
      } else if ((next ?? this.rows)[at] !== row) {
        next ??= [...this.rows];
        next[at] = row;
        changed.push(at);
      }
    }
    if (!next) return this.rows;
    this.rows = next;
    this.history.push({ rows: next, changed });
    if (this.history.length > HISTORY) this.history.shift();
    return next;
  }

  /**
   * The ranges of rows that differ between `oldData` (an array this object handed out) and the
   * current rows: deck.gl's `_dataDiff`. Data it does not know (another object's, or too old) is
   * answered with the whole range.
   */
  diff(oldData: unknown): RowRange[] {
    const whole = [{ startRow: 0, endRow: this.rows.length }];
    if (oldData === this.rows) return [];
    const from = this.history.findIndex((h) => h.rows === oldData);
    if (from < 0) return whole;
    const indices = new Set<number>();
    for (let i = from + 1; i < this.history.length; i++)
      for (const at of this.history[i]!.changed) indices.add(at);
    return toRanges(
      [...indices].sort((a, b) => a - b),
      this.rows.length,
    );
  }
}

/** Sorted indices as ranges; too many pieces become one range from the first to the last. */
export function toRanges(sorted: readonly number[], length: number): RowRange[] {
  const out: RowRange[] = [];
  for (const at of sorted) {
    if (at < 0 || at >= length) continue;
    const last = out[out.length - 1];
    if (last && last.endRow === at) out[out.length - 1] = { startRow: last.startRow, endRow: at + 1 };
    else out.push({ startRow: at, endRow: at + 1 });
  }
  if (out.length > MAX_RANGES) return [{ startRow: out[0]!.startRow, endRow: out[out.length - 1]!.endRow }];
  return out;
}

/** The entries of a record, own keys only, without building an array of pairs. */
export function* entriesOf<T>(record: Readonly<Record<string, T>>): Generator<readonly [string, T]> {
  for (const key of Object.keys(record)) yield [key, record[key]!] as const;
}
