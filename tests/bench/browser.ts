/**
 * Browser benchmarks: the dashboard in headless Chromium with software WebGL (1280x800, dpr 1),
 * served by the browser host from a live reference server in this process.
 *
 *   frame    rAF intervals of the dashboard against a bare deck.gl page drawing the same data
 *   latency     time from `server.inject` to the incident's row being in the feed's DOM and to the
 *               incident being drawn on the map (renderer/src/map/drawProbe.ts), at 300 units
 *   latency-5k  the same at 5,000 units reporting every 2 s
 *               (WATCHFLOOR_BENCH_PROFILE=1: with a profile of the page while measured)
 *   (WATCHFLOOR_BENCH_BASELINE=<git ref> also measures the dashboard as built at that commit, in the
 *   same run, for every bench here and in live.ts and replay.ts that measures the dashboard)
 *   profile  the frame bench on an unminified build, with where each page's main thread spends its
 *            time (tests/bench/profile.ts)
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { INCIDENT_CATEGORIES } from '../../shared/domain';
import { defaultScenarioConfig, type EventDraft } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { CHROMIUM, launch, mapIdle } from '../e2e/browser';
import { startLiveServer } from './liveServer';
import { buildProfilingRenderer, formatProfile, profileMainThread } from './profile';

const ROOT = process.cwd();
export const TOKEN = 'bench-token';
const MEASURE_MS = 20_000;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function ensureBuilt(): boolean {
  if (!existsSync(CHROMIUM)) {
    console.log(`  skipped: ${CHROMIUM} is not installed`);
    return false;
  }
  if (!existsSync(join(ROOT, 'resources', 'geo', 'borders.json'))) {
    spawnSync('npm', ['run', 'geo'], { stdio: 'inherit' });
  }
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  return true;
}

export async function openHost(
  server: SimulatorServer,
  dir: string,
  rendererDir = join(ROOT, 'out', 'renderer'),
): Promise<BrowserHost> {
  return startBrowserHost({
    port: 0,
    rendererDir,
    geoDir: join(ROOT, 'resources', 'geo'),
    dataDir: dir,
    storePath: join(dir, 'store.sqlite'),
    operator: 'Bench officer',
    feed: { url: server.url, token: TOKEN },
    settings: { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000 },
  });
}

export async function openDashboard(context: BrowserContext, host: Pick<BrowserHost, 'url'>): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  await page.goto(host.url);
  await page.waitForSelector('.app[data-ready="true"]', { timeout: 300_000 });
  return page;
}

/** Waits until the dashboard's status bar shows it has everything the server had logged when called. */
export async function caughtUp(page: Page, server: SimulatorServer): Promise<void> {
  await page.waitForFunction(
    (seq) =>
      Number(document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq') ?? 0) >= seq,
    server.lastSeq,
    { timeout: 300_000, polling: 500 },
  );
}

/** requestAnimationFrame intervals in the page for `ms`, in ms. */
export async function rafIntervals(page: Page, ms: number): Promise<number[]> {
  // A string, not a function: tsx's transform would wrap the page's named functions in a `__name` helper.
  return page.evaluate<number[]>(`new Promise((resolve) => {
    const out = [];
    let start = -1;
    let last = -1;
    function tick(now) {
      if (start < 0) start = now;
      else out.push(now - last);
      last = now;
      if (now - start < ${ms}) requestAnimationFrame(tick);
      else resolve(out);
    }
    requestAnimationFrame(tick);
  })`);
}

export interface FrameFigures {
  mean: number;
  p95: number;
  frames: number;
  /** Intervals over two frames at 60 Hz (33.4 ms), and the time they took, ms. */
  long: { count: number; ms: number };
}

/** Over two 60 Hz frames: what makes the p95 when more than one interval in 20 is. */
const LONG_FRAME_MS = 33.4;

export function frameFigures(intervals: number[]): FrameFigures {
  const long = intervals.filter((ms) => ms > LONG_FRAME_MS);
  return {
    mean: mean(intervals),
    p95: percentile(intervals, 95),
    frames: intervals.length + 1,
    long: { count: long.length, ms: long.reduce((a, b) => a + b, 0) },
  };
}

/** 20,000 incidents over the sectors' line points, priorities 1-4, every third one acknowledged. */
function incidentDrafts(server: SimulatorServer, count: number): EventDraft[] {
  const now = server.operationTime;
  const sectors = Object.values(server.state.sectors);
  const reported: EventDraft[] = [];
  const acknowledged: EventDraft[] = [];
  for (let i = 0; i < count; i++) {
    const sector = sectors[i % sectors.length]!;
    const [lon, lat] = sector.line[Math.floor(i / sectors.length) % sector.line.length]!;
    const incidentId = `INC-BENCH-${i}`;
    reported.push({
      ts: now,
      type: 'incident.reported',
      payload: {
        incidentId,
        category: INCIDENT_CATEGORIES[i % INCIDENT_CATEGORIES.length]!,
        priority: ((i % 4) + 1) as 1 | 2 | 3 | 4,
        title: `Bench incident ${i}`,
        lon: lon + ((i * 7919) % 1000) * 2e-6,
        lat: lat + ((i * 104_729) % 1000) * 2e-6,
        sectorId: sector.sectorId,
        reportedAt: now - (i % 600) * 1000,
      },
    });
    if (i % 3 === 0)
      acknowledged.push({
        ts: now,
        type: 'incident.acknowledged',
        payload: { incidentId, by: 'JOC desk 1', at: now },
      });
  }
  return [...reported, ...acknowledged];
}

const MAIN_TS = `
import { Deck, WebMercatorViewport } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';

type Data = { units: [number, number][]; incidents: [number, number, number, number][]; sectors: [number, number][][] };
const COLOURS: Record<number, [number, number, number]> = { 1: [255, 59, 48], 2: [255, 149, 0], 3: [255, 204, 0], 4: [142, 142, 147] };

const data = (await (await fetch('./data.json')).json()) as Data;
const points = data.sectors.flat();
const lons = points.map((p) => p[0]);
const lats = points.map((p) => p[1]);
const { longitude, latitude, zoom } = new WebMercatorViewport({ width: 1280, height: 800 }).fitBounds(
  [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]],
  { padding: 40 },
);
const w = window as unknown as { __bare: { frames: number; loaded: boolean } };
w.__bare = { frames: 0, loaded: false };

const sectors = new PathLayer({ id: 'sectors', data: data.sectors, getPath: (d: [number, number][]) => d, getColor: [80, 160, 255], widthUnits: 'pixels', getWidth: 2 });
const incidents = new ScatterplotLayer({
  id: 'incidents', data: data.incidents, getPosition: (d: number[]) => [d[0]!, d[1]!],
  getFillColor: (d: number[]) => [...COLOURS[d[2]!]!, d[3] ? 140 : 255], radiusUnits: 'pixels', getRadius: 4,
  stroked: true, getLineColor: [0, 0, 0], lineWidthUnits: 'pixels', getLineWidth: 1,
});
const unitsLayer = (units: [number, number][]) => new ScatterplotLayer({
  id: 'units', data: units, getPosition: (d: [number, number]) => d, getFillColor: [52, 199, 89],
  radiusUnits: 'pixels', getRadius: 3, stroked: true, getLineColor: [255, 255, 255], lineWidthUnits: 'pixels', getLineWidth: 1,
});
const deck = new Deck({
  parent: document.getElementById('map') as HTMLDivElement,
  initialViewState: { longitude, latitude, zoom },
  controller: true,
  layers: [sectors, incidents, unitsLayer(data.units)],
  onAfterRender: () => { w.__bare.frames += 1; },
  onLoad: () => { w.__bare.loaded = true; },
});
setInterval(async () => {
  const units = (await (await fetch('./units.json')).json()) as [number, number][];
  deck.setProps({ layers: [sectors, incidents, unitsLayer(units)] });
}, 2000);
`;

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>bare deck.gl</title>
<style>html,body{margin:0;height:100%;background:#1c1f24;overflow:hidden}#map{position:relative;width:100%;height:100%}</style>
</head><body><div id="map"></div><script type="module" src="./main.ts"></script></body></html>`;

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

function unitPositions(server: SimulatorServer): [number, number][] {
  const out: [number, number][] = [];
  for (const unit of Object.values(server.state.units))
    if (unit.position) out.push([unit.position.lon, unit.position.lat]);
  return out;
}

/** Builds the bare deck.gl page with vite next to the repo's node_modules, and serves it. */
async function serveBarePage(server: SimulatorServer): Promise<{ url: string; http: Server; dir: string }> {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'watchfloor-bare-'));
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(join(dir, 'main.ts'), MAIN_TS);
  const out = join(dir, 'dist');
  await build({
    configFile: false,
    root: dir,
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  });
  const { state } = server;
  writeFileSync(
    join(out, 'data.json'),
    JSON.stringify({
      units: unitPositions(server),
      incidents: Object.values(state.incidents).map((i) => [
        i.lon,
        i.lat,
        i.priority,
        i.acknowledgedBy ? 1 : 0,
      ]),
      sectors: Object.values(state.sectors).map((s) => s.line),
    }),
  );
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/units.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(unitPositions(server)));
      return;
    }
    const file = join(out, path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
    if (!file.startsWith(out) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`, http, dir };
}

