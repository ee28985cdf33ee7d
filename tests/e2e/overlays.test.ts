import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERLAY_COLOR } from '../../renderer/src/map/layers/overlays';
import { countColour, mapFrames, mapIdle, mapPoint, pixels } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * Overlays as an officer meets them in Chromium through the browser host: a partner's KML opened
 * with the page's file picker, drawn on the map in the overlays' colour with its points' names
 * on hover, a hostile file refused in words with nothing kept lost, the overlay back after a
 * restart of the host, then hidden and removed.
 */

const ROOT = process.cwd();
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'overlays');
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const START = Date.now() - 3_600_000;
/** Post Horgoš in border-posts.kml. */
const POST: [number, number] = [19.9706, 46.1547];
let dashboard: Dashboard;
let page: Page;

/** Waits for the map to come to the fixture's features (around 19.8 E, 46.1 N). */
async function mapAtOverlay(): Promise<void> {
  await expect
    .poll(
      async () => {
        const c = await mapCenter();
        return c !== null && Math.abs(c[0] - 19.79) < 0.05 && Math.abs(c[1] - 46.1) < 0.05;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

async function overlayPixels(name: string): Promise<number> {
  return countColour(await pixels(page, '[data-testid="map"]', `${name}.png`), OVERLAY_COLOR, 30);
}

/** The map's centre when it last came to rest. */
async function mapCenter(): Promise<[number, number] | null> {
  return page.evaluate(
    () =>
      (window as unknown as { __watchfloorMap: { center: [number, number] | null } }).__watchfloorMap.center,
  );
}

/** Waits until deck.gl has drawn what was set after `frames` and the map is at rest. */
async function drawn(frames: number): Promise<void> {
  await mapFrames(page, frames);
  await mapIdle(page);
}

const items = () => page.locator('[data-testid="overlay-item"]');

describe.skipIf(!chromiumAvailable)('overlays in Chromium through the browser host', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dashboard = await openDashboard({
      name: 'overlays',
      server: { scenario: { seed: 17, units: 40, incidentsPerHour: 10, startAt: START } },
      host: { operator: 'Officer Hoxha' },
      viewport: { width: 1400, height: 900 },
    });
    ({ page } = dashboard);
    await mapIdle(page);
  }, 180_000);

  afterAll(() => dashboard?.close());

  it('opens a KML, draws its features and names its points on hover', async () => {
    const before = await overlayPixels('overlay-before');
    const frames = await mapFrames(page);
    await page.locator('[data-testid="overlay-file"]').setInputFiles(join(FIXTURES, 'border-posts.kml'));
    await page.locator('[data-testid="overlay-item"][data-features="5"][data-visible="true"]').waitFor();
    // The map goes to the overlay it opened (the file's features lie around 19.8 E, 46.1 N).
    await mapAtOverlay();
    await drawn(frames);
    const after = await overlayPixels('overlay-after');
    expect(after).toBeGreaterThan(before + 100);

    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    const [x, y] = await mapPoint(page, POST[0], POST[1]);
    expect(x > 0 && y > 0 && x < box.width && y < box.height).toBe(true);
    await page.mouse.move(box.x + x, box.y + y);
    const tooltip = page.locator('[data-testid="map"] > .deck-tooltip');
    await expect.poll(() => tooltip.textContent(), { timeout: 30_000 }).toContain('Post Horgoš');
    expect(await tooltip.textContent()).toContain('Joint patrol meeting point');
    expect(await tooltip.textContent()).toContain('border-posts.kml');
    await page.screenshot({ path: join(SCREENSHOTS, 'overlay.png') });
    await page.mouse.move(box.x + 5, box.y + box.height - 5);
  }, 120_000);

  it('refuses hostile and broken files in words, keeping what it has', async () => {
    const message = page.locator('[data-testid="overlay-message"][data-kind="refused"]');
    for (const [file, words] of [
      ['billion-laughs.kml', 'document type or XML entities'],
      ['nan-coordinates.kml', 'not numbers'],
      ['no-kml.kmz', 'holds no KML file'],
      ['empty.kml', 'the file is empty'],
    ] as const) {
      await page.locator('[data-testid="overlay-file"]').setInputFiles(join(FIXTURES, file));
      await expect.poll(() => message.textContent(), { timeout: 30_000 }).toContain(words);
      expect(await message.textContent()).toContain(file);
    }
    expect(await items().count()).toBe(1);
  }, 120_000);

  it('keeps the overlay for the operation across a restart, then hides and removes it', async () => {
    await page.close();
    await dashboard.restartHost();
    page = await dashboard.newPage();
    await mapIdle(page);
    const item = page.locator('[data-testid="overlay-item"][data-features="5"][data-visible="true"]');
    await item.waitFor({ timeout: 60_000 });
    // Drawn again: its name in the list takes the map to it (a new page starts on the operation's sectors).
    await item.locator('[data-testid="overlay-focus"]').click();
    await mapAtOverlay();
    await mapIdle(page);
    const shown = await overlayPixels('overlay-restarted');
    let frames = await mapFrames(page);
    await item.locator('input[type="checkbox"]').click();
    await page.locator('[data-testid="overlay-item"][data-visible="false"]').waitFor();
    await drawn(frames);
    const hidden = await overlayPixels('overlay-hidden');
    expect(shown - hidden).toBeGreaterThan(100);

    frames = await mapFrames(page);
    await page.locator('[data-testid="overlay-remove"]').click();
    await expect.poll(() => items().count()).toBe(0);
    await drawn(frames);
    // Gone from the store too: a new page has none.
    const again = await dashboard.newPage();
    await again.waitForSelector('[data-testid="overlay-open"][data-loaded="true"]');
    expect(await again.locator('[data-testid="overlay-item"]').count()).toBe(0);
    await again.close();
  }, 180_000);
});
