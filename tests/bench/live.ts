/**
 * The dashboard under a live feed at operations-room scale (Chromium, software WebGL, 1280x800):
 *
 *   flood  60 s of 20,000 position reports a second on top of 5,000 units, then how soon the page
 *          answers a click (the command palette's button: until the palette is in the DOM) in
 *          under 500 ms; clicks are also timed during the flood. The server (with the flood's
 *          source) and the browser host run in child processes (floodChildren.ts), so this
 *          process only drives the page. WATCHFLOOR_BENCH_PROFILE=1: with a profile of the page
 *          from 5 s before the flood's end to 10 s after it
 *   heap   (only when named) the page's JS heap after a forced garbage collection, once a minute for
 *          10 minutes (WATCHFLOOR_BENCH_HEAP_MINUTES) at 5,000 units reporting every 2 s; growth
 *          from minute 1 to the last minute. The minutes are counted after a warm-up as long as the
 *          live trails' window (30 minutes; WATCHFLOOR_BENCH_HEAP_WARMUP_MINUTES), since the trails
 *          grow by design until their window is full; the warm-up's own samples are printed too
 *
 * With WATCHFLOOR_BENCH_BASELINE=<git ref> each also measures the dashboard as built at that
 * commit, first, against the same server in the same run, and prints before / after / ratio.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { BrowserHost } from '../../electron/browserHost';
import type { SimulatorServer } from '../../simulator/server';
import { TRAIL_WINDOW_MS } from '../../renderer/src/store/liveFeed';
import { startLiveServer } from './liveServer';
import { launch, mapIdle } from '../e2e/browser';
import {
  baselineRef,
  beforeAfter,
  buildBaselineRenderer,
  caughtUp,
  ensureBuilt,
  openDashboard,
  openHost,
  percentile,
  spread,
  TOKEN,
} from './browser';
import { forkChild, killChildren, type BenchChild } from './floodChildren';
import { buildProfilingRenderer, formatProfile, profileMainThread } from './profile';

const UNITS = 5000;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A live server of 5,000 units reporting every `reportIntervalMs`, ten minutes into the operation. */
function liveServer(dir: string, reportIntervalMs: number): Promise<SimulatorServer> {
  return startLiveServer({ dir, token: TOKEN, units: UNITS, reportIntervalMs });
}

/**
 * Runs `measure` on the baseline renderer (when WATCHFLOOR_BENCH_BASELINE is set) and then on this
 * checkout's, each through its own host on the same server, with the dashboard caught up first.
 */
async function beforeAndAfter<T>(
  server: SimulatorServer,
  dir: string,
  context: BrowserContext,
  measure: (page: Page, host: BrowserHost) => Promise<T>,
): Promise<{ before: T | null; after: T; ref: string | null }> {
  const ref = baselineRef();
  const run = async (hostDir: string, rendererDir?: string): Promise<T> => {
    const host = await openHost(server, hostDir, rendererDir);
    try {
      const page = await openDashboard(context, host);
      await caughtUp(page, server);
      await mapIdle(page);
      const result = await measure(page, host);
      await page.close();
      return result;
    } finally {
      await host.close();
    }
  };
  const before = ref ? await run(join(dir, 'baseline'), buildBaselineRenderer(ref)) : null;
  const after = await run(join(dir, 'current'));
  return { before, after, ref };
}

// --- flood ---

const FLOOD_RATE = 20_000;
const FLOOD_MS = 60_000;
const ANSWER_MS = 500;
/** How long after the flood clicks go on if the page never answers in time. */
const AFTER_FLOOD_LIMIT_MS = 120_000;
/** With WATCHFLOOR_BENCH_PROFILE=1, the page is profiled from this long before the flood's end… */
const PROFILE_BEFORE_END_MS = 5000;
/** …to this long after it. */
const PROFILE_AFTER_END_MS = 10_000;

interface Click {
  /** When it was sent, ms after the flood's end (negative: during the flood). */
  sentAt: number;
  /** Until the palette was in the DOM, ms; Infinity if it never came. */
  ms: number;
}

interface FloodFigures {
  sent: number;
  floodMs: number;
  /** The server's process: ms spent in inject, the injection loop's ticks and its longest gap. */
  source: { injectMs: number; ticks: number; longestGapMs: number };
  clicks: Click[];
  /** The first click after the flood answered in under 500 ms, or null. */
  answered: Click | null;
  /** The dashboard's and the host's core's last seq when the page answered, and the server's at the flood's end. */
  shownSeq: number;
  hostSeq: number;
  serverSeq: number;
}