/** The last seq the dashboard's status bar shows. */
async function shownSeqOf(page: Page): Promise<number> {
  const shown = await page.evaluate(() =>
    document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq'),
  );
  return Number(shown ?? NaN);
}

/**
 * The renderer as built from an earlier commit (`WATCHFLOOR_BENCH_BASELINE=<ref>`): the commit's
 * files are taken with `git archive` into a cache folder beside this checkout's node_modules and
 * built there once. The host is this checkout's, so the ref must speak the same host contract.
 */
export function buildBaselineRenderer(ref: string): string {
  const sha = spawnSync('git', ['rev-parse', '--short', ref], { encoding: 'utf8' }).stdout.trim();
  if (!sha) throw new Error(`WATCHFLOOR_BENCH_BASELINE: no commit ${ref}`);
  const dir = join(ROOT, 'node_modules', '.cache', `watchfloor-baseline-${sha}`);
  const rendererDir = join(dir, 'out', 'renderer');
  if (existsSync(join(rendererDir, 'index.html'))) return rendererDir;
  mkdirSync(dir, { recursive: true });
  const unpacked = spawnSync('sh', ['-c', `git archive --format=tar ${sha} | tar -x -C "${dir}"`], {
    stdio: 'inherit',
  });
  if (unpacked.status !== 0) throw new Error(`WATCHFLOOR_BENCH_BASELINE: could not unpack ${ref}`);
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error(`WATCHFLOOR_BENCH_BASELINE: ${ref} did not build`);
  return rendererDir;
}

