import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../electron/browserHost';
import { REGIONAL_COLORS } from '../../renderer/src/map/regionalBasemap';
import type { RegionalBasemapProbe } from '../../renderer/src/map/regionalBasemap';
import { DEFAULT_PREFERENCES, SETTINGS_VERSION } from '../../shared/settings';
import { TEST_AREA_NAME, TEST_LAYER, writeVectorMbtiles } from '../integration/mbtilesFixture';
import { countColour, mapIdle, pixels } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The centre's own basemap, as an officer sets it up in Chromium through the browser host: a file
 * that is not a tile file is refused with the reason and the map stays as it was; the centre's
 * MBTiles file is then drawn (its area among the rendered features, in its colour on the canvas);
 * and an on-premises style on a loopback server is drawn, its tiles fetched through the host.
 */

const ROOT = process.cwd();
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
/** The on-premises style's fill: a colour nothing else on the map has. */
const STYLE_FILL = '#c0307a';
let dashboard: Dashboard;
let dir: string;
let host: BrowserHost;
let page: Page;
let styleServer: Server;
let styleOrigin = '';
const styleRequests: string[] = [];

const byTest = (id: string): string => `[data-testid="${id}"]`;

async function regional(): Promise<RegionalBasemapProbe | null> {
  return page.evaluate(
    () => (window as unknown as { __watchfloorRegional?: RegionalBasemapProbe }).__watchfloorRegional ?? null,
  );
}

/** Waits until the map has drawn the test area from the basemap of this kind. */
async function drawn(kind: RegionalBasemapProbe['kind']): Promise<void> {
  await page.waitForFunction(
    ([k, name]) => {
      const probe = (window as unknown as { __watchfloorRegional?: RegionalBasemapProbe })
        .__watchfloorRegional;
      return probe?.kind === k && probe.sourcesLoaded && probe.renderedNames.includes(name);
    },
    [kind, TEST_AREA_NAME] as const,
    { timeout: 90_000 },
  );
}

async function chooseBasemap(kind: string, field: string | null, value: string): Promise<string> {
  if ((await page.locator(byTest('settings-dialog')).count()) === 0) {
    await page.keyboard.press('Control+,');
    await page.waitForSelector(byTest('settings-dialog'));
  }
  await page.click(byTest('settings-tab-preferences'));
  await page.selectOption(byTest('basemap-kind'), kind);
  if (field) await page.fill(byTest(field), value);
  await page.click(byTest('basemap-save'));
  const message = page.locator(byTest('basemap-message'));
  await message.waitFor();
  return message.innerText();
}

async function closeSettings(): Promise<void> {
  // Its close button (after a save the focus may have left the dialog, and Esc with it).
  await page.click(`${byTest('settings-dialog')} .wf-settings-header .wf-button-quiet`);
  await page.locator(byTest('settings-dialog')).waitFor({ state: 'detached' });
}

