import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCoordinate, parseCoordinate } from '../../shared/coordinates';
import { lngLat } from '../../shared/units';
import { mapFrames, mapIdle } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The watch officer's coordinates, measure and clocks in Chromium, on the workstation's own demo
 * operation (so that Settings can be changed): the pointer's position read off the map, "go to" an
 * MGRS reference, the measure tool, the UTC and local clocks, and the setting that switches every
 * time on screen between UTC and local time, each time saying which.
 */

const ROOT = process.cwd();
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
// The page's zone (the browser context's) and this process's: a zone that is not UTC, so that
// local times and UTC ones differ (December: UTC+1).
const ZONE = 'Europe/Belgrade';
// Belgrade, at the confluence of the Sava and the Danube.
const BELGRADE = lngLat(20.4489, 44.8186);

let dashboard: Dashboard;
let page: Page;
const savedZone = process.env.TZ;

const byTest = (id: string): string => `[data-testid="${id}"]`;

/** Metres between two nearby positions (equirectangular: enough at this scale). */
function metresApart(a: readonly [number, number], b: readonly [number, number]): number {
  const k = 111_320;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
}

async function mapCenter(): Promise<[number, number] | null> {
  return page.evaluate(
    () =>
      (window as unknown as { __watchfloorMap?: { center: [number, number] | null } }).__watchfloorMap
        ?.center ?? null,
  );
}

