/**
 * Where the page's main thread spends its time, measured through the Chrome DevTools Protocol while
 * a browser bench runs: Chromium's own task counters (script, layout, style) and a sampled CPU
 * profile summarised by function. The renderer is built unminified for this, so the names in the
 * summary are the source's; the raw profile is kept in test-output/bench/ for DevTools.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';

const ROOT = process.cwd();
/** Where the unminified renderer is built, beside the shipped one. */
export const PROFILE_RENDERER_DIR = join(ROOT, 'out', 'renderer-profile');
const OUT = join(ROOT, 'test-output', 'bench');

const CHUNKS: ReadonlyArray<[RegExp, string]> = [
  [/node_modules\/(@deck\.gl|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl)\//, 'pkg-deckgl'],
  [/node_modules\/maplibre-gl\//, 'pkg-maplibre'],
  [/node_modules\/(react|react-dom|scheduler)\//, 'pkg-react'],
  [/node_modules\/(zod|i18next|react-i18next)\//, 'pkg-zod-i18next'],
  [/node_modules\//, 'pkg-other'],
];

function chunkOf(id: string): string | undefined {
  return CHUNKS.find(([pattern]) => pattern.test(id))?.[1];
}

/** Builds the renderer without minification, so profile frames carry the source's function names. */
export async function buildProfilingRenderer(): Promise<string> {
  await build({
    root: join(ROOT, 'renderer'),
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: PROFILE_RENDERER_DIR,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        input: join(ROOT, 'renderer', 'index.html'),
        // One chunk per large package, so the profile's script URLs say whose code a frame is.
        output: { manualChunks: chunkOf },
      },
    },
  });
  return PROFILE_RENDERER_DIR;
}

/** Milliseconds of the main thread in the window, by Chromium's own counters. */
export interface TaskTimes {
  readonly task: number;
  readonly script: number;
  readonly layout: number;
  readonly style: number;
}

/** One function's share of the sampled profile. */
export interface HotFunction {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
}

/** What {@link profileMainThread} found. */
export interface MainThreadProfile {
  readonly windowMs: number;
  readonly times: TaskTimes;
  /** Sampled self time by category: idle, garbage collection, the rest of the program, JavaScript. */
  readonly idleMs: number;
  readonly gcMs: number;
  readonly programMs: number;
  readonly jsMs: number;
  /** The functions with the most self time, highest first. */
  readonly top: readonly HotFunction[];
  /** Self time by source package (deck.gl, luma.gl, maplibre-gl, react, the app ...). */
  readonly byPackage: ReadonlyArray<{ readonly name: string; readonly selfMs: number }>;
  /**
   * Self time of the main thread's trace events by name (Chromium tracing): what the sampled
   * profile can only call "(program)" (GL calls, message decoding, painting) is named here.
   */
  readonly trace: ReadonlyArray<{ readonly name: string; readonly selfMs: number; readonly count: number }>;
  readonly file: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The trace categories read: the timeline DevTools shows, V8, GPU and the IPC that feeds the page. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'gpu',
  'cc',
  'toplevel',
  'ipc',
  'mojom',
];

/**
 * Self time per event name on the renderer's main thread: complete events nested by time, each
 * event's own time being its duration less its children's.
 */
export function traceSelfTimes(
  events: readonly TraceEvent[],
): Array<{ name: string; selfMs: number; count: number }> {
  // The profiled page's main thread: of the renderers' main threads in the trace (another page,
  // an extension's) the busiest.
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const spansOf = (m: TraceEvent): number =>
    events.reduce((n, e) => n + (e.pid === m.pid && e.tid === m.tid && e.ph === 'X' ? 1 : 0), 0);
  const main = mains.map((m) => ({ m, spans: spansOf(m) })).sort((a, b) => b.spans - a.spans)[0]?.m;
  if (!main) return [];
  const spans = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, { selfMs: number; count: number }>();
  const stack: Array<{ end: number; name: string }> = [];
  const add = (name: string, ms: number, count: number): void => {
    const entry = self.get(name) ?? { selfMs: 0, count: 0 };
    entry.selfMs += ms;
    entry.count += count;
    self.set(name, entry);
  };
  for (const span of spans) {
    const dur = span.dur ?? 0;
    while (stack.length > 0 && stack[stack.length - 1]!.end <= span.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) add(parent.name, -dur / 1000, 0);
    add(span.name, dur / 1000, 1);
    stack.push({ end: span.ts + dur, name: span.name });
  }
  return [...self.entries()]
    .map(([name, v]) => ({ name, ...v }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 15);
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const METRICS = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  layout: 'LayoutDuration',
  style: 'RecalcStyleDuration',
} as const;

/** Which package a frame's function came from: the chunk its script is ({@link CHUNKS}), else the app. */
function packageOf(frame: CpuProfileNode['callFrame']): string {
  if (!frame.url) return '(native)';
  const chunk = /\/(pkg-[a-z0-9-]+?)-[^/]*\.js/.exec(frame.url)?.[1];
  if (chunk) return chunk.replace(/^pkg-/, '');
  if (/\/assets\/[^/]*\.js/.test(frame.url)) return 'app';
  return frame.url.replace(/^.*\//, '');
}

/** Profiles the page's main thread for `ms`, while whatever the bench set up keeps running. */
export async function profileMainThread(page: Page, ms: number, label: string): Promise<MainThreadProfile> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  const metrics = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m: { name: string; value: number }) => [
        m.name,
        m.value,
      ]),
    );
  const traceEvents: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    traceEvents.push(...(data.value as unknown as TraceEvent[]));
  });
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: TRACE_CATEGORIES },
  });
  const before = await metrics();
  await cdp.send('Profiler.start');
  const started = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const windowMs = Date.now() - started;
  const after = await metrics();
  await cdp.send('Tracing.end');
  await traced;
  await cdp.detach();

  const delta = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  const times: TaskTimes = {
    task: delta(METRICS.task),
    script: delta(METRICS.script),
    layout: delta(METRICS.layout),
    style: delta(METRICS.style),
  };

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, HotFunction>();
  const byPackage = new Map<string, number>();
  let idleMs = 0;
  let gcMs = 0;
  let programMs = 0;
  let jsMs = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    if (frame.functionName === '(idle)') idleMs += dt;
    else if (frame.functionName === '(garbage collector)') gcMs += dt;
    else if (frame.functionName === '(program)' || frame.functionName === '(root)') programMs += dt;
    else {
      jsMs += dt;
      const where = `${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}`;
      const key = `${frame.functionName}@${where}`;
      const hot = self.get(key);
      self.set(key, {
        name: frame.functionName || '(anonymous)',
        where,
        selfMs: (hot?.selfMs ?? 0) + dt,
      });
      const pkg = packageOf(frame);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    }
  });
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${label}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  writeFileSync(join(OUT, `${label}.trace.json`), JSON.stringify({ traceEvents }));
  return {
    windowMs,
    times,
    idleMs,
    gcMs,
    programMs,
    jsMs,
    top: [...self.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, 15),
    byPackage: [...byPackage.entries()]
      .map(([name, selfMs]) => ({ name, selfMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 8),
    trace: traceSelfTimes(traceEvents),
    file,
  };
}

/** The profile as the bench prints it: shares of the window, then the hottest functions. */
export function formatProfile(name: string, p: MainThreadProfile): string {
  const pct = (ms: number): string => `${((100 * ms) / p.windowMs).toFixed(0)}%`;
  const ms = (v: number): string => `${Math.round(v).toLocaleString('en')} ms`;
  const lines = [
    `  profile of ${name} over ${ms(p.windowMs)} (${p.file.replace(`${ROOT}/`, '')}):`,
    `    main thread tasks ${ms(p.times.task)} (${pct(p.times.task)}): script ${ms(p.times.script)}, style ${ms(p.times.style)}, layout ${ms(p.times.layout)}`,
    `    samples: JavaScript ${pct(p.jsMs)}, GC ${pct(p.gcMs)}, other work (drawing, GL calls, parsing) ${pct(p.programMs)}, idle ${pct(p.idleMs)}`,
    `    JavaScript by package: ${p.byPackage.map((b) => `${b.name} ${pct(b.selfMs)}`).join(', ')}`,
    '    main thread trace, self time by event:',
    ...p.trace.map((e) => `      ${pct(e.selfMs).padStart(4)}  ${e.name} (${e.count.toLocaleString('en')})`),
    '    hottest JavaScript functions (self time):',
    ...p.top
      .filter((f) => f.selfMs >= p.windowMs / 1000)
      .map((f) => `      ${pct(f.selfMs).padStart(4)}  ${f.name} (${f.where})`),
  ];
  return lines.join('\n');
}
