/**
 * Replay at scale: a 72-hour operation of 1,000 mobile units reporting every 10 s (about 26
 * million position reports), made with the reference server's --dump and stored by the core's
 * commit path. Prints seek time (p50, p95) against a full fold from the start, store size per
 * million positions and the time to produce the after-action report. The files are kept under
 * .data/bench/ and reused by the next run (delete them to rebuild).
 *
 *   npm run bench -- replay
 *   WATCHFLOOR_BENCH_HOURS=6 npm run bench -- replay   # a smaller operation, for a quick look
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { launch, mapIdle } from '../e2e/browser';
import {
  baselineRef,
  beforeAfter,
  buildBaselineRenderer,
  ensureBuilt,
  frameFigures,
  percentile,
  rafIntervals,
  type FrameFigures,
} from './browser';
import { applyEvents } from '../../shared/applyEvent';
import type { FeedEvent } from '../../shared/protocol/events';
import { getEmptyState, type OperationState } from '../../shared/state';
import { Core } from '../../electron/core/Core';
import { ReplayService } from '../../electron/core/replay/ReplayService';
import { ReplaySession } from '../../electron/core/replay/ReplaySession';
import { PositionLog } from '../../electron/core/store/PositionLog';
import { SqliteStore } from '../../electron/core/store/SqliteStore';
import { TimedDatabase } from '../../electron/core/store/TimedDatabase';
import { dumpOperation } from '../../simulator/dump';
import { EventLog } from '../../simulator/eventLog';
import { findRepoRoot } from '../../simulator/findRepoRoot';
import { isKnownEventType } from '../../shared/protocol/events';
import { defaultScenarioConfig } from '../../simulator/scenario';

const HOUR = 3_600_000;
const MEASURE_MS = 20_000;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** CPU time of this process in ms: on a shared machine, wall time measures the neighbours too. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Where the bench operation lives, built once. */
export function benchPaths(): { dir: string; dump: string; store: string; hours: number } {
  const hours = Number(process.env['WATCHFLOOR_BENCH_HOURS'] ?? 72);
  const dir = join(findRepoRoot(import.meta.url), '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    hours,
    dump: join(dir, `replay-${hours}h-1000.sim.sqlite`),
    store: join(dir, `replay-${hours}h-1000.store.sqlite`),
  };
}

/**
 * Makes the operation (the reference server's dump) and stores it as the core does: the same
 * reducer and the same commit (events, positions, current state, keyframes) in batches of 5,000,
 * without the wire validation, which the ingest bench measures on its own.
 */
export function ensureBenchStore(): { store: string; positions: number; events: number } {
  const { dump, store, hours } = benchPaths();
  if (!existsSync(dump)) {
    console.log(`replay: dumping a ${hours}-hour operation of 1,000 units (takes minutes) ...`);
    const config = defaultScenarioConfig({
      seed: 72,
      units: 1000,
      durationMs: hours * HOUR,
      startAt: Date.UTC(2026, 9, 5, 6),
    });
    const partial = `${dump}.partial`;
    const result = dumpOperation(config, partial);
    renameSync(partial, dump);
    console.log(
      `  dump: ${fmt(result.events)} events (${fmt(result.positions)} positions, ${fmt(result.incidents)} incidents) in ${(result.elapsedMs / 1000).toFixed(0)} s, ${(result.bytes / 1e9).toFixed(2)} GB`,
    );
  }
  if (!existsSync(store)) {
    console.log('replay: storing the operation through the core commit path ...');
    const partial = `${store}.partial`;
    for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(partial + suffix, { force: true });
    const { store: target } = SqliteStore.open(partial);
    const log = new EventLog(dump);
    let state: OperationState = getEmptyState();
    let count = 0;
    const started = performance.now();
    const scenario = JSON.parse(log.getMeta('scenario') ?? '{}') as { operationId?: string };
    target.liveLog.setOperation(scenario.operationId ?? 'JO-WB-72');
    log.forEachBatch(
      (batch) => {
        const events = batch.map((e) => ({ ...e, known: isKnownEventType(e.type) }));
        const next = applyEvents(state, events.filter((e) => e.known) as unknown as FeedEvent[]);
        target.liveLog.commitBatch({ events, previous: state, next, receivedAt: Date.now() });
        state = next;
        count += batch.length;
        if (count % 1_000_000 < batch.length)
          console.log(
            `  ${fmt(count)} events stored, ${fmt(count / ((performance.now() - started) / 1000))}/s`,
          );
      },
      0,
      5000,
    );
    log.close();
    target.close();
    for (const suffix of ['-wal', '-shm', '.lock']) rmSync(partial + suffix, { force: true });
    renameSync(partial, store);
    console.log(
      `  stored ${fmt(count)} events in ${((performance.now() - started) / 1000).toFixed(0)} s (${fmt(count / ((performance.now() - started) / 1000))} events/s)`,
    );
  }
  const { store: opened } = SqliteStore.open(store);
  try {
    const { events, positions } = opened.rowCounts();
    return { store, positions, events };
  } finally {
    opened.close();
  }
}