/** The middle of the map in page pixels. */
async function mapMiddle(): Promise<{ x: number; y: number }> {
  const box = await page.locator(byTest('map')).boundingBox();
  if (!box) throw new Error('no map on the page');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe.skipIf(!chromiumAvailable)('coordinates, measure and time zones in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    process.env.TZ = ZONE;
    dashboard = await openDashboard({
      name: 'coordinates',
      host: { demoScenario: { units: 40 } },
      viewport: { width: 1280, height: 720 },
      timezoneId: ZONE,
      // A new workstation greets the officer; the demo operation is enough here.
      chooseDemo: true,
    });
    ({ page } = dashboard);
    await mapIdle(page);
    await page.locator(byTest('incident-row')).first().waitFor({ timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    process.env.TZ = savedZone;
  });

  it('shows the position under the pointer in the format chosen', async () => {
    const readout = page.locator(byTest('coordinate-readout'));
    const middle = await mapMiddle();
    await page.mouse.move(middle.x, middle.y);
    await page.mouse.move(middle.x + 3, middle.y + 3);
    // MGRS unless this browser profile chose otherwise.
    await expect.poll(() => readout.innerText()).toMatch(/^\d{1,2}[C-X] [A-Z]{2} \d{5} \d{5}$/);
    const mgrsText = await readout.innerText();

    await page.selectOption(byTest('coordinate-format'), 'dd');
    const ddText = await readout.innerText();
    expect(ddText).toMatch(/^-?\d+\.\d{5}, -?\d+\.\d{5}$/);
    // The two readings are of the same place, and it is near the map's centre.
    const fromMgrs = parseCoordinate(mgrsText);
    const fromDd = parseCoordinate(ddText);
    expect(fromMgrs.ok && fromDd.ok).toBe(true);
    if (fromMgrs.ok && fromDd.ok) expect(metresApart(fromMgrs.position, fromDd.position)).toBeLessThan(5);
    await page.selectOption(byTest('coordinate-format'), 'dms');
    expect(await readout.innerText()).toMatch(/^\d+°\d{2}′\d{2}\.\d″[NS] \d+°\d{2}′\d{2}\.\d″[EW]$/);
    await page.selectOption(byTest('coordinate-format'), 'utm');
    expect(await readout.innerText()).toMatch(/^\d{1,2}[C-X] \d{6} \d{7}$/);
    await page.selectOption(byTest('coordinate-format'), 'mgrs');

    // A click copies what is shown (or, where the clipboard is out of reach, shows it to copy by hand).
    const shown = await readout.innerText();
    await readout.click();
    await expect.poll(() => page.locator(byTest('notice')).innerText()).toContain(shown);
    await page.click(byTest('notice-dismiss'));
  });

  it('refuses a reference it cannot read, saying why, and goes to an MGRS reference', async () => {
    await page.click(byTest('goto-button'));
    const field = page.locator(byTest('goto-input'));
    await field.fill('34T ZZ 123');
    await field.press('Enter');
    await expect.poll(() => page.locator(byTest('goto-problem')).innerText()).toContain('MGRS');
    // The text stays to be corrected.
    expect(await field.inputValue()).toBe('34T ZZ 123');

    const reference = formatCoordinate(BELGRADE, 'mgrs');
    const idle = await mapIdle(page);
    await field.fill(reference);
    await field.press('Enter');
    await expect.poll(async () => (await page.locator(byTest('goto-input')).count()) === 0).toBe(true);
    await mapIdle(page, idle);
    await expect
      .poll(async () => {
        const center = await mapCenter();
        return center ? metresApart(center, BELGRADE) : Number.POSITIVE_INFINITY;
      })
      .toBeLessThan(20);
  });

  it('measures distance and bearing between two clicked points, and Esc ends it', async () => {
    const middle = await mapMiddle();
    await page.click(byTest('measure-button'));
    expect(await page.locator(byTest('map-tool-hint')).innerText()).toMatch(/first point/);
    await page.mouse.click(middle.x - 150, middle.y + 60);
    await expect.poll(() => page.locator(byTest('map-tool-hint')).innerText()).toMatch(/second point/);
    await page.mouse.click(middle.x + 150, middle.y - 60);
    const result = page.locator(byTest('measure-result'));
    // At zoom 12 in Belgrade 300 px across is a few kilometres; the second point is up and to the right.
    await expect.poll(() => result.innerText()).toMatch(/^Distance \d+(\.\d)? k?m · bearing 0[4-8]\d°$/);

    // Range rings around a point, for the screenshot too.
    await page.click(byTest('rings-button'));
    await page.mouse.click(middle.x, middle.y);
    await mapFrames(page, await mapFrames(page));
    await page.mouse.move(middle.x + 40, middle.y + 40);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinates.png') });

    // Esc ends the tool in hand, then takes the drawings off the map; the selection is untouched.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(byTest('map-tool-hint')).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => result.count()).toBe(0);
  });

  it('shows a UTC and a local clock, and the setting switches every time between UTC and local', async () => {
    const utc = await page.locator(byTest('clock-utc')).innerText();
    expect(utc).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const [h, m, s] = utc.split(':').map(Number);
    const now = new Date();
    const apart = Math.abs(
      (h ?? 0) * 3600 +
        (m ?? 0) * 60 +
        (s ?? 0) -
        (now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds()),
    );
    expect(Math.min(apart, 86_400 - apart)).toBeLessThan(10);
    expect(await page.locator(byTest('clock-local')).getAttribute('data-zone')).toBe('UTC+1');

    // UTC by default: every time in the feed says so.
    const firstTime = page.locator(`${byTest('incident-row')} .wf-time`).first();
    expect(await firstTime.innerText()).toMatch(/^(\S+ )?\d{2}:\d{2} UTC$/);

    await page.locator(byTest('connection-button')).click();
    await page.click(byTest('settings-tab-preferences'));
    await page.selectOption(byTest('pref-timeZone'), 'local');
    await page.click(byTest('pref-save'));
    await expect.poll(() => page.locator(byTest('pref-message')).innerText()).toBe('Saved.');
    await page.keyboard.press('Escape');
    await expect.poll(() => firstTime.innerText()).toMatch(/^(\S+ )?\d{2}:\d{2} UTC\+1$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinates-local-time.png') });
  });

  it('gives the MGRS reference of an incident in its drawer', async () => {
    await page.locator(byTest('incident-row')).first().click();
    await expect
      .poll(() => page.locator(byTest('drawer-mgrs')).innerText())
      .toMatch(/^\d{1,2}[C-X] [A-Z]{2} \d{5} \d{5}$/);
    await page.keyboard.press('Escape');
  });

  it('fits the tools in Serbian Cyrillic at 1280 × 720', async () => {
    await page.locator(byTest('connection-button')).click();
    await page.click(byTest('settings-tab-preferences'));
    await page.selectOption(byTest('pref-language'), 'sr-Cyrl');
    await page.click(byTest('pref-save'));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator(byTest('measure-button')).innerText()).toBe('Мери');
    await page.click(byTest('measure-button'));
    const middle = await mapMiddle();
    await page.mouse.click(middle.x - 120, middle.y + 40);
    await page.mouse.click(middle.x + 120, middle.y - 40);
    await expect.poll(() => page.locator(byTest('measure-result')).innerText()).toMatch(/^Растојање /);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinates-sr-Cyrl.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });
});