/**
 * Clicks the palette button and times until the palette shows, then closes it. `sentAt` is when
 * it was sent (epoch ms), made relative to the flood's end by the caller once that is known.
 */
async function timedClick(page: Page, x: number, y: number): Promise<Click> {
  // A palette that opened after its click was given up on would take this click on its backdrop.
  if (await page.$('[data-testid="command-palette"]')) {
    await page.press('[data-testid="palette-field"]', 'Escape', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="command-palette"]', { state: 'detached', timeout: 60_000 });
  }
  const count = await page.evaluate(
    () => (window as unknown as { __palette: { shown: number[] } }).__palette.shown.length,
  );
  const sent = Date.now();
  await page.mouse.click(x, y);
  const shown = await page
    .waitForFunction(
      (n) => (window as unknown as { __palette: { shown: number[] } }).__palette.shown.length > n,
      count,
      { timeout: 60_000 },
    )
    .then(() =>
      page.evaluate(
        (n) => (window as unknown as { __palette: { shown: number[] } }).__palette.shown[n]!,
        count,
      ),
    )
    .catch(() => Infinity);
  if (Number.isFinite(shown)) {
    await page.press('[data-testid="palette-field"]', 'Escape', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="command-palette"]', { state: 'detached', timeout: 60_000 });
  }
  return { sentAt: sent, ms: shown - sent };
}

/**
 * Starts the flood in the server's process and clicks the palette button in the page, one click
 * after another during the flood, then until a click is answered in under 500 ms.
 */
async function measureFlood(
  page: Page,
  server: BenchChild,
  host: BenchChild,
  profile = false,
): Promise<FloodFigures> {
  // The moment each opening of the palette reaches the DOM, on the page's clock (Date.now, as Node's).
  await page.evaluate(`(() => {
    const palette = { shown: [] };
    window.__palette = palette;
    let open = false;
    new MutationObserver(() => {
      const now = !!document.querySelector('[data-testid="command-palette"]');
      if (now && !open) palette.shown.push(Date.now());
      open = now;
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
  // The palette's button is the one of the tool strip's buttons without a test id of its own.
  const box = await page.locator('.palette-button:not([data-testid])').boundingBox();
  if (!box) throw new Error('flood: no palette button');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;

  let floodEndAt = Number.POSITIVE_INFINITY;
  const ended = server.next('flood-ended').then((m) => {
    floodEndAt = Number(m['at']);
    return m;
  });
  const started = await server.ask({ type: 'flood', rate: FLOOD_RATE, ms: FLOOD_MS }, 'flood-started');
  const floodStart = Number(started['at']);
  // WATCHFLOOR_BENCH_PROFILE=1: the page's main thread from 5 s before the flood's planned end
  // to 10 s after it, what the page is busy with while it catches up.
  const profiled = profile
    ? sleep(Math.max(0, floodStart + FLOOD_MS - PROFILE_BEFORE_END_MS - Date.now())).then(() =>
        profileMainThread(page, PROFILE_BEFORE_END_MS + PROFILE_AFTER_END_MS, 'flood'),
      )
    : null;
  const clicks: Click[] = [];
  // During the flood: one click after another (a quarter second apart) until it ends.
  while (!Number.isFinite(floodEndAt)) {
    clicks.push(await timedClick(page, x, y));
    await sleep(250);
  }
  // The server says when the flood ended once its process gets to it: clicks count from that
  // moment, so one sent after it while the news was on its way is a click after the flood.
  for (const click of clicks) click.sentAt -= floodEndAt;
  const answers = (c: Click): boolean => c.sentAt >= 0 && c.ms < ANSWER_MS;
  let answered = clicks.find(answers) ?? null;
  // After it: until a click is answered in under 500 ms.
  while (!answered && Date.now() - floodEndAt < AFTER_FLOOD_LIMIT_MS) {
    const click = await timedClick(page, x, y);
    click.sentAt -= floodEndAt;
    clicks.push(click);
    if (answers(click)) answered = click;
    else await sleep(250);
  }
  const end = await ended;
  if (profiled)
    console.log(
      formatProfile(
        `the dashboard from ${PROFILE_BEFORE_END_MS / 1000} s before the flood's planned end`,
        await profiled,
      ),
    );
  const [shown, hostSeq] = await Promise.all([
    page.evaluate(() => document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq')),
    host.ask({ type: 'lastSeq' }, 'lastSeq').then((m) => Number(m['lastSeq'])),
  ]);
  return {
    sent: Number(end['sent']),
    floodMs: floodEndAt - floodStart,
    source: {
      injectMs: Number(end['injectMs']),
      ticks: Number(end['ticks']),
      longestGapMs: Number(end['longestGapMs']),
    },
    clicks,
    answered,
    shownSeq: Number(shown ?? NaN),
    hostSeq,
    serverSeq: Number(end['lastSeq']),
  };
}