/**
 * Whether a renderer built by {@link buildBaselineRenderer} has the map's draw probe
 * (renderer/src/map/drawProbe.ts): a commit from before it cannot say when an incident was drawn.
 */
function hasDrawProbe(rendererDir: string): boolean {
  return existsSync(join(rendererDir, '..', '..', 'renderer', 'src', 'map', 'drawProbe.ts'));
}

/** How long the profile of each page runs, after its frame measurement. */
const PROFILE_MS = 10_000;

/**
 * The dashboard's frame intervals against a bare deck.gl page with the same data. With `profile`,
 * the dashboard is served from an unminified build and each page's main thread is profiled after
 * its measurement (not during it: the profiler's own cost must not enter the ratio).
 */
export async function benchFrame(options: { profile?: boolean; layers?: boolean } = {}): Promise<void> {
  const units = 5000;
  const incidentCount = 20_000;
  console.log(
    `${options.profile ? 'profile' : 'frame'}: rAF intervals over ${MEASURE_MS / 1000} s, Chromium, software WebGL, 1280x800, dpr 1; ${fmt(units)} units reporting every 2 s, ${fmt(incidentCount)} incidents, 48 sectors`,
  );
  if (!ensureBuilt()) return;
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-frame-'));
  let server: SimulatorServer | undefined;
  let host: BrowserHost | undefined;
  let context: BrowserContext | undefined;
  let bare: { http: Server; dir: string; url: string } | undefined;
  try {
    const start = Date.now() - 10 * 60_000;
    server = await SimulatorServer.start({
      port: 0,
      token: TOKEN,
      scenario: defaultScenarioConfig({
        units,
        reportIntervalMs: 2000,
        incidentsPerHour: 0,
        startAt: start,
      }),
      speed: 0,
      logPath: join(dir, 'server.sqlite'),
      // A fresh client gets a snapshot rather than the ten minutes of position reports.
      retainEvents: 100_000,
    });
    let t = performance.now();
    server.advanceBy(Date.now() - start);
    server.inject(incidentDrafts(server, incidentCount));
    server.setSpeed(1);
    console.log(
      `  set-up: server at seq ${fmt(server.lastSeq)} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    context = await launch();

    // Bare page first, while the host is not yet running; then the host starts for the dashboard.
    bare = await serveBarePage(server);
    const barePage = await context.newPage();
    barePage.on('pageerror', (error) => console.error(`  bare page error: ${error.message}`));
    await barePage.goto(bare.url);
    await barePage.waitForFunction(
      () => ((window as unknown as { __bare?: { frames: number } }).__bare?.frames ?? 0) > 2,
      undefined,
      { timeout: 120_000 },
    );
    await new Promise((r) => setTimeout(r, 3000));
    const bareFigures = frameFigures(await rafIntervals(barePage, MEASURE_MS));
    const bareProfile = options.profile ? await profileMainThread(barePage, PROFILE_MS, 'frame-bare') : null;
    await barePage.close();

    // The same dashboard built from an earlier commit, measured first in this run, so that a change
    // is judged against what it replaced on the same machine under the same load.
    const baselineRef = process.env['WATCHFLOOR_BENCH_BASELINE'];
    let baseline: { figures: FrameFigures; shownSeq: number; lastSeq: number; ref: string } | null = null;
    if (baselineRef) {
      const baselineDir = join(dir, 'baseline');
      const baselineHost = await openHost(server, baselineDir, buildBaselineRenderer(baselineRef));
      try {
        const basePage = await openDashboard(context, baselineHost);
        await caughtUp(basePage, server);
        await mapIdle(basePage);
        await new Promise((r) => setTimeout(r, 3000));
        const figures = frameFigures(await rafIntervals(basePage, MEASURE_MS));
        baseline = {
          figures,
          shownSeq: await shownSeqOf(basePage),
          lastSeq: server.lastSeq,
          ref: baselineRef,
        };
        await basePage.close();
      } finally {
        await baselineHost.close();
      }
    }

    t = performance.now();
    host = await openHost(server, dir, options.profile ? await buildProfilingRenderer() : undefined);
    const page = await openDashboard(context, host);
    await caughtUp(page, server);
    await mapIdle(page);
    console.log(`  set-up: dashboard caught up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 3000));
    const dashFigures = frameFigures(await rafIntervals(page, MEASURE_MS));
    const shownSeq = await shownSeqOf(page);
    // The server's, read now: the layers' or profile's minutes after it are not the page's lag.
    const lastSeq = server.lastSeq;
    const dashProfile = options.profile ? await profileMainThread(page, PROFILE_MS, 'frame-dashboard') : null;
    const layerCosts = options.layers ? await layerAblation(page) : null;
    await page.close();

    const line = (name: string, f: FrameFigures): string =>
      `  ${name}: mean ${f.mean.toFixed(1)} ms (${(1000 / f.mean).toFixed(1)} fps), p95 ${f.p95.toFixed(1)} ms, ${fmt(f.frames)} frames; over ${LONG_FRAME_MS} ms: ${f.long.count} (${((100 * f.long.count) / (f.frames - 1)).toFixed(1)} %, ${fmt(f.long.ms)} ms in all)`;
    console.log(line('bare deck.gl page, same data', bareFigures));
    console.log(line('dashboard (browser host)', dashFigures));
    console.log(
      `  ratio dashboard/bare: mean ${(dashFigures.mean / bareFigures.mean).toFixed(2)}, p95 ${(dashFigures.p95 / bareFigures.p95).toFixed(2)}`,
    );
    console.log(`  dashboard at seq ${fmt(shownSeq)} of ${fmt(lastSeq)} after measuring`);
    if (baseline) {
      console.log(line(`dashboard as of ${baseline.ref}`, baseline.figures));
      console.log(
        `  ratio ${baseline.ref}/bare: mean ${(baseline.figures.mean / bareFigures.mean).toFixed(2)}, p95 ${(baseline.figures.p95 / bareFigures.p95).toFixed(2)}; this build against ${baseline.ref}: mean ${(dashFigures.mean / baseline.figures.mean).toFixed(2)}, p95 ${(dashFigures.p95 / baseline.figures.p95).toFixed(2)}`,
      );
      console.log(
        `  dashboard as of ${baseline.ref} at seq ${fmt(baseline.shownSeq)} of ${fmt(baseline.lastSeq)} after measuring`,
      );
    }
    if (bareProfile) console.log(formatProfile('the bare deck.gl page', bareProfile));
    if (dashProfile) console.log(formatProfile('the dashboard', dashProfile));
    if (layerCosts) {
      console.log(
        `  the dashboard with one thing turned off (frame mean against all on, measured just before):`,
      );
      for (const row of layerCosts)
        console.log(
          `    ${row.name.padEnd(22)} mean ${row.figures.mean.toFixed(1)} ms, p95 ${row.figures.p95.toFixed(1)} ms (${(row.figures.mean / row.base.mean).toFixed(2)} of all on, ${row.base.mean.toFixed(1)} ms)`,
        );
    }
  } finally {
    await context?.close();
    await host?.close();
    await server?.stop();
    if (bare) {
      bare.http.closeAllConnections();
      await new Promise((r) => bare!.http.close(r));
      rmSync(bare.dir, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Clicks a layer toggle from inside the page: the page's main thread can be blocked for seconds,
 * longer than playwright's actionability wait allows, and the click must land whenever it runs.
 */
async function toggle(page: Page, testId: string): Promise<void> {
  await page.evaluate(`document.querySelector('[data-testid="${testId}"]').click()`);
}

/** How long each ablation step is measured. */
const ABLATION_MS = 8_000;

/**
 * What each part of the picture costs a frame: the dashboard measured with everything on, then with
 * one layer switched off (its toggle, as an officer would), then with motion reduced (no pulse),
 * each against an all-on measurement taken just before it, since the picture grows as it runs.
 */
async function layerAblation(
  page: Page,
): Promise<{ name: string; figures: FrameFigures; base: FrameFigures }[]> {
  const ids = await page.$$eval('[data-testid^="layer-"] input, input[data-testid^="layer-"]', (inputs) =>
    inputs.map((i) => i.getAttribute('data-testid') ?? ''),
  );
  const out: { name: string; figures: FrameFigures; base: FrameFigures }[] = [];
  for (const id of ids) {
    const base = frameFigures(await rafIntervals(page, ABLATION_MS));
    await toggle(page, id);
    const figures = frameFigures(await rafIntervals(page, ABLATION_MS));
    await toggle(page, id);
    out.push({ name: id.replace(/^layer-/, ''), figures, base });
  }
  const base = frameFigures(await rafIntervals(page, ABLATION_MS));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const figures = frameFigures(await rafIntervals(page, ABLATION_MS));
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  out.push({ name: 'pulse (reduced motion)', figures, base });
  return out;
}

/** The baseline renderer's ref, when the run compares against one (WATCHFLOOR_BENCH_BASELINE). */
export function baselineRef(): string | null {
  return process.env['WATCHFLOOR_BENCH_BASELINE'] || null;
}

/** "p50 …, p95 …, max …" of latencies in ms. */
export function spread(values: readonly number[]): string {
  if (values.length === 0) return 'none';
  return `p50 ${fmt(percentile(values, 50))} ms, p95 ${fmt(percentile(values, 95))} ms, max ${fmt(Math.max(...values))} ms`;
}

/** A "before / after / ratio" line of one figure (lower is better). */
export function beforeAfter(name: string, ref: string, before: number, after: number, unit = 'ms'): string {
  return `  ${name}: before (${ref}) ${fmt(before)} ${unit} / after ${fmt(after)} ${unit} / ratio after/before ${(after / before).toFixed(2)}`;
}

interface LatencyFigures {
  /** inject to the incident's feed row in the DOM, ms, of those seen. */
  row: number[];
  /** inject to the incident drawn on the map, ms; null when the renderer has no draw probe. */
  drawn: number[] | null;
  /** inject to committed in the host's core, ms. */
  committed: number[];
  /** inject to the first socket message naming the incident reaching the page's main thread, ms. */
  arrived: number[];
  /**
   * The socket message reaching the page's main thread to the incident drawn on the map, ms, per
   * incident (the page's own share, whatever the host's process was doing); null without a probe.
   */
  arrivedToDrawn: number[] | null;
  /** The page's long tasks (over 50 ms) while the incidents were measured: count and summed ms. */
  longTasks: { count: number; ms: number; longestMs: number };
  count: number;
}

/**
 * Put in every page of the latency bench before it loads: notes when the first socket message that
 * names a watched incident (the draw probe's prefix) reaches the page's main thread, and the page's
 * long tasks, so that inject-to-drawn splits into feed and host, the wait in the page's queue, and
 * the page's own work. A string, not a function (see rafIntervals).
 */
const LATENCY_INIT_SCRIPT = `(() => {
  const arrived = {};
  window.__socketSeen = arrived;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const probe = window.__watchfloorDrawProbe;
        if (!probe || typeof event.data !== 'string' || event.data.indexOf(probe.prefix) < 0) return;
        const at = Date.now();
        const ids = event.data.match(new RegExp(probe.prefix + '[0-9]+', 'g')) || [];
        for (const id of ids) if (!(id in arrived)) arrived[id] = at;
      });
    }
  };
  const longTasks = [];
  window.__longTasks = longTasks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push([performance.timeOrigin + entry.startTime, entry.duration]);
    }).observe({ type: 'longtask' });
  } catch {}
})()`;

/**
 * Injects `count` incidents 1.5 s apart (ids `prefix` + n) into the live server and times each
 * to its row in the page's feed and to its first frame on the map (the page's draw probe).
 */
async function measureLatency(
  page: Page,
  host: BrowserHost,
  server: SimulatorServer,
  count: number,
  prefix: string,
  probe: boolean,
): Promise<LatencyFigures> {
  await page.evaluate(`(() => {
    const seen = {};
    window.__rowSeen = seen;
    window.__watchfloorDrawProbe = { prefix: ${JSON.stringify(prefix)}, drawn: {} };
    const ROW = '[data-testid="incident-row"]';
    function note(el) {
      const id = el.getAttribute('data-incident-id');
      if (id && !(id in seen)) seen[id] = Date.now();
    }
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.matches(ROW)) note(node);
          for (const row of node.querySelectorAll(ROW)) note(row);
        }
        if (record.type === 'attributes' && record.target.matches(ROW)) note(record.target);
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-incident-id'] });
  })()`);

  const sectors = Object.values(server.state.sectors);
  const measuringFrom = Date.now();
  const injectedAt: Record<string, number> = {};
  const committedAt: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const sector = sectors[i % sectors.length]!;
    const [lon, lat] = sector.line[Math.floor(sector.line.length / 2)]!;
    const incidentId = `${prefix}${i}`;
    const now = server.operationTime;
    injectedAt[incidentId] = Date.now();
    const [event] = server.inject([
      {
        ts: now,
        type: 'incident.reported',
        payload: {
          incidentId,
          category: INCIDENT_CATEGORIES[i % INCIDENT_CATEGORIES.length]!,
          priority: ((i % 4) + 1) as 1 | 2 | 3 | 4,
          title: `Latency probe ${i}`,
          lon,
          lat,
          sectorId: sector.sectorId,
          reportedAt: now,
        },
      },
    ]);
    // The host's core committing it: splits the latency into feed-to-core and core-to-DOM.
    const core = host.core;
    const seq = event!.seq;
    const poll = setInterval(() => {
      if (core.status.lastSeq >= seq) {
        committedAt[incidentId] = Date.now();
        clearInterval(poll);
      }
    }, 5);
    setTimeout(() => clearInterval(poll), 30_000).unref();
    await new Promise((r) => setTimeout(r, 1500));
  }
  // Until every row is in and (with a probe) every incident drawn, or 30 s.
  await page
    .waitForFunction(
      ([n, withProbe]) => {
        const w = window as unknown as { __rowSeen: object; __watchfloorDrawProbe: { drawn: object } };
        return (
          Object.keys(w.__rowSeen).length >= n &&
          (!withProbe || Object.keys(w.__watchfloorDrawProbe.drawn).length >= n)
        );
      },
      [count, probe] as const,
      { timeout: 30_000 },
    )
    .catch(() => {});
  const { seen, drawn, arrived, tasks } = await page.evaluate(() => {
    const w = window as unknown as {
      __rowSeen: Record<string, number>;
      __watchfloorDrawProbe: { drawn: Record<string, number> };
      __socketSeen?: Record<string, number>;
      __longTasks?: [number, number][];
    };
    return {
      seen: w.__rowSeen,
      drawn: w.__watchfloorDrawProbe.drawn,
      arrived: w.__socketSeen ?? {},
      tasks: w.__longTasks ?? [],
    };
  });
  const since = (at: Record<string, number>): number[] =>
    Object.keys(injectedAt)
      .filter((id) => at[id] !== undefined)
      .map((id) => at[id]! - injectedAt[id]!);
  const during = tasks.filter(([start]) => start >= measuringFrom);
  const between = (from: Record<string, number>, to: Record<string, number>): number[] =>
    Object.keys(injectedAt)
      .filter((id) => from[id] !== undefined && to[id] !== undefined)
      .map((id) => to[id]! - from[id]!);
  return {
    row: since(seen),
    drawn: probe ? since(drawn) : null,
    arrivedToDrawn: probe ? between(arrived, drawn) : null,
    committed: since(committedAt),
    arrived: since(arrived),
    longTasks: {
      count: during.length,
      ms: during.reduce((sum, [, ms]) => sum + ms, 0),
      longestMs: during.reduce((most, [, ms]) => Math.max(most, ms), 0),
    },
    count,
  };
}

/** Where the time from inject to drawn went, as lines of the bench's output. */
function anatomyLines(label: string, f: LatencyFigures, measuredMs: number): string[] {
  return [
    `  ${label}: inject to committed in the host's core ${spread(f.committed)}; to the socket message reaching the page's main thread ${spread(f.arrived)}`,
    ...(f.arrivedToDrawn
      ? [
          `  ${label}: the socket message on the page's main thread to drawn on the map ${spread(f.arrivedToDrawn)}`,
        ]
      : []),
    `  ${label}: the page's long tasks (> 50 ms) while measuring: ${f.longTasks.count}, ${fmt(f.longTasks.ms)} ms of ${fmt(measuredMs)} ms (${((100 * f.longTasks.ms) / measuredMs).toFixed(0)}%), longest ${fmt(f.longTasks.longestMs)} ms`,
  ];
}

/**
 * Event-to-screen latency: `server.inject` in Node to the incident's row in the dashboard's DOM and
 * to the first frame that draws it on the map, with `units` units reporting live.
 */
export async function benchLatency(units = 300): Promise<void> {
  const count = 20;
  const reportIntervalMs = units >= 5000 ? 2000 : 10_000;
  const name = units >= 5000 ? 'latency-5k' : 'latency';
  console.log(
    `${name}: ${count} incidents injected 1.5 s apart, server.inject to the feed row in the DOM and to the incident drawn on the map (${fmt(units)} units reporting every ${reportIntervalMs / 1000} s, Chromium, software WebGL, 1280x800)`,
  );
  if (!ensureBuilt()) return;
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-latency-'));
  let server: SimulatorServer | undefined;
  let host: BrowserHost | undefined;
  let context: BrowserContext | undefined;
  try {
    server = await startLiveServer({ dir, token: TOKEN, units, reportIntervalMs });
    context = await launch();
    await context.addInitScript(LATENCY_INIT_SCRIPT);

    const ref = baselineRef();
    let before: LatencyFigures | null = null;
    if (ref) {
      const rendererDir = buildBaselineRenderer(ref);
      const baselineHost = await openHost(server, join(dir, 'baseline'), rendererDir);
      try {
        const page = await openDashboard(context, baselineHost);
        await caughtUp(page, server);
        await mapIdle(page);
        before = await measureLatency(
          page,
          baselineHost,
          server,
          count,
          'INC-LAT-BASE-',
          hasDrawProbe(rendererDir),
        );
        await page.close();
      } finally {
        await baselineHost.close();
      }
    }

    // WATCHFLOOR_BENCH_PROFILE=1: this checkout's page unminified, its main thread profiled while measured.
    const profiling = Boolean(process.env['WATCHFLOOR_BENCH_PROFILE']);
    host = await openHost(server, dir, profiling ? await buildProfilingRenderer() : undefined);
    const page = await openDashboard(context, host);
    await caughtUp(page, server);
    await mapIdle(page);
    const profile = profiling ? profileMainThread(page, count * 1500, name) : null;
    const after = await measureLatency(page, host, server, count, 'INC-LAT-', true);
    if (profile) console.log(formatProfile('the dashboard while measured', await profile));
    await page.close();

    const rowTarget = units >= 5000 ? 1000 : 500;
    console.log(
      `  inject to row in DOM (${after.row.length} of ${count} seen): ${spread(after.row)} (target p95 <= ${fmt(rowTarget)} ms)`,
    );
    console.log(
      `  inject to drawn on the map (${after.drawn!.length} of ${count} drawn): ${spread(after.drawn!)} (target p95 <= 1,000 ms)`,
    );
    const measuredMs = count * 1500;
    for (const line of anatomyLines('where the time went', after, measuredMs)) console.log(line);
    if (before && ref) {
      const drawnBefore = before.drawn
        ? `(${before.drawn.length} of ${count} drawn): ${spread(before.drawn)}`
        : 'n/a (no probe)';
      console.log(
        `  as of ${ref}: inject to row in DOM (${before.row.length} of ${count} seen): ${spread(before.row)}; inject to drawn on the map ${drawnBefore}; committed in the core: ${spread(before.committed)}`,
      );
      for (const line of anatomyLines(`as of ${ref}`, before, measuredMs)) console.log(line);
      console.log(beforeAfter('row p50', ref, percentile(before.row, 50), percentile(after.row, 50)));
      console.log(beforeAfter('row p95', ref, percentile(before.row, 95), percentile(after.row, 95)));
      if (before.drawn) {
        const drawn = after.drawn!;
        console.log(beforeAfter('drawn p50', ref, percentile(before.drawn, 50), percentile(drawn, 50)));
        console.log(beforeAfter('drawn p95', ref, percentile(before.drawn, 95), percentile(drawn, 95)));
        if (before.arrivedToDrawn && after.arrivedToDrawn) {
          const [b, a] = [before.arrivedToDrawn, after.arrivedToDrawn];
          console.log(beforeAfter('message to drawn p50', ref, percentile(b, 50), percentile(a, 50)));
          console.log(beforeAfter('message to drawn p95', ref, percentile(b, 95), percentile(a, 95)));
        }
      } else
        console.log(
          `  drawn p95: before (${ref}) n/a (no probe) / after ${fmt(percentile(after.drawn!, 95))} ms`,
        );
    }
  } finally {
    await context?.close();
    await host?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
