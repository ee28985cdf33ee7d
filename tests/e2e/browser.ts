import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where end-to-end screenshots are kept (CI keeps test-output/). */
export const SHOTS = join(process.cwd(), 'test-output', 'e2e');

/**
 * Chromium's switches for these tests: software WebGL2 (SwiftShader; --enable-unsafe-swiftshader
 * is what lets Chromium 156 use it for WebGL). Not --disable-gpu: that also makes the compositor
 * software, which then reads every changed WebGL canvas back from the GPU process on each frame:
 * the map's six canvases took a page 12-15 s to become ready at 1280x800 that way, 4-5 s without.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--autoplay-policy=no-user-gesture-required',
];

/** How every test page is shown: 1280x800 at device pixel ratio 1, without animations. */
export const CONTEXT_OPTIONS = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  // No pulsing: under software WebGL every animation frame costs the main thread dearly, and
  // the dashboard honours the officer's reduced-motion setting anyway.
  reducedMotion: 'reduce',
} as const;

/**
 * A browser context in Chromium: in the run's shared Chromium when `endpoint` is given (the browser
 * tests' global set-up starts it; close the context's `browser()` after it, which only disconnects
 * from the shared one), else in a Chromium of its own (the benchmarks), which closes with the
 * context. `timezoneId`: the zone the page's clock is in (default: the machine's).
 */
export async function launch(endpoint = '', timezoneId?: string): Promise<BrowserContext> {
  mkdirSync(SHOTS, { recursive: true });
  if (endpoint) {
    const browser = await chromium.connect(endpoint);
    return browser.newContext({ ...CONTEXT_OPTIONS, timezoneId });
  }
  const profile = mkdtempSync(join(tmpdir(), 'watchfloor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...CONTEXT_OPTIONS,
    timezoneId,
    args: CHROMIUM_ARGS,
  });
  // Chromium may still be writing to the profile as it closes: retry, and never let a leftover
  // temporary folder throw out of an event handler (it took a whole bench run down once).
  context.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // left in the temporary folder; the OS clears it
    }
  });
  return context;
}

/** Resolves after the map's next idle event (maplibre's own), never after a fixed time. */
export async function mapIdle(page: Page, after = 0): Promise<number> {
  await page.waitForFunction(
    (n) =>
      ((window as unknown as { __watchfloorMap?: { idleCount: number } }).__watchfloorMap?.idleCount ?? 0) >
      n,
    after,
    {
      timeout: 90_000,
    },
  );
  return page.evaluate(
    () => (window as unknown as { __watchfloorMap: { idleCount: number } }).__watchfloorMap.idleCount,
  );
}

/** Resolves once deck.gl has drawn more frames than `after` (data changes redraw deck.gl, not maplibre). */
export async function mapFrames(page: Page, after = -1): Promise<number> {
  await page.waitForFunction(
    (n) => ((window as unknown as { __watchfloorMap?: { frames: number } }).__watchfloorMap?.frames ?? 0) > n,
    after,
    {
      timeout: 90_000,
    },
  );
  return page.evaluate(
    () => (window as unknown as { __watchfloorMap: { frames: number } }).__watchfloorMap.frames,
  );
}

/** Pixels of a screenshot of an element (a page clip: no scrolling or stability waits on a live map). */
export async function pixels(page: Page, selector: string, file: string, insetY = 0): Promise<PNG> {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not on the page`);
  // insetY trims the top and bottom, where HTML controls sit over the map canvas.
  const box = { ...found, y: found.y + insetY, height: found.height - 2 * insetY };
  const buffer = await page.screenshot({
    path: join(SHOTS, file),
    clip: box,
    animations: 'disabled',
    timeout: 60_000,
  });
  return PNG.sync.read(buffer);
}

/** Variance of the grey level: a blank or single-colour canvas gives about 0. */
export function greyVariance(png: PNG): number {
  let sum = 0;
  let sumSq = 0;
  const n = png.width * png.height;
  for (let i = 0; i < png.data.length; i += 4) {
    const grey = 0.299 * png.data[i]! + 0.587 * png.data[i + 1]! + 0.114 * png.data[i + 2]!;
    sum += grey;
    sumSq += grey * grey;
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Share of pixels that differ noticeably between two screenshots of the same size. */
export function changedShare(a: PNG, b: PNG): number {
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d =
      Math.abs(a.data[i]! - b.data[i]!) +
      Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
      Math.abs(a.data[i + 2]! - b.data[i + 2]!);
    if (d > 30) changed++;
  }
  return changed / (a.width * a.height);
}

/** Pixels of the whole image within `tolerance` (sum of the channels' differences) of a colour `#rrggbb`. */
export function countColour(png: PNG, hex: string, tolerance: number): number {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const d =
      Math.abs(png.data[i]! - rgb[0]!) +
      Math.abs(png.data[i + 1]! - rgb[1]!) +
      Math.abs(png.data[i + 2]! - rgb[2]!);
    if (d < tolerance) count++;
  }
  return count;
}

/** Count of pixels close to a colour, in a square around `at` (the image's centre by default). */
export function pixelsNear(
  png: PNG,
  rgb: [number, number, number],
  radius: number,
  tolerance = 60,
  at: readonly [number, number] = [png.width / 2, png.height / 2],
): number {
  let count = 0;
  const cx = Math.floor(at[0]);
  const cy = Math.floor(at[1]);
  for (let y = Math.max(0, cy - radius); y <= Math.min(png.height - 1, cy + radius); y++) {
    for (let x = Math.max(0, cx - radius); x <= Math.min(png.width - 1, cx + radius); x++) {
      const i = (y * png.width + x) * 4;
      const d =
        Math.abs(png.data[i]! - rgb[0]) +
        Math.abs(png.data[i + 1]! - rgb[1]) +
        Math.abs(png.data[i + 2]! - rgb[2]);
      if (d < tolerance) count++;
    }
  }
  return count;
}

/** Where the map draws a point, in the map container's pixels (see WatchfloorMapProbe.project). */
export async function mapPoint(page: Page, lon: number, lat: number): Promise<[number, number]> {
  return page.evaluate(
    ([x, y]) =>
      (
        window as unknown as { __watchfloorMap: { project: (lon: number, lat: number) => [number, number] } }
      ).__watchfloorMap.project(x, y),
    [lon, lat] as const,
  );
}
