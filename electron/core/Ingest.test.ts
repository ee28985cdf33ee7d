import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getEmptyState } from '../../shared/state';
import { ManualClock } from './clock';
import { Ingest, MAX_ASKS, MAX_BATCH_ITEMS } from './Ingest';
import { SqliteStore } from './store/SqliteStore';

const T0 = Date.UTC(2026, 9, 5, 6);
const bookmark = (seq: number, id = `E${seq}`) => ({
  seq,
  id,
  ts: T0 + seq,
  type: 'bookmark.added',
  payload: { bookmarkId: `B${seq}`, label: `Mark ${seq}`, author: 'JOC', at: T0 + seq },
});

let dir: string;
let store: SqliteStore;
let clock: ManualClock;
let requests: [number, number][];
let commits: number;
let skips: number[];
let ingest: Ingest;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-ingest-'));
  store = SqliteStore.open(join(dir, 'i.sqlite')).store;
  clock = new ManualClock(T0);
  requests = [];
  commits = 0;
  skips = [];
  ingest = new Ingest(
    store.feedWriter(),
    clock,
    {
      onCommitted: () => commits++,
      requestRange: (a, u) => requests.push([a, u]),
      onStoreError: (e) => {
        throw e;
      },
      onSkipped: (s) => skips.push(s.seq),
    },
    { state: getEmptyState(), lastSeq: 0 },
  );
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest', () => {
  it('commits in one transaction after the batching window, and applies only then', () => {
    ingest.receive([bookmark(1), bookmark(2), bookmark(3)]);
    expect(ingest.committedSeq).toBe(0);
    expect(Object.keys(ingest.state.bookmarks)).toHaveLength(0);
    clock.advance(49);
    expect(ingest.committedSeq).toBe(0);
    clock.advance(1);
    expect(ingest.committedSeq).toBe(3);
    expect(commits).toBe(1);
    expect(Object.keys(ingest.state.bookmarks)).toEqual(['B1', 'B2', 'B3']);
    expect(store.liveLog.allSeqs()).toEqual([1, 2, 3]);
  });

  it('holds events after a gap, asks for the gap once, and commits in order when it is filled', () => {
    ingest.receive([bookmark(1), bookmark(4), bookmark(5)]);
    ingest.receive([bookmark(6)]);
    expect(requests).toEqual([[1, 3]]);
    clock.advance(50);
    expect(ingest.committedSeq).toBe(1);
    expect(ingest.pendingCount).toBe(3);
    ingest.receive([bookmark(3), bookmark(2)]);
    clock.advance(50);
    expect(store.liveLog.allSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('asks again when a gap request goes unanswered', () => {
    ingest.receive([bookmark(3)]);
    expect(requests).toHaveLength(1);
    ingest.receive([bookmark(4)]);
    expect(requests).toHaveLength(1);
    clock.advance(6000);
    ingest.receive([bookmark(5)]);
    expect(requests).toEqual([
      [0, 2],
      [0, 2],
    ]);
  });

  it('drops duplicates by seq, already committed or still waiting', () => {
    ingest.receive([bookmark(1), bookmark(1)]);
    clock.advance(50);
    ingest.receive([bookmark(1), bookmark(3), bookmark(3)]);
    expect(ingest.stats.duplicates).toBe(3);
    clock.advance(50);
    expect(store.liveLog.allSeqs()).toEqual([1]);
  });

  it('quarantines a seq that comes back with another id, and what is not a list', () => {
    ingest.receive([bookmark(2), bookmark(2, 'other')]);
    ingest.receive('not a batch');
    clock.advance(50);
    expect(store.quarantine.count()).toBe(2);
    expect(store.quarantine.entries().map((e) => e.reason)).toEqual([
      'an events message that is not a list',
      'seq 2 arrived twice with different ids',
    ]);
  });

  it('asks for the tail a heartbeat says exists', () => {
    ingest.receive([bookmark(1)]);
    clock.advance(50);
    ingest.catchUp(7);
    expect(requests).toEqual([[1, 7]]);
    ingest.catchUp(1);
    expect(requests).toHaveLength(1);
  });

  it('keeps the WAL bounded through a long ingest', () => {
    const wal = `${store.path}-wal`;
    let peak = 0;
    for (let from = 1; from <= 60_000; from += 1000) {
      ingest.receive(Array.from({ length: 1000 }, (_, i) => bookmark(from + i)));
      ingest.flush();
      peak = Math.max(peak, existsSync(wal) ? statSync(wal).size : 0);
    }
    expect(ingest.committedSeq).toBe(60_000);
    // journal_size_limit (64 MiB) plus one autocheckpoint interval of pages.
    expect(peak).toBeLessThan(80 * 1024 * 1024);
    expect(store.integrityCheck()).toEqual([]);
  });

  it('reloads what it applied: a report about a unit not yet held gives it no position', () => {
    const at = T0 + 1000;
    const position = {
      seq: 1,
      id: 'E1',
      ts: at,
      type: 'unit.position',
      payload: { unitId: 'U1', lon: 19.1, lat: 44.4, heading: 0, speed: 0, accuracy: 5, at },
    };
    const upsert = {
      seq: 2,
      id: 'E2',
      ts: at,
      type: 'unit.upserted',
      payload: {
        unitId: 'U1',
        callsign: 'BA-BP 101',
        agency: 'border_police',
        organisation: 'Border Police of BiH',
        country: 'BA',
        kind: 'vehicle',
        status: 'patrolling',
      },
    };
    ingest.receive([position, upsert]);
    ingest.flush();
    expect(ingest.state.units['U1']!.position).toBeNull();
    expect(store.liveLog.loadState().state).toEqual(ingest.state);
  });

  it('skips an event the server sends twice with a payload that fails its schema, so the picture goes on', () => {
    // Seq 2 is an incident report whose payload is wrong at the source: every copy is the same.
    const bad = {
      seq: 2,
      id: 'E2',
      ts: T0 + 2,
      type: 'incident.reported',
      payload: { incidentId: 'I-1', category: 'smuggling_goods' },
    };
    ingest.receive([bookmark(1), bad, bookmark(3)]);
    clock.advance(50);
    // The first bad copy may be a fluke: the gap is asked for, and nothing after it is applied.
    expect(ingest.committedSeq).toBe(1);
    expect(requests).toEqual([[1, 2]]);
    ingest.receive([bad]);
    clock.advance(50);
    expect(ingest.committedSeq).toBe(3);
    expect(ingest.stats).toMatchObject({ skippedInvalid: 1, quarantined: 2 });
    expect(Object.keys(ingest.state.bookmarks)).toEqual(['B1', 'B3']);
    expect(Object.keys(ingest.state.incidents)).toEqual([]);
    // In the log it holds its seq under a type no reducer applies, with nothing of the bad payload.
    expect(store.liveLog.events(1).map((e) => [e.seq, e.type, e.payload, e.known])).toEqual([
      [2, 'invalid.incident.reported', {}, false],
      [3, 'bookmark.added', bookmark(3).payload, true],
    ]);
    expect(store.quarantine.count()).toBe(2);
  });

  it('takes a good copy of an event whose first copy failed, without skipping it', () => {
    const bad = { ...bookmark(2), payload: { bookmarkId: 'B2' } };
    ingest.receive([bookmark(1), bad, bookmark(3)]);
    clock.advance(50);
    ingest.receive([bookmark(2)]);
    clock.advance(50);
    expect(ingest.committedSeq).toBe(3);
    expect(ingest.stats.skippedInvalid).toBe(0);
    expect(Object.keys(ingest.state.bookmarks)).toEqual(['B1', 'B2', 'B3']);
  });

  it('stores an event of a newer type without applying it', () => {
    ingest.receive([
      { seq: 1, id: 'E1', ts: T0, type: 'exchange.requested', payload: { caseId: 'R-1' } },
      bookmark(2),
    ]);
    clock.advance(50);
    expect(ingest.stats.unknownTypes).toBe(1);
    expect(store.liveLog.events(0).map((e) => [e.seq, e.known])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(Object.keys(ingest.state.bookmarks)).toEqual(['B2']);
  });

  describe('never stalls on one event', () => {
    /** A bookmark whose payload carries what `checkStructure` refuses before any schema looks at it. */
    const nested = (depth: number): unknown => {
      let v: unknown = 'bottom';
      for (let i = 0; i < depth; i++) v = [v];
      return v;
    };
    const structurallyBad: [string, unknown][] = [
      ['too many values', new Array<number>(200_001).fill(0)],
      ['too deep', nested(20)],
      ['a forbidden key', JSON.parse('{"__proto__": {"polluted": true}}')],
      ['a non-finite number', Number.NaN],
    ];

    it.each(structurallyBad)(
      'logs a seq whose every copy has %s as a placeholder and applies what follows',
      (_what, bad) => {
        const copy = { ...bookmark(2), payload: { ...bookmark(2).payload, extra: bad } };
        ingest.receive([bookmark(1), copy, bookmark(3)]);
        clock.advance(50);
        expect(ingest.committedSeq).toBe(1);
        ingest.receive([copy]);
        clock.advance(50);
        expect(ingest.committedSeq).toBe(3);
        expect(Object.keys(ingest.state.bookmarks)).toEqual(['B1', 'B3']);
        expect(store.liveLog.events(1).map((e) => [e.seq, e.type, e.payload, e.known])).toEqual([
          [2, 'invalid.bookmark.added', {}, false],
          [3, 'bookmark.added', bookmark(3).payload, true],
        ]);
        expect(skips).toEqual([2]);
        expect(ingest.skippedEvents).toMatchObject({ total: 1, recent: [{ seq: 2, at: T0 + 50 }] });
        expect(ingest.skippedEvents.recent[0]!.reason).toMatch(/^unsafe message: /);
        expect(store.quarantine.count()).toBe(2);
      },
    );

    it('gives up on a seq whose copies cannot even be read after a bounded number of asks, asking only for it', () => {
      // No copy of seq 2 has a readable seq: the client knows it only as the hole before 3.
      const unreadable = { ...bookmark(2), seq: 'two' };
      ingest.receive([bookmark(1), unreadable, bookmark(3), bookmark(4)]);
      clock.advance(50);
      expect(requests).toEqual([[1, 2]]);
      for (let i = 1; i < MAX_ASKS; i++) {
        ingest.receive([unreadable]);
        clock.advance(5000);
        ingest.catchUp(4);
      }
      expect(requests).toEqual(Array.from({ length: MAX_ASKS }, () => [1, 2]));
      expect(ingest.committedSeq).toBe(1);
      ingest.receive([unreadable]);
      clock.advance(50);
      expect(ingest.committedSeq).toBe(4);
      expect(Object.keys(ingest.state.bookmarks)).toEqual(['B1', 'B3', 'B4']);
      expect(store.liveLog.events(1, 1).map((e) => [e.seq, e.id, e.type, e.ts, e.known])).toEqual([
        [2, 'invalid.2', 'invalid.unreadable', bookmark(1).ts, false],
      ]);
      expect(skips).toEqual([2]);
      // Nothing more is asked for once the picture has moved on.
      clock.advance(5000);
      ingest.catchUp(4);
      expect(requests).toHaveLength(MAX_ASKS);
    });

    it('never skips a seq the server merely does not answer for', () => {
      ingest.receive([bookmark(1), { ...bookmark(2), seq: null }, bookmark(3)]);
      for (let i = 0; i < 10; i++) {
        clock.advance(5000);
        ingest.catchUp(3);
      }
      expect(requests.length).toBeGreaterThan(MAX_ASKS);
      expect(ingest.committedSeq).toBe(1);
      expect(skips).toEqual([]);
      ingest.receive([bookmark(2)]);
      clock.advance(50);
      expect(ingest.committedSeq).toBe(3);
    });

    it('never skips a lost seq because damaged copies of other events come beside good ones', () => {
      // Seq 2 was lost on the link; the live stream carries unreadable copies next to its good events.
      ingest.receive([bookmark(1)]);
      for (let seq = 3; seq < 3 + 3 * MAX_ASKS; seq++) {
        ingest.receive([bookmark(seq), { ...bookmark(seq), seq: -5 }]);
        clock.advance(5000);
        ingest.catchUp(seq);
      }
      expect(requests.length).toBeGreaterThanOrEqual(MAX_ASKS);
      expect(skips).toEqual([]);
      expect(ingest.committedSeq).toBe(1);
    });

    it('asks after a heartbeat only for the hole, not for what it already holds after it', () => {
      ingest.receive([
        bookmark(1),
        { ...bookmark(2), payload: null },
        ...[3, 4, 5, 6, 7, 8].map((n) => bookmark(n)),
      ]);
      clock.advance(50);
      expect(requests).toEqual([[1, 2]]);
      clock.advance(5000);
      ingest.catchUp(8);
      expect(requests).toEqual([
        [1, 2],
        [1, 2],
      ]);
      // A heartbeat that says the server has more than is held asks for the hole first, still.
      clock.advance(5000);
      ingest.catchUp(20);
      expect(requests.at(-1)).toEqual([1, 2]);
    });
  });

  describe('batch limits (§5.2)', () => {
    it(`drops a batch of more than ${MAX_BATCH_ITEMS} items whole, into the quarantine`, () => {
      ingest.receive(Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => bookmark(i + 1)));
      ingest.receive([]);
      clock.advance(50);
      expect(ingest.committedSeq).toBe(0);
      expect(store.liveLog.allSeqs()).toEqual([]);
      expect(store.quarantine.entries().map((e) => e.reason)).toEqual([
        'an events message with no items',
        `an events message of ${MAX_BATCH_ITEMS + 1} items, more than the ${MAX_BATCH_ITEMS} allowed: dropped whole`,
      ]);
      ingest.receive(Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => bookmark(i + 1)));
      clock.advance(50);
      expect(ingest.committedSeq).toBe(MAX_BATCH_ITEMS);
    });
  });

  describe('quarantine keeps the raw text', () => {
    it('of an item too deep for JSON.stringify, bounded', () => {
      const deep = { ...bookmark(1), payload: { deep: nestedObject(200_000) } };
      ingest.receive([deep]);
      clock.advance(50);
      const [entry] = store.quarantine.entries();
      expect(entry!.reason).toBe('unsafe message: nested deeper than 12 levels');
      expect(entry!.raw.startsWith('{"seq":1,"id":"E1",')).toBe(true);
      expect(entry!.raw).toContain('"payload":{"deep":{"a":{"a":{"a":');
      expect(entry!.raw.length).toBe(16_384);
      expect(entry!.rawBytes).toBeGreaterThan(200_000 * 6);
    });

    it('of an item with too many values, bounded, with its full size', () => {
      const big = { ...bookmark(1), payload: { values: new Array<number>(300_000).fill(7) } };
      ingest.receive([big]);
      clock.advance(50);
      const [entry] = store.quarantine.entries();
      expect(entry!.raw.startsWith('{"seq":1,')).toBe(true);
      expect(entry!.raw.length).toBe(16_384);
      expect(entry!.rawBytes).toBe(JSON.stringify(big).length);
    });

    it('whole, when it is small', () => {
      const bad = { ...bookmark(1), payload: { label: 'x', at: Number.POSITIVE_INFINITY } };
      ingest.receive([bad]);
      clock.advance(50);
      expect(store.quarantine.entries()[0]!.raw).toBe(
        `{"seq":1,"id":"E1","ts":${T0 + 1},"type":"bookmark.added","payload":{"label":"x","at":Infinity}}`,
      );
    });
  });
});

/** An object nested `depth` levels deep, built without recursion. */
function nestedObject(depth: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