function floodLines(label: string, f: FloodFigures): string[] {
  const during = f.clicks.filter((c) => c.sentAt < 0).map((c) => c.ms);
  const after = f.clicks.filter((c) => c.sentAt >= 0);
  const lost = f.clicks.filter((c) => !Number.isFinite(c.ms)).length;
  return [
    `  ${label}: flood of ${fmt(f.sent)} positions in ${(f.floodMs / 1000).toFixed(1)} s (${fmt(f.sent / (f.floodMs / 1000))}/s; the server's process spent ${fmt(f.source.injectMs)} ms in inject over ${f.source.ticks} ticks of 100 ms, longest gap between ticks ${fmt(f.source.longestGapMs)} ms)`,
    `    clicks during the flood (${during.length}${lost ? `, ${lost} never answered in 60 s` : ''}): ${spread(during.filter(Number.isFinite))}`,
    `    clicks after it: ${after.map((c) => `+${(c.sentAt / 1000).toFixed(1)} s: ${Number.isFinite(c.ms) ? `${fmt(c.ms)} ms` : 'no answer'}`).join(', ')}`,
    f.answered
      ? `    answers a click in < ${ANSWER_MS} ms from ${((f.answered.sentAt + f.answered.ms) / 1000).toFixed(1)} s after the flood's end (click sent at +${(f.answered.sentAt / 1000).toFixed(1)} s, ${fmt(f.answered.ms)} ms; target within 5 s)`
      : `    no click answered in < ${ANSWER_MS} ms within ${AFTER_FLOOD_LIMIT_MS / 1000} s of the flood's end`,
    `    dashboard at seq ${fmt(f.shownSeq)}, the host's core at ${fmt(f.hostSeq)}, of the server's ${fmt(f.serverSeq)} when it answered`,
  ];
}

/** Time from the flood's end until the page answers a click in under 500 ms (Infinity: never). */
function recovery(f: FloodFigures): number {
  return f.answered ? f.answered.sentAt + f.answered.ms : Infinity;
}

/** Waits until the dashboard's status bar shows seq `seq` or later. */
async function shownAtLeast(page: Page, seq: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq') ?? 0) >= n,
    seq,
    { timeout: 300_000, polling: 500 },
  );
}

/**
 * The flood on the baseline renderer (WATCHFLOOR_BENCH_BASELINE) and then on this checkout's, each
 * through a browser host of its own in a child process, against one reference server in another
 * (tests/bench/floodChildren.ts): this process only drives the page.
 */
export async function benchFlood(): Promise<void> {
  console.log(
    `flood: ${FLOOD_MS / 1000} s of ${fmt(FLOOD_RATE)} positions/s on top of ${fmt(UNITS)} units reporting every 10 s (Chromium, software WebGL, 1280x800); a click on the palette button timed until the palette is in the DOM; the server and the host each in a process of their own`,
  );
  if (!ensureBuilt()) return;
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-flood-'));
  let server: BenchChild | undefined;
  let context: BrowserContext | undefined;
  // Ctrl-C: no child, no Chromium and no temp dir outlives the bench.
  const interrupted = (): void => {
    killChildren();
    rmSync(dir, { recursive: true, force: true });
    const exit = (): never => process.exit(130);
    setTimeout(exit, 10_000).unref();
    void (context?.close() ?? Promise.resolve()).finally(exit);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    mkdirSync(join(dir, 'server'));
    server = await forkChild('floodServerChild.ts', [join(dir, 'server'), String(UNITS), '10000']);
    const feedUrl = String(server.ready['url']);
    context = await launch();
    const ref = baselineRef();
    const run = async (hostDir: string, rendererDir: string, profile = false): Promise<FloodFigures> => {
      mkdirSync(hostDir);
      const host = await forkChild('floodHostChild.ts', [hostDir, rendererDir, feedUrl]);
      try {
        const page = await openDashboard(context!, { url: String(host.ready['url']) });
        const { lastSeq } = await server!.ask({ type: 'lastSeq' }, 'lastSeq');
        await shownAtLeast(page, Number(lastSeq));
        await mapIdle(page);
        const result = await measureFlood(page, server!, host, profile);
        await page.close();
        return result;
      } finally {
        await host.stop();
      }
    };
    const before = ref ? await run(join(dir, 'baseline'), buildBaselineRenderer(ref)) : null;
    // WATCHFLOOR_BENCH_PROFILE=1: this checkout's page unminified, profiled around the flood's end.
    const profiling = Boolean(process.env['WATCHFLOOR_BENCH_PROFILE']);
    const after = await run(
      join(dir, 'current'),
      profiling ? await buildProfilingRenderer() : join(process.cwd(), 'out', 'renderer'),
      profiling,
    );
    if (before && ref) for (const line of floodLines(`dashboard as of ${ref}`, before)) console.log(line);
    for (const line of floodLines('dashboard', after)) console.log(line);
    if (before && ref) {
      console.log(
        beforeAfter("flood's end to a click answered in < 500 ms", ref, recovery(before), recovery(after)),
      );
      const during = (f: FloodFigures): number[] => f.clicks.filter((c) => c.sentAt < 0).map((c) => c.ms);
      console.log(
        beforeAfter(
          'click during the flood, p95',
          ref,
          percentile(during(before), 95),
          percentile(during(after), 95),
        ),
      );
    }
  } finally {
    await context?.close();
    await server?.stop();
    killChildren();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- heap ---

/** The page's used JS heap in bytes, after a forced garbage collection. */
async function usedHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
    if (!used) throw new Error('heap: no JSHeapUsedSize');
    return used.value;
  } finally {
    await cdp.detach();
  }
}