/** Seek, full fold, size and report on the stored operation. */
export async function benchReplay(): Promise<void> {
  const { store: path, positions, events } = ensureBenchStore();
  const size = statSync(path).size;
  console.log(`replay: a ${benchPaths().hours}-hour operation of 1,000 mobile units (+104 fixed posts)`);
  console.log(
    `  store: ${fmt(events)} events, ${fmt(positions)} positions, ${(size / 1e9).toFixed(2)} GB = ${(size / 1e6 / (positions / 1e6)).toFixed(0)} MB per million positions`,
  );
  // The month the issue asks about: 1,000 units reporting every 10 s for 30 days.
  const month = 30 * 24 * 360 * 1000;
  console.log(
    `  at this size, a 30-day operation of 1,000 units reporting every 10 s (${fmt(month / 1e6)} million positions): ${(((size / positions) * month) / 1e9).toFixed(1)} GB`,
  );
  // Opening the store as the app does at start: the first open of this process, then four more.
  const openMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const opened = Core.open({ storePath: path, operator: 'bench' });
    openMs.push(performance.now() - t);
    opened.close();
  }
  console.log(
    `  open the store (Core.open): first ${openMs[0]!.toFixed(0)} ms, then median ${[...openMs.slice(1)].sort((a, b) => a - b)[2]!.toFixed(0)} ms (target <= 1,000 ms)`,
  );
  const core = Core.open({ storePath: path, operator: 'bench' });
  try {
    const store = core.replaySource();
    const { startTs, endTs } = store.timeRange();
    console.log(`  keyframes: ${fmt(store.keyframeCount())}`);
    // Seeks to random moments, each a jump (a new session: no cursor to fold on from).
    const times: number[] = [];
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 100; i++) times.push(startTs! + random() * (endTs! - startTs!));
    const seekMs: number[] = [];
    const exactMs: number[] = [];
    const exactCpuMs: number[] = [];
    const trailMs: number[] = [];
    const units = Object.keys(store.loadState().state.units);
    for (const at of times) {
      const session = new ReplaySession({ store, kind: 'live' }, 'bench');
      let t = performance.now();
      session.stateAt(at);
      seekMs.push(performance.now() - t);
      const again = new ReplaySession({ store, kind: 'live' }, 'bench');
      t = performance.now();
      const cpu = cpuMs();
      again.seek(at, { trailWindowMs: 15 * 60_000, exact: true });
      exactMs.push(performance.now() - t);
      exactCpuMs.push(cpuMs() - cpu);
      t = performance.now();
      store.trailsBetween(at - 15 * 60_000, at, units);
      trailMs.push(performance.now() - t);
    }
    seekMs.sort((a, b) => a - b);
    exactMs.sort((a, b) => a - b);
    exactCpuMs.sort((a, b) => a - b);
    trailMs.sort((a, b) => a - b);
    // Playback: one session stepping forward by 10 s of operation time per frame (600x at 60 fps).
    const play = new ReplaySession({ store, kind: 'live' }, 'bench');
    const playFrom = playbackStart(startTs!, endTs!);
    play.seek(playFrom, { trailWindowMs: 0, exact: false });
    const stepMs: number[] = [];
    for (let t = playFrom; t < playFrom + 20 * 60_000; t += 10_000) {
      const s = performance.now();
      play.seek(t, { trailWindowMs: 0, exact: false });
      stepMs.push(performance.now() - s);
    }
    stepMs.sort((a, b) => a - b);
    // The baseline: fold the log from seq 1 up to the middle of the operation.
    const middle = startTs! + (endTs! - startTs!) / 2;
    const target = store.eventAtOrBefore(middle)!;
    const foldStart = performance.now();
    let state = getEmptyState();
    for (const page of store.eventsBetween(0, target.seq, 10_000))
      state = applyEvents(state, page as unknown as FeedEvent[]);
    const foldMs = performance.now() - foldStart;
    console.log(
      `  seek to a random moment (state only): p50 ${quantile(seekMs, 0.5).toFixed(0)} ms, p95 ${quantile(seekMs, 0.95).toFixed(0)} ms, max ${seekMs.at(-1)!.toFixed(0)} ms`,
    );
    console.log(
      `  seek with 15-minute trails of every unit and the event list: p50 ${quantile(exactMs, 0.5).toFixed(0)} ms, p95 ${quantile(exactMs, 0.95).toFixed(0)} ms (CPU time p50 ${quantile(exactCpuMs, 0.5).toFixed(0)} ms, p95 ${quantile(exactCpuMs, 0.95).toFixed(0)} ms); the trails alone p50 ${quantile(trailMs, 0.5).toFixed(0)} ms, p95 ${quantile(trailMs, 0.95).toFixed(0)} ms`,
    );
    console.log(
      `  full fold from the start to mid-operation (${fmt(target.seq)} events): ${(foldMs / 1000).toFixed(1)} s; ratio fold/seek p50 ${(foldMs / quantile(seekMs, 0.5)).toFixed(0)}x, fold/seek p95 ${(foldMs / quantile(seekMs, 0.95)).toFixed(0)}x`,
    );
    console.log(
      `  playback step (10 s of operation time, folded on from the previous step): p50 ${quantile(stepMs, 0.5).toFixed(1)} ms, p95 ${quantile(stepMs, 0.95).toFixed(1)} ms`,
    );
    const service = new ReplayService(core, 'bench', {
      exportsDir: join(benchPaths().dir, 'exports'),
      geoDir: join(findRepoRoot(import.meta.url), 'resources', 'geo'),
      appVersion: 'bench',
    });
    // How long the core's event loop waits while the report is made: the feed is stored and the
    // page answered on that loop, so the report must not hold it.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const reportStart = performance.now();
    const report = await service.export('report.html');
    const reportMs = performance.now() - reportStart;
    loop.disable();
    service.close();
    console.log(
      `  after-action report of the whole operation: ${(reportMs / 1000).toFixed(1)} s, ${(report.bytes / 1e6).toFixed(1)} MB of HTML`,
    );
    console.log(
      `  event loop while the report is made: delay p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(0)} ms (target p99 <= 50 ms)`,
    );
  } finally {
    core.close();
  }
  await coldStartFigures(path);
}