describe.skipIf(!chromiumAvailable)("the centre's basemap in Chromium through the browser host", () => {
  const tiles = new Map<string, Buffer>();
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The centre's map server: a style whose tiles (the same area) and nothing else it serves.
    styleServer = createServer((req, res) => {
      styleRequests.push(req.url ?? '');
      const tile = /^\/tiles\/(\d+\/\d+\/\d+)\.pbf$/.exec(req.url ?? '');
      if (req.url === '/styles/region/style.json')
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            version: 8,
            sources: {
              centre: { type: 'vector', tiles: [`${styleOrigin}/tiles/{z}/{x}/{y}.pbf`], maxzoom: 7 },
            },
            layers: [
              {
                id: 'centre-land',
                type: 'fill',
                source: 'centre',
                'source-layer': TEST_LAYER,
                paint: { 'fill-color': STYLE_FILL },
              },
            ],
          }),
        );
      else if (tile && tiles.has(tile[1]!))
        res
          .writeHead(200, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' })
          .end(tiles.get(tile[1]!));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => styleServer.listen(0, '127.0.0.1', resolve));
    styleOrigin = `http://127.0.0.1:${(styleServer.address() as AddressInfo).port}`;
    dashboard = await openDashboard({
      name: 'regional',
      prepareDir: (folder) => {
        for (const [key, data] of writeVectorMbtiles(join(folder, 'region.mbtiles'))) tiles.set(key, data);
        writeFileSync(join(folder, 'notes.mbtiles'), 'This is not a tile file.\n'.repeat(40));
        // A workstation past its first run, on the demo operation.
        writeFileSync(
          join(folder, 'settings.json'),
          JSON.stringify({
            version: SETTINGS_VERSION,
            profiles: [],
            activeProfileId: 'demo',
            firstRunDone: true,
            preferences: DEFAULT_PREFERENCES,
          }),
        );
      },
      host: { demoScenario: { units: 40 } },
      viewport: { width: 1400, height: 820 },
    });
    ({ dir, host, page } = dashboard);
    await page.waitForFunction(
      () =>
        (window as unknown as { __watchfloorMap?: { basemapReady: boolean } }).__watchfloorMap?.basemapReady,
      undefined,
      { timeout: 90_000 },
    );
  }, 480_000);

  afterAll(async () => {
    await dashboard?.close();
    await new Promise<void>((resolve) => (styleServer ? styleServer.close(() => resolve()) : resolve()));
  }, 120_000);

  it('refuses a file that is not a tile file, with the reason, and keeps the built-in map', async () => {
    const message = await chooseBasemap('mbtiles', 'basemap-file', join(dir, 'notes.mbtiles'));
    expect(message).toMatch(/notes\.mbtiles is not an MBTiles file \(not an SQLite database\)/);
    expect((await regional())?.kind).toBe('builtin');
  }, 120_000);

  it("draws the centre's MBTiles file under the operation once chosen in Settings", async () => {
    const message = await chooseBasemap('mbtiles', 'basemap-file', join(dir, 'region.mbtiles'));
    expect(message).toBe('The map now draws this basemap.');
    await closeSettings();
    await drawn('mbtiles');
    await mapIdle(page);
    const canvas = await pixels(page, byTest('map'), 'regional-mbtiles-map.png', 50);
    // The area covers most of the operation: a large part of the map is in the file's fill colour.
    expect(countColour(canvas, REGIONAL_COLORS.fill, 12)).toBeGreaterThan(20_000);
    await page.screenshot({
      path: join(SCREENSHOTS, 'regional-basemap.png'),
      animations: 'disabled',
      timeout: 60_000,
    });
  }, 180_000);

  it('serves the tiles only to the page that holds the session', async () => {
    const bare = await fetch(`http://127.0.0.1:${host.port}/basemap/tiles/0/0/0`);
    expect(bare.status).toBe(403);
    const fromPage = await page.evaluate(async () => {
      const r = await fetch('/basemap/tiles/0/0/0');
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(fromPage).toEqual({ status: 200, type: 'application/x-protobuf' });
  }, 60_000);

  it('draws an on-premises style, its tiles fetched through the host, and refuses an address in clear over a public network', async () => {
    const refused = await chooseBasemap(
      'style',
      'basemap-url',
      'http://203.0.113.5/styles/region/style.json',
    );
    expect(refused).toMatch(/plain http is accepted only to this computer or a private address/);
    expect((await regional())?.kind).toBe('mbtiles');

    styleRequests.length = 0;
    const message = await chooseBasemap('style', 'basemap-url', `${styleOrigin}/styles/region/style.json`);
    expect(message).toBe('The map now draws this basemap.');
    await closeSettings();
    await drawn('style');
    await mapIdle(page);
    const canvas = await pixels(page, byTest('map'), 'regional-style-map.png', 50);
    expect(countColour(canvas, STYLE_FILL, 12)).toBeGreaterThan(20_000);
    expect(styleRequests.some((url) => url.startsWith('/tiles/'))).toBe(true);
  }, 180_000);

  it('goes back to the built-in map', async () => {
    const message = await chooseBasemap('builtin', null, '');
    expect(message).toBe('The map now draws this basemap.');
    await closeSettings();
    await page.waitForFunction(
      () =>
        (window as unknown as { __watchfloorRegional?: RegionalBasemapProbe }).__watchfloorRegional?.kind ===
        'builtin',
      undefined,
      { timeout: 60_000 },
    );
    await mapIdle(page);
    const canvas = await pixels(page, byTest('map'), 'regional-builtin-map.png', 50);
    expect(countColour(canvas, STYLE_FILL, 12)).toBeLessThan(100);
  }, 120_000);
});