/** Heap samples at each of `at` (minutes from now, ascending). */
async function heapAt(page: Page, at: readonly number[]): Promise<number[]> {
  const start = Date.now();
  const samples: number[] = [];
  for (const minute of at) {
    await sleep(Math.max(0, start + minute * 60_000 - Date.now()));
    samples.push(await usedHeap(page));
  }
  return samples;
}

/**
 * Heap samples at minute 0, 1, 2, … `minutes` after `warmupMinutes` of the page caught up (the
 * warm-up's samples, every 5 minutes, are returned beside them).
 */
async function measureHeap(
  page: Page,
  minutes: number,
  warmupMinutes: number,
): Promise<{ warmup: number[]; samples: number[] }> {
  const warmupAt: number[] = [];
  for (let m = 0; m < warmupMinutes; m += 5) warmupAt.push(m);
  const measuredAt = Array.from({ length: minutes + 1 }, (_, m) => warmupMinutes + m);
  const all = await heapAt(page, [...warmupAt, ...measuredAt]);
  return { warmup: all.slice(0, warmupAt.length), samples: all.slice(warmupAt.length) };
}

function growth(samples: number[]): number {
  return ((samples.at(-1)! - samples[1]!) / samples[1]!) * 100;
}

export async function benchHeap(): Promise<void> {
  const minutes = Math.max(2, Number(process.env['WATCHFLOOR_BENCH_HEAP_MINUTES'] ?? 10));
  const warmupMinutes = Math.max(
    0,
    Number(process.env['WATCHFLOOR_BENCH_HEAP_WARMUP_MINUTES'] ?? TRAIL_WINDOW_MS / 60_000),
  );
  console.log(
    `heap: the page's JS heap after a forced GC, each minute for ${minutes} minutes after ${warmupMinutes} minutes caught up (the live trails' window filling), ${fmt(UNITS)} units reporting every 2 s (Chromium, software WebGL, 1280x800)`,
  );
  if (!ensureBuilt()) return;
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-heap-'));
  let server: SimulatorServer | undefined;
  let context: BrowserContext | undefined;
  try {
    server = await liveServer(dir, 2000);
    context = await launch();
    const measured = await beforeAndAfter(server, dir, context, (page) =>
      measureHeap(page, minutes, warmupMinutes),
    );
    const { ref } = measured;
    const before = measured.before?.samples;
    const after = measured.after.samples;
    const mb = (b: number): string => (b / 1e6).toFixed(1);
    const line = (label: string, { warmup, samples }: { warmup: number[]; samples: number[] }): string =>
      `  ${label}: warm-up ${warmup.map((b, i) => `${i * 5} min ${mb(b)} MB`).join(', ')}; then ${samples.map((b, m) => `${m} min ${mb(b)} MB`).join(', ')}; growth minute 1 to ${minutes}: ${growth(samples).toFixed(1)} % (target < 10 %)`;
    if (measured.before && ref) console.log(line(`dashboard as of ${ref}`, measured.before));
    console.log(line('dashboard', measured.after));
    if (before && ref) {
      console.log(
        beforeAfter(`heap at minute ${minutes}`, ref, before.at(-1)! / 1e6, after.at(-1)! / 1e6, 'MB'),
      );
      console.log(
        `  growth minute 1 to ${minutes}: before (${ref}) ${growth(before).toFixed(1)} % / after ${growth(after).toFixed(1)} %`,
      );
    }
  } finally {
    await context?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