/** Rounds of the cold start per renderer: the median is reported (one start varies by a second). */
const COLD_ROUNDS = 3;

/**
 * The offline cold start on the store, {@link COLD_ROUNDS} times; with WATCHFLOOR_BENCH_BASELINE
 * the baseline renderer's too, the two alternating, so both see the same machine.
 */
async function coldStartFigures(path: string): Promise<void> {
  if (!ensureBuilt()) return;
  const ref = process.env['WATCHFLOOR_BENCH_BASELINE'];
  const renderers: [string, string][] = [
    ['this build', join(findRepoRoot(import.meta.url), 'out', 'renderer')],
  ];
  if (ref) renderers.unshift([`as of ${ref}`, buildBaselineRenderer(ref)]);
  const runs = new Map<string, ColdStart[]>(renderers.map(([label]) => [label, []]));
  for (let round = 0; round < COLD_ROUNDS; round++)
    for (const [label, dir] of renderers) runs.get(label)!.push(await measureColdStart(path, dir));
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const medians = new Map<string, ColdStart>();
  for (const [label, starts] of runs) {
    const m = {
      hostMs: median(starts.map((c) => c.hostMs)),
      readyMs: median(starts.map((c) => c.readyMs)),
      firstFrameMs: median(starts.map((c) => c.firstFrameMs)),
      drawnMs: median(starts.map((c) => c.drawnMs)),
    };
    medians.set(label, m);
    console.log(
      `  offline cold start of the browser host on this store (${label}, median of ${COLD_ROUNDS}): host up ${s(m.hostMs)}, page ready ${s(m.readyMs)}, first map frame after it ${s(m.firstFrameMs)}, the picture's incidents drawn ${s(m.drawnMs)} (each: ${starts.map((c) => s(c.drawnMs)).join(', ')}; target <= 3 s; Chromium started beforehand)`,
    );
  }
  if (ref) {
    const before = medians.get(`as of ${ref}`)!;
    const after = medians.get('this build')!;
    console.log(
      beforeAfter('cold start to the first map frame', ref, before.firstFrameMs, after.firstFrameMs),
    );
    console.log(
      beforeAfter("cold start to the picture's incidents drawn", ref, before.drawnMs, after.drawnMs),
    );
  }
}

