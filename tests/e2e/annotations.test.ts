import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION_COLORS } from '../../shared/annotation';
import { ZONE_ALARM_COLOR } from '../../renderer/src/map/colors';
import { countColour, mapFrames, mapIdle, mapPoint, pixels } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * A shared annotation as an officer draws it in Chromium through the browser host: an area drawn
 * with the mouse (three clicks, the last a double click), sent through the outbox and back from
 * the reference server, listed with its author, drawn in its palette colour, then deleted.
 */

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const MAGENTA = ANNOTATION_COLORS.magenta;
let dashboard: Dashboard;
let page: Page;

async function magentaPixels(name: string): Promise<number> {
  return countColour(await pixels(page, '[data-testid="map"]', `${name}.png`), MAGENTA, 30);
}

describe.skipIf(!chromiumAvailable)('shared annotations in Chromium through the browser host', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dashboard = await openDashboard({
      name: 'annotations',
      server: { scenario: { seed: 17, units: 10, incidentsPerHour: 1, startAt: Date.now() - 3_600_000 } },
      host: { operator: 'Officer Hoxha' },
      viewport: { width: 1400, height: 900 },
    });
    ({ page } = dashboard);
    await mapIdle(page);
  }, 120_000);

  afterAll(() => dashboard?.close());

  it('draws an area with the mouse, lists it, shows its colour on the map, and deletes it', async () => {
    await page.getByTestId('annotations-button').click();
    await page.getByTestId('annotation-kind-polygon').click();
    await page.getByTestId('annotation-color-magenta').click();
    // With the panel open: its palette shows the colour too.
    const before = await magentaPixels('annotations-before');
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    const at = (fx: number, fy: number): [number, number] => [
      box.x + box.width * fx,
      box.y + box.height * fy,
    ];
    await page.mouse.click(...at(0.55, 0.4));
    await page.mouse.click(...at(0.75, 0.42));
    await expect.poll(() => page.getByTestId('annotation-hint').textContent()).toContain('1');
    // The double click places the last vertex and finishes the area (and does not zoom the map).
    const frames = await mapFrames(page);
    await page.mouse.dblclick(...at(0.65, 0.62));

    const item = page.locator('[data-testid="annotation-item"][data-kind="polygon"][data-color="magenta"]');
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain('Officer Hoxha');
    await mapFrames(page, frames);
    await mapIdle(page);
    await expect
      .poll(() => magentaPixels('annotations-after'), { timeout: 30_000 })
      .toBeGreaterThan(before + 300);
    await page.screenshot({ path: join(SCREENSHOTS, 'annotations.png') });

    // Esc puts the area tool down; the map's clicks select again.
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('annotation-kind-polygon').getAttribute('aria-pressed'))
      .toBe('false');

    await item.getByTestId('annotation-delete').click();
    await expect
      .poll(() => page.locator('[data-testid="annotation-item"]').count(), { timeout: 30_000 })
      .toBe(0);
    await expect
      .poll(() => magentaPixels('annotations-deleted'), { timeout: 30_000 })
      .toBeLessThan(before + 50);
  }, 90_000);

  it("shows another workstation's hostile text as text, a bidi override made visible", async () => {
    const server = dashboard.server;
    const at = server.operationTime;
    server.inject([
      {
        ts: at,
        type: 'annotation.created',
        payload: {
          annotationId: 'A-HOSTILE',
          kind: 'text',
          coordinates: [[19.2, 44.5]],
          text: '<img src=x onerror="window.__pwned=1">AB\u202Edcba',
          color: 'lime',
          author: '<b>Desk 2</b>',
          at,
        },
      },
    ]);
    const item = page.locator('[data-testid="annotation-item"][data-annotation="A-HOSTILE"]');
    await item.waitFor({ timeout: 30_000 });
    const text = await item.innerText();
    expect(text).toContain('<img src=x onerror="window.__pwned=1">AB\uFFFDdcba');
    expect(text).toContain('<b>Desk 2</b>');
    expect(await item.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }, 60_000);
  it('makes a watch zone over a sector with a coverage rule nobody meets: listed and outlined in alarm red, then deleted', async () => {
    const redPixels = async (name: string) =>
      countColour(await pixels(page, '[data-testid="map"]', `${name}.png`), ZONE_ALARM_COLOR, 20);
    if ((await page.getByTestId('zone-panel').count()) === 0)
      await page.getByTestId('annotations-button').click();
    // Both panels are cards over the map (a background of their own), not words on the map itself.
    for (const panel of ['annotation-panel', 'zone-panel'])
      expect(
        await page.getByTestId(panel).evaluate((e) => getComputedStyle(e).backgroundColor),
        panel,
      ).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
    const before = await redPixels('zones-before');
    await page.getByTestId('zone-name').fill('Fifty on foot');
    await page.getByTestId('zone-sector').selectOption({ index: 1 });
    await page.getByTestId('zone-watch-units').uncheck();
    // A zone that watches nothing is refused with a message, and nothing is sent.
    await page.getByTestId('zone-create').click();
    await page.getByTestId('zone-problem').waitFor();
    await page.getByTestId('zone-at-least').check();
    await page.locator('[data-testid="zone-form"] input[type="number"]').fill('50');
    await page.getByTestId('zone-at-least-kind').selectOption('foot');
    await page.getByTestId('zone-create').click();
    const item = page.locator('[data-testid="zone-item"][data-alarm="true"]');
    await item.waitFor({ timeout: 30_000 });
    expect(await item.getByTestId('zone-breach').textContent()).toContain('50');
    await mapIdle(page);
    await expect.poll(() => redPixels('zones-after'), { timeout: 30_000 }).toBeGreaterThan(before + 200);
    await page.screenshot({ path: join(SCREENSHOTS, 'zones.png') });
    await item.getByTestId('zone-delete').click();
    await expect.poll(() => page.locator('[data-testid="zone-item"]').count(), { timeout: 30_000 }).toBe(0);
  }, 90_000);

  it('raises a banner when the reference server moves a unit into a zone: named, read out, Show focuses, dismiss removes', async () => {
    const server = dashboard.server;
    const at = server.operationTime;
    const ring: [number, number][] = [
      [21.1, 42.1],
      [21.3, 42.1],
      [21.3, 42.3],
      [21.1, 42.3],
    ];
    const position = (lon: number, lat: number, when: number) => ({
      ts: when,
      type: 'unit.position' as const,
      payload: { unitId: 'U-ZONE', lon, lat, heading: 0, speed: 2, accuracy: 10, at: when },
    });
    server.inject([
      {
        ts: at,
        type: 'unit.upserted',
        payload: {
          unitId: 'U-ZONE',
          callsign: 'KS-BP 77',
          agency: 'border_police',
          organisation: 'Border Police',
          country: 'XK',
          kind: 'boat',
          status: 'patrolling',
        },
      },
      position(21.0, 42.0, at),
      {
        ts: at,
        type: 'zone.created',
        payload: {
          zoneId: 'Z-E2E',
          name: 'Lake Gazivoda',
          area: { kind: 'polygon', coordinates: ring },
          onEntry: true,
          onExit: false,
          watchUnits: true,
          unitKinds: ['boat'],
          watchIncidents: false,
          incidentCategories: [],
          incidentPriorities: [],
          coverage: [],
          author: 'Desk 2',
          at,
        },
      },
    ]);
    if ((await page.getByTestId('zone-panel').count()) === 0)
      await page.getByTestId('annotations-button').click();
    await page.locator('[data-testid="zone-item"][data-zone="Z-E2E"]').waitFor({ timeout: 30_000 });
    // The zone was made with no boat inside and watches no coverage: nothing to say yet.
    expect(await page.getByTestId('zone-alert-banner').count()).toBe(0);
    server.inject([position(21.2, 42.2, at + 1_000)]);
    const banner = page.locator('[data-testid="zone-alert-banner"][data-zone="Z-E2E"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('data-kind')).toBe('entry');
    expect(await banner.getByTestId('zone-alert-name').textContent()).toBe('Lake Gazivoda');
    expect(await banner.getByTestId('zone-alert-what').textContent()).toContain('KS-BP 77');
    expect(await page.getByTestId('zone-alert-announce').textContent()).toContain('Lake Gazivoda');
    // The banner sits over the map, above its controls, not on them.
    const bannerBox = (await banner.boundingBox())!;
    const controls = (await page.getByTestId('layer-toggles').boundingBox())!;
    expect(controls.y).toBeGreaterThanOrEqual(bannerBox.y + bannerBox.height);
    // Show brings the zone to the middle of the map; reached with the keyboard.
    await banner.getByTestId('zone-alert-show').focus();
    await page.keyboard.press('Enter');
    const map = (await page.locator('[data-testid="map"]').boundingBox())!;
    await expect
      .poll(
        async () => {
          const [x, y] = await mapPoint(page, 21.2, 42.2);
          return Math.hypot(x - map.width / 2, y - map.height / 2);
        },
        { timeout: 30_000 },
      )
      .toBeLessThan(40);
    await mapIdle(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'zone-alert.png') });
    await banner.getByTestId('zone-alert-dismiss').click();
    const left = async () =>
      (await page.getByTestId('zone-alert-banner').count()) === 0
        ? ''
        : await page.getByTestId('zone-alert-banner').evaluate((e) => e.outerHTML);
    await expect.poll(left, { timeout: 10_000 }).toBe('');
  }, 90_000);
});
