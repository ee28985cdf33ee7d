import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_COLORS, IMPACT_COLORS, ORIENTATION_COLORS } from '../../renderer/src/map/colors';
import { countColour, greyVariance, mapIdle, pixels } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The orientation layers (rivers, lakes, places, airports, ports) and the legend, as an officer
 * meets them: drawn on the map, hidden by their layer switch, and the legend opened from the
 * command palette and from its button.
 */

const ROOT = process.cwd();
const START = Date.now() - 3_600_000;
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
let dashboard: Dashboard;
let page: Page;

async function legendEntries(): Promise<string[]> {
  return page
    .locator('[data-testid="legend-entry"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-entry') ?? ''));
}

describe.skipIf(!chromiumAvailable)('basemap and legend in Chromium through the browser host', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dashboard = await openDashboard({
      name: 'basemap',
      server: { scenario: { seed: 16, units: 80, incidentsPerHour: 20, startAt: START } },
      host: { operator: 'Officer Hoxha' },
      viewport: { width: 1600, height: 900 },
    });
    ({ page } = dashboard);
    await page.waitForFunction(
      () =>
        (window as unknown as { __watchfloorMap?: { basemapReady: boolean } }).__watchfloorMap?.basemapReady,
      undefined,
      { timeout: 90_000 },
    );
  }, 180_000);

  afterAll(() => dashboard?.close());

  it('draws the rivers over the land, and the geography switch hides them', async () => {
    const idle = await mapIdle(page);
    const shown = await pixels(page, '[data-testid="map"]', 'basemap-rivers-on.png', 50);
    const riverPixels = countColour(shown, ORIENTATION_COLORS.river, 24);
    // The Sava, Drina, Danube and the rest: thousands of pixels at 1600x900, not a stray few.
    expect(riverPixels).toBeGreaterThan(1500);

    await page.getByTestId('layer-basemap').uncheck();
    try {
      await mapIdle(page, idle);
      const hidden = await pixels(page, '[data-testid="map"]', 'basemap-rivers-off.png', 50);
      // What stays near the river blue is anti-aliasing of unit and sector lines, not rivers.
      expect(countColour(hidden, ORIENTATION_COLORS.river, 24)).toBeLessThan(riverPixels / 4);
    } finally {
      await page.getByTestId('layer-basemap').check();
    }
    await mapIdle(page);
  }, 180_000);

  it('opens the legend from the command palette and lists every symbol the map uses', async () => {
    await expect(page.getByTestId('legend').count()).resolves.toBe(0);
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('command-palette').locator('input');
    await input.fill('legend');
    await input.press('Enter');
    const legend = page.getByTestId('legend');
    await legend.waitFor({ state: 'visible' });
    await expect(page.getByTestId('legend-button').getAttribute('aria-pressed')).resolves.toBe('true');

    const entries = await legendEntries();
    for (const agency of Object.keys(AGENCY_COLORS)) expect(entries).toContain(`agency.${agency}`);
    for (const level of Object.keys(IMPACT_COLORS)) expect(entries).toContain(`impact.${level}`);
    expect(entries).toEqual(
      expect.arrayContaining([
        'kind.foot',
        'kind.fixed_post',
        'unit.inactive',
        'unit.stale',
        'unit.lost',
        'priority.1',
        'priority.4',
        'incident.unacknowledged',
        'crossing',
        'link',
        'river',
        'lake',
        'airport',
        'port',
      ]),
    );
    // Words, not codes, and the limits the officer set.
    const text = (id: string) => legend.locator(`[data-entry="${id}"]`).innerText();
    await expect(text('agency.border_police')).resolves.toBe('border police');
    await expect(text('unit.lost')).resolves.toContain('20 min');
    await expect(text('river')).resolves.toBe('River');
    await expect(legend.innerText()).resolves.toContain('Natural Earth');
    // The swatch is the map's own colour.
    await expect(legend.locator('[data-entry="agency.customs"] circle').getAttribute('fill')).resolves.toBe(
      AGENCY_COLORS.customs,
    );

    await legend.getByRole('button').click();
    await legend.waitFor({ state: 'detached' });
  }, 120_000);

  it('opens the legend from its button, beside the open map', async () => {
    await page.getByTestId('legend-button').click();
    const legend = page.getByTestId('legend');
    await legend.waitFor({ state: 'visible' });
    expect((await legendEntries()).length).toBeGreaterThan(30);
    const box = await legend.boundingBox();
    const map = await page.getByTestId('map').boundingBox();
    // Fully on the map, not clipped by the window at 1600x900.
    expect(box && map && box.y + box.height <= map.y + map.height && box.x >= map.x).toBe(true);

    await mapIdle(page);
    await page.screenshot({
      path: join(SCREENSHOTS, 'basemap-legend.png'),
      animations: 'disabled',
      timeout: 60_000,
    });
    const canvas = await pixels(page, '[data-testid="map"]', 'basemap-legend-map.png', 50);
    expect(greyVariance(canvas)).toBeGreaterThan(20);

    // The button closes it again.
    await page.getByTestId('legend-button').click();
    await legend.waitFor({ state: 'detached' });
  }, 120_000);
});