export async function benchColdStart(): Promise<void> {
  const { store: path } = ensureBenchStore();
  console.log(
    `cold start: the browser host and the dashboard, offline, on the ${benchPaths().hours}-hour store`,
  );
  await coldStartFigures(path);
}

/** The browser host on the stored operation, offline, with a data folder of its own (removed on close). */
async function offlineHost(path: string, rendererDir: string): Promise<BrowserHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-host-'));
  const host = await startBrowserHost({
    port: 0,
    rendererDir,
    geoDir: join(findRepoRoot(import.meta.url), 'resources', 'geo'),
    dataDir,
    storePath: path,
    operator: 'bench',
    offline: true,
  });
  return {
    ...host,
    close: async () => {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * From nothing to the first map frame, offline on the stored operation: the browser host starts
 * (the core opens the store and loads the picture), a page of an already running Chromium loads
 * and the map draws its first frame with the picture on it.
 */
/**
 * Put in the page before its scripts: notes when the page has the picture (`data-ready`) and the
 * first deck.gl frame after that (the map probe's frame count going up). A string, not a function:
 * the bench runs under tsx, whose helpers a serialised function would carry into the page.
 */
const COLD_START_PROBE = `
(() => {
  const noted = (window.__coldStart = { readyAt: null, frameAt: null });
  // The map's draw probe (renderer/src/map/drawProbe.ts), every incident: when the incidents'
  // canvas first drew the picture's incidents.
  window.__watchfloorDrawProbe = { prefix: '', drawn: {} };
  let probe;
  Object.defineProperty(window, '__watchfloorMap', {
    configurable: true,
    get() { return probe; },
    set(value) {
      let frames = value.frames;
      Object.defineProperty(value, 'frames', {
        configurable: true,
        enumerable: true,
        get() { return frames; },
        set(n) {
          frames = n;
          if (noted.readyAt !== null && noted.frameAt === null) noted.frameAt = Date.now();
        },
      });
      probe = value;
    },
  });
  new MutationObserver(() => {
    if (noted.readyAt === null && document.querySelector('.app[data-ready="true"]')) noted.readyAt = Date.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
})();
`;

interface ColdStart {
  hostMs: number;
  readyMs: number;
  /** The first deck.gl frame after the page had the picture. */
  firstFrameMs: number;
  /** The incidents' canvas's first frame with the picture's incidents. */
  drawnMs: number;
}

async function measureColdStart(path: string, rendererDir: string): Promise<ColdStart> {
  const context = await launch();
  let host: BrowserHost | null = null;
  try {
    const page = await context.newPage();
    // The first map frame with the picture on it: the first deck.gl frame after the page has the
    // picture (`data-ready`), noted in the page when it happens, so that a canvas drawing nothing
    // earlier (or a build that makes none until it has something) is not counted.
    await page.addInitScript({ content: COLD_START_PROBE });
    const wall = Date.now();
    const t = performance.now();
    host = await offlineHost(path, rendererDir);
    const hostMs = performance.now() - t;
    await page.goto(host.url);
    // The picture drawn: the first frame after the page had it, and the incidents' canvas's first
    // frame with the picture's incidents (the units' canvas draws in the same tick).
    await page.waitForFunction(
      () => {
        const w = window as unknown as {
          __coldStart: { frameAt: number | null };
          __watchfloorDrawProbe: { drawn: Record<string, number> };
        };
        return w.__coldStart.frameAt !== null && Object.keys(w.__watchfloorDrawProbe.drawn).length > 0;
      },
      undefined,
      { timeout: 300_000 },
    );
    const noted = await page.evaluate(() => {
      const w = window as unknown as {
        __coldStart: { readyAt: number; frameAt: number };
        __watchfloorDrawProbe: { drawn: Record<string, number> };
      };
      return { ...w.__coldStart, drawnAt: Math.min(...Object.values(w.__watchfloorDrawProbe.drawn)) };
    });
    return {
      hostMs,
      readyMs: noted.readyAt - wall,
      firstFrameMs: noted.frameAt - wall,
      drawnMs: noted.drawnAt - wall,
    };
  } finally {
    await context.close();
    await host?.close();
  }
}

/** Operation time a playback measurement may cover: 2 s of warm-up and the 20 s measured, at 600x, and a margin. */
const PLAYBACK_SPAN_MS = 600 * (MEASURE_MS + 10_000);

/**
 * Where playback starts: hour 24 of the operation, or earlier when the store is shorter, so that
 * the whole measurement plays inside the store's range (a 6-hour store starts at hour 1).
 */
export function playbackStart(startTs: number, endTs: number): number {
  return Math.max(startTs, Math.min(startTs + 24 * HOUR, endTs - PLAYBACK_SPAN_MS));
}

interface PlaybackFigures {
  paused: FrameFigures;
  playing: FrameFigures;
  /** Map frames a second while playing. */
  mapFps: number;
  /** Pictures (answered seeks) a second while playing. */
  pictureRate: number;
  /** Operation time covered per wall time. */
  speed: number;
  /** Operation time between consecutive pictures, ms. */
  gaps: number[];
  /** Entering replay and jumping to `from`, s. */
  jumpS: number;
}

/** One renderer's playback on the store: opens its own host (offline) and closes it. */
async function measurePlayback(path: string, rendererDir: string, from: number): Promise<PlaybackFigures> {
  const host = await offlineHost(path, rendererDir);
  const context = await launch();
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
    await page.goto(host.url);
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 300_000 });
    await mapIdle(page);
    const t = performance.now();
    await page.click('[data-testid="replay-toggle"]');
    await page.waitForSelector('[data-testid="timeline-mode"][data-mode="replay"]');
    await page.fill('[data-testid="replay-jump"]', new Date(from).toISOString());
    await page.press('[data-testid="replay-jump"]', 'Enter');
    await page.waitForFunction(
      (at) =>
        Number(document.querySelector('[data-testid="timeline-cursor"]')?.getAttribute('data-at')) === at,
      from,
      { timeout: 120_000 },
    );
    await mapIdle(page);
    const jumpS = (performance.now() - t) / 1000;
    await page.fill('[data-testid="replay-speed"]', '600');
    await page.press('[data-testid="replay-speed"]', 'Enter');
    const paused = frameFigures(await rafIntervals(page, MEASURE_MS));
    const cursor = (): Promise<number> =>
      page.evaluate(() =>
        Number(document.querySelector('[data-testid="timeline-cursor"]')?.getAttribute('data-at')),
      );
    // Each answered seek sets the cursor's data-seq: the page notes the operation time of each.
    await page.evaluate(() => {
      const w = window as unknown as { __seeks?: number[] };
      w.__seeks = [];
      const cursorEl = document.querySelector('[data-testid="timeline-cursor"]');
      if (cursorEl)
        new MutationObserver(() => w.__seeks!.push(Number(cursorEl.getAttribute('data-at')))).observe(
          cursorEl,
          { attributes: true, attributeFilter: ['data-seq'] },
        );
    });
    const seeksSoFar = (): Promise<number[]> =>
      page.evaluate(() => [...((window as unknown as { __seeks?: number[] }).__seeks ?? [])]);
    const mapFrames = (): Promise<number> =>
      page.evaluate(
        () => (window as unknown as { __watchfloorMap?: { frames: number } }).__watchfloorMap?.frames ?? 0,
      );
    await page.click('[data-testid="replay-play"]');
    await new Promise((r) => setTimeout(r, 2000));
    const seeksBefore = (await seeksSoFar()).length;
    const atStart = await cursor();
    const framesStart = await mapFrames();
    const wallStart = performance.now();
    const playing = frameFigures(await rafIntervals(page, MEASURE_MS));
    const advanced = (await cursor()) - atStart;
    const pictures = (await seeksSoFar()).slice(Math.max(0, seeksBefore - 1));
    const drawn = (await mapFrames()) - framesStart;
    const wall = performance.now() - wallStart;
    // The page may be too busy drawing to take a click in time: the shortcut, with patience.
    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid="replay-play"]:not(.is-playing)', { timeout: 300_000 });
    const gaps: number[] = [];
    for (let i = 1; i < pictures.length; i++) gaps.push(pictures[i]! - pictures[i - 1]!);
    return {
      paused,
      playing,
      mapFps: drawn / (wall / 1000),
      pictureRate: (pictures.length - 1) / (wall / 1000),
      speed: advanced / wall,
      gaps,
      jumpS,
    };
  } finally {
    await context.close();
    await host.close();
  }
}

