/**
 * Benchmarks (`npm run bench`), outside the test suite: each prints its figures and, where there is
 * one, the ratio against a baseline measured in the same run on the same machine.
 *
 *   npm run bench                 # all
 *   npm run bench -- ingest       # only those whose name contains "ingest"
 *   npm run bench -- profile      # the frame bench with a CPU profile of each page (tests/bench/profile.ts)
 *   npm run bench -- layers       # the frame bench, then the dashboard with each layer switched off in turn
 *   npm run bench -- latency      # inject to feed row and to drawn on the map, at 300 and at 5,000 units
 *   npm run bench -- latency-5k   # only the 5,000-unit variant
 *   npm run bench -- flood        # 60 s of 20,000 positions/s, then how soon a click is answered in < 500 ms
 *   npm run bench -- heap         # the page's JS heap over 10 minutes at 5,000 units, after 30 minutes
 *                                 # for the live trails' window to fill (only when named;
 *                                 # WATCHFLOOR_BENCH_HEAP_MINUTES=3, …_HEAP_WARMUP_MINUTES=0 for shorter)
 *   npm run bench -- playback     # replay at 600x on the stored operation (tests/bench/replay.ts)
 *   npm run bench -- crash-soak   # 20 SIGKILLs of a core mid-ingest (the suite does 5)
 *   npm run bench -- cold-start   # only the replay bench's offline cold start (3 rounds; with the baseline,
 *                                 # alternating with it), without the rest of that bench (only when named)
 *   npm run bench -- trail-upgrade  # a schema-6 copy of that store opened: the open, the trail table's
 *                                 # build in the background and the event loop meanwhile (only when named)
 *
 * WATCHFLOOR_BENCH_BASELINE=<git ref> builds the renderer as of that commit and measures it in the
 * same run as this checkout's, in every bench that measures the dashboard (frame, latency, flood,
 * heap, playback), printing before / after / ratio. WATCHFLOOR_BENCH_HOURS=6 makes the replay and
 * playback benches use a 6-hour store instead of the 72-hour one.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Core } from '../../electron/core/Core';
import { Ingest } from '../../electron/core/Ingest';
import { systemClock } from '../../electron/core/clock';
import { migrate } from '../../electron/core/store/migrations';
import { SqliteStore } from '../../electron/core/store/SqliteStore';
import { getEmptyState } from '../../shared/state';
import { benchFrame, benchLatency } from './browser';
import { benchFlood, benchHeap } from './live';
import { benchColdStart, benchPlayback, benchReplay, benchTrailUpgrade } from './replay';

const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-'));
const only = process.argv[2];
const T0 = Date.UTC(2026, 9, 5, 6);

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** Wire-shaped events: the set-up of 5,000 units, then position reports round-robin. */
function makeEvents(units: number, positions: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let seq = 0;
  const push = (type: string, payload: Record<string, unknown>, ts: number): void => {
    seq++;
    out.push({ seq, id: `JO-1.${seq}`, ts, type, payload });
  };
  push(
    'operation.started',
    {
      operationId: 'JO-1',
      name: 'Bench',
      mode: 'exercise',
      countries: ['BA', 'RS'],
      agencies: ['Border police'],
      plannedStartAt: T0,
      plannedEndAt: T0 + 86_400_000,
      startedAt: T0,
    },
    T0,
  );
  for (let u = 0; u < units; u++) {
    push(
      'unit.upserted',
      {
        unitId: `U${u}`,
        callsign: `RS-BP ${u}`,
        agency: 'border_police',
        organisation: 'Border Police Administration of Serbia',
        country: 'RS',
        kind: 'vehicle',
        sectorId: 'BA-RS-01',
        status: 'patrolling',
      },
      T0,
    );
  }
  for (let i = 0; i < positions; i++) {
    const u = i % units;
    const at = T0 + 1000 + Math.floor(i / units) * 1000;
    push(
      'unit.position',
      {
        unitId: `U${u}`,
        lon: 19.1 + (i % 997) * 1e-4,
        lat: 44.3 + (i % 991) * 1e-4,
        heading: i % 360,
        speed: 11.2,
        accuracy: 6,
        at,
      },
      at,
    );
  }
  return out;
}