/**
 * Playback at 600x in Chromium (software WebGL) on the stored operation, through the browser host
 * with no link: frame times while playing against the same page paused at the same moment, how much
 * operation time the page got through per second and how far apart (in operation time) the
 * pictures it showed were. With WATCHFLOOR_BENCH_BASELINE, the baseline renderer first.
 */
export async function benchPlayback(): Promise<void> {
  const { store: path } = ensureBenchStore();
  if (!ensureBuilt()) return;
  const root = findRepoRoot(import.meta.url);
  const { store: opened } = SqliteStore.open(path);
  let from: number;
  let startTs: number;
  try {
    const range = opened.reader.timeRange();
    startTs = range.startTs!;
    from = playbackStart(range.startTs!, range.endTs!);
  } finally {
    opened.close();
  }
  const hour = ((from - startTs) / HOUR).toFixed(1);
  console.log(
    `playback: Chromium, software WebGL, 1280x800; the ${benchPaths().hours}-hour store, offline, 600x from hour ${hour}`,
  );
  const ref = baselineRef();
  const before = ref ? await measurePlayback(path, buildBaselineRenderer(ref), from) : null;
  const after = await measurePlayback(path, join(root, 'out', 'renderer'), from);
  const lines = (label: string, f: PlaybackFigures): void => {
    const line = (name: string, x: FrameFigures): string =>
      `    ${name}: mean ${x.mean.toFixed(1)} ms (${(1000 / x.mean).toFixed(1)} fps), p95 ${x.p95.toFixed(1)} ms`;
    console.log(`  ${label} (entered replay and jumped in ${f.jumpS.toFixed(1)} s):`);
    console.log(line(`paused at hour ${hour}`, f.paused));
    console.log(line('playing at 600x', f.playing));
    console.log(
      `    ratio playing/paused: mean ${(f.playing.mean / f.paused.mean).toFixed(2)}, p95 ${(f.playing.p95 / f.paused.p95).toFixed(2)} (target <= 3)`,
    );
    console.log(
      `    while playing: ${f.mapFps.toFixed(2)} map frames/s, ${f.pictureRate.toFixed(2)} pictures/s from the core; operation time covered ${f.speed.toFixed(0)}x real time (asked: 600x)`,
    );
    const min = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;
    console.log(
      f.gaps.length > 0
        ? `    operation time from one picture to the next: p50 ${min(percentile(f.gaps, 50))}, p95 ${min(percentile(f.gaps, 95))}, max ${min(Math.max(...f.gaps))} (target: each at most 2 min)`
        : '    no pictures while playing',
    );
  };
  if (before && ref) lines(`dashboard as of ${ref}`, before);
  lines('dashboard', after);
  if (before && ref) {
    const ratio = (f: PlaybackFigures): number => f.playing.mean / f.paused.mean;
    console.log(
      `  playing/paused frame mean: before (${ref}) ${ratio(before).toFixed(2)} / after ${ratio(after).toFixed(2)} / ratio after/before ${(ratio(after) / ratio(before)).toFixed(2)}`,
    );
    const maxGap = (f: PlaybackFigures): number => (f.gaps.length ? Math.max(...f.gaps) : NaN);
    console.log(
      `  largest gap between pictures: before (${ref}) ${(maxGap(before) / 60_000).toFixed(1)} min / after ${(maxGap(after) / 60_000).toFixed(1)} min / ratio after/before ${(maxGap(after) / maxGap(before)).toFixed(2)}`,
    );
  }
}

/**
 * The upgrade of a store written before the trail table (schema 6), on a copy of the bench store:
 * the copy is taken back to schema 6 (its trail table dropped, user_version 6: the layout schema 6
 * had), then opened by the core as the app does. Prints the open (migration 7 included, which now
 * only marks the table to be built), how long the core's worker then takes to build the table and
 * the core's event loop meanwhile; then, on a second copy, what migration 7 cost when it built the
 * table inside the open (PositionLog.rebuildTrails in one transaction). The copies are removed.
 *
 *   npm run bench -- trail-upgrade     # WATCHFLOOR_BENCH_HOURS=6 for the 6-hour store
 */
export async function benchTrailUpgrade(): Promise<void> {
  const { store: source } = ensureBenchStore();
  const copy = `${source}.upgrade`;
  const asSchema6 = (): void => {
    for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(copy + suffix, { force: true });
    copyFileSync(source, copy);
    const db = new Database(copy);
    db.exec('DROP TABLE trail_buckets');
    db.pragma('user_version = 6');
    db.close();
  };
  console.log(`trail-upgrade: a ${benchPaths().hours}-hour store of schema 6 opened by this build`);
  try {
    asSchema6();
    let built: () => void = () => {};
    const done = new Promise<void>((resolve) => (built = resolve));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const lines: string[] = [];
    const t = performance.now();
    const core = Core.open({ storePath: copy, operator: 'bench', log: (line) => lines.push(line) });
    const openMs = performance.now() - t;
    loop.enable();
    const cpu = cpuMs();
    let notices = 0;
    core.onStatus((status) => {
      if (status.storeNotice?.code === 'store.indexing') notices++;
      else if (status.storeNotice === null) built();
    });
    await done;
    const buildMs = performance.now() - t - openMs;
    const mainCpuMs = cpuMs() - cpu;
    loop.disable();
    core.close();
    if (process.env['WATCHFLOOR_BENCH_DEBUG']) for (const l of lines) console.log(`    ${l}`);
    console.log(`  open (Core.open, migration 7 included): ${openMs.toFixed(0)} ms (target <= 1,000 ms)`);
    console.log(
      `  trail table built on the worker in ${(buildMs / 1000).toFixed(1)} s (${lines.find((l) => l.includes('built in'))?.replace(/.*: /, '') ?? '?'}; ${notices} progress statuses); the core's process used ${(mainCpuMs / 1000).toFixed(1)} s of CPU meanwhile (worker included)`,
    );
    console.log(
      `  core event loop while it is built: delay p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(0)} ms (target p99 <= 50 ms)`,
    );
    // Before: migration 7 built the table inside the open.
    asSchema6();
    const db = new Database(copy);
    db.exec('CREATE TABLE trail_buckets (bucket INTEGER PRIMARY KEY, points BLOB NOT NULL);');
    const s = performance.now();
    db.transaction(() => new PositionLog(new TimedDatabase(db)).rebuildTrails())();
    console.log(
      `  before: migration 7 building the table inside the open took ${((performance.now() - s) / 1000).toFixed(1)} s`,
    );
    db.close();
  } finally {
    for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(copy + suffix, { force: true });
  }
}