/** The full core path (validate, order, store, reduce) against a raw insert of the same rows. */
function benchIngest(): void {
  const units = 5000;
  const events = makeEvents(units, 200_000);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < events.length; i += 1000) batches.push(events.slice(i, i + 1000));

  // Raw baseline: the store's own schema, indexes and pragmas, rows inserted as they come.
  const rawPath = join(dir, 'raw.sqlite');
  const db = new Database(rawPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('journal_size_limit = 67108864');
  migrate(db);
  const insertEvent = db.prepare(
    'INSERT INTO events (seq, id, ts, type, payload, known) VALUES (?, ?, ?, ?, ?, 1)',
  );
  // The store's layout (migration 4): a report is one integer-scaled row, not a row in `events`.
  const insertPosition = db.prepare(
    'INSERT INTO positions (seq, unit_key, ts, at_delta, lon, lat, heading, speed, accuracy, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
  );
  const insertUnit = db.prepare('INSERT INTO unit_keys (unit_id) VALUES (?)');
  const unitKeys = new Map<string, number>();
  const rawStart = performance.now();
  const insertBatch = db.transaction((rows: Record<string, unknown>[]) => {
    for (const e of rows) {
      if (e['type'] !== 'unit.position') {
        insertEvent.run(e['seq'], e['id'], e['ts'], e['type'], JSON.stringify(e['payload']));
        continue;
      }
      const p = e['payload'] as Record<string, number> & { unitId: string };
      let key = unitKeys.get(p.unitId);
      if (key === undefined) unitKeys.set(p.unitId, (key = Number(insertUnit.run(p.unitId).lastInsertRowid)));
      insertPosition.run(
        e['seq'],
        key,
        e['ts'],
        p['at']! - (e['ts'] as number),
        Math.round(p['lon']! * 1e7),
        Math.round(p['lat']! * 1e7),
        Math.round(p['heading']! * 10),
        Math.round(p['speed']! * 10),
        Math.round(p['accuracy']!),
      );
    }
  });
  for (let i = 0; i < events.length; i += 5000) insertBatch(events.slice(i, i + 5000));
  const rawSeconds = (performance.now() - rawStart) / 1000;
  db.close();

  const { store } = SqliteStore.open(join(dir, 'core.sqlite'));
  const ingest = new Ingest(
    store.feedWriter(),
    systemClock,
    {
      onCommitted: () => {},
      requestRange: () => {},
      onStoreError: (e) => {
        throw e;
      },
    },
    { state: getEmptyState(), lastSeq: 0 },
  );
  const coreStart = performance.now();
  for (const batch of batches) ingest.receive(batch);
  ingest.flush();
  const coreSeconds = (performance.now() - coreStart) / 1000;
  if (ingest.committedSeq !== events.length)
    throw new Error(`core committed ${ingest.committedSeq} of ${events.length}`);
  const size = store.sizeBytes();
  store.close();

  const rawRate = events.length / rawSeconds;
  const coreRate = events.length / coreSeconds;
  console.log(
    `ingest: ${fmt(events.length)} events (${units.toLocaleString('en')} units' position reports), WAL, synchronous=FULL`,
  );
  console.log(`  raw better-sqlite3 insert, same schema and pragmas: ${fmt(rawRate)} events/s`);
  console.log(`  core path (validate, order, commit, reduce, current state): ${fmt(coreRate)} events/s`);
  console.log(
    `  ratio core/raw: ${(coreRate / rawRate).toFixed(2)} (target >= 0.5; target >= 20,000 events/s)`,
  );
  console.log(
    `  store size: ${(size / 1e6).toFixed(1)} MB, ${(((size / events.length) * 1e6) / 1e6).toFixed(0)} bytes per event`,
  );
}

/** The main event loop's delay while the core ingests a live 2,000 events/s stream from the reference server. */
async function benchEventLoop(): Promise<void> {
  const port = 4900 + Math.floor(Math.random() * 90);
  // 200 units reporting every 10 s of operation time, at 100x: 2,000 position reports a second.
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'simulator/cli.ts',
      '--port',
      String(port),
      '--units',
      '200',
      '--speed',
      '100',
      '--token',
      'bench',
      '--log',
      join(dir, 'sim.sqlite'),
      '--start',
      '2026-10-05T06:00:00Z',
      '--incidents-per-hour',
      '30',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) =>
    server.stdout.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()),
  );
  const core = Core.open({
    storePath: join(dir, 'loop.sqlite'),
    operator: 'bench',
    feed: { url: `http://127.0.0.1:${port}`, token: 'bench' },
  });
  await new Promise((r) => setTimeout(r, 3000)); // connect and catch up first
  const startSeq = core.status.lastSeq;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, 20_000));
  histogram.disable();
  const rate = (core.status.lastSeq - startSeq) / ((performance.now() - started) / 1000);
  core.close();
  server.kill('SIGTERM');
  const ms = (ns: number): string => (ns / 1e6).toFixed(1);
  console.log(`event loop while ingesting a live stream of ${fmt(rate)} events/s for 20 s:`);
  console.log(
    `  delay p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms (target p99 < 50 ms)`,
  );
}

/**
 * The crash soak: the integration test that kills a core process mid-ingest and checks the store
 * after each kill (integrity, no hole in the log, nothing shown lost), 20 times instead of the
 * suite's 5 (WATCHFLOOR_CRASH_KILLS to choose).
 */
function crashSoak(): void {
  const kills = process.env['WATCHFLOOR_CRASH_KILLS'] ?? '20';
  const started = performance.now();
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--project', 'unit', 'tests/integration/core.test.ts', '-t', 'SIGKILLs during ingest'],
    { stdio: 'inherit', env: { ...process.env, WATCHFLOOR_CRASH_KILLS: kills } },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (run.status !== 0)
    throw new Error(`crash soak: ${kills} SIGKILLs failed (exit ${run.status}, ${seconds} s)`);
  console.log(`crash soak: ${kills} SIGKILLs during ingest survived (${seconds} s)`);
}

/** Diagnostics rather than figures with a target: run only when named. */
const ON_REQUEST = new Set(['profile', 'layers', 'heap', 'trail-upgrade', 'cold-start']);

const benches: [string, () => void | Promise<void>][] = [
  ['ingest', benchIngest],
  ['event-loop', benchEventLoop],
  ['frame', benchFrame],
  ['latency', () => benchLatency(300)],
  ['latency-5k', () => benchLatency(5000)],
  ['flood', benchFlood],
  ['heap', benchHeap],
  ['profile', () => benchFrame({ profile: true })],
  ['layers', () => benchFrame({ layers: true })],
  ['replay', benchReplay],
  ['replay-playback', benchPlayback],
  ['crash-soak', crashSoak],
  ['trail-upgrade', benchTrailUpgrade],
  ['cold-start', benchColdStart],
];

try {
  for (const [name, run] of benches) {
    if (only ? !name.includes(only) : ON_REQUEST.has(name)) continue;
    await run();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
