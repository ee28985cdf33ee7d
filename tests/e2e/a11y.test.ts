import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { CHROMIUM, launch } from './browser';
import { axeFindings, clippedText } from './a11yProbe';

/**
 * Accessibility at the watch officer's smallest screen, 1280x720, in Chromium through the browser
 * host on the built-in demo: no text cut off in any of the five languages, no serious or critical
 * axe-core finding on the dashboard, Settings, the legend and the Replay tab.
 */

const ROOT = process.cwd();
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const START = Date.now() - 3_600_000;
const LANGUAGES = ['en', 'sr-Latn', 'sr-Cyrl', 'sq', 'mk'] as const;
const TABS = ['units', 'sectors', 'results', 'readmission', 'replay'] as const;
/** The dashboard's own regions (the map's canvas is not text). */
const REGIONS = [
  '[data-testid="status-bar"]',
  '.app-left',
  '.app-right',
  '.layer-toggles',
  '.wf-drawer',
  '.wf-timeline',
  '.app-center',
];
let dir: string;
let server: SimulatorServer;
let host: BrowserHost;
let context: BrowserContext;
let page: Page;

const byTest = (id: string): string => `[data-testid="${id}"]`;

async function chooseLanguage(language: string): Promise<void> {
  await page.keyboard.press('Control+,');
  await page.waitForSelector(byTest('settings-dialog'));
  await page.click(byTest('settings-tab-preferences'));
  await page.selectOption(byTest('pref-language'), language);
  await page.click(byTest('pref-save'));
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l.split('-')[0]!), language);
  await page.keyboard.press('Escape');
  await page.locator(byTest('settings-dialog')).waitFor({ state: 'detached' });
}

const available = existsSync(CHROMIUM);

describe.skipIf(!available)('accessibility at 1280x720 in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')))
      spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-a11y-'));
    // A still picture (the simulator's clock stands) that software WebGL draws once: an hour of
    // the seeded operation, with readmission cases and results to show.
    server = await SimulatorServer.start({
      port: 0,
      token: 'e2e-token',
      scenario: defaultScenarioConfig({
        seed: 7,
        units: 40,
        incidentsPerHour: 30,
        startAt: START,
        autoAcknowledge: false,
      }),
      speed: 0,
      logPath: ':memory:',
      heartbeatMs: 500,
    });
    server.advanceBy(Date.now() - START);
    host = await startBrowserHost({
      port: 0,
      rendererDir: join(ROOT, 'out', 'renderer'),
      geoDir: join(ROOT, 'resources', 'geo'),
      dataDir: dir,
      storePath: join(dir, 'store.sqlite'),
      operator: 'Officer Petrović',
      feed: { url: server.url, token: 'e2e-token' },
      settings: { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000 },
    });
    context = await launch();
    page = await context.newPage();
    // The machines that run these share two cores with much else: the page answers slowly at times.
    page.setDefaultTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(host.url);
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 150_000 });
    await page.locator(byTest('incident-row')).first().waitFor({ timeout: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await host?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('cuts no text off in any of the five languages, on any tab, with the drawer open', async () => {
    const clipped: string[] = [];
    await page.locator(byTest('incident-row')).first().click();
    await page.locator('.wf-drawer').waitFor();
    for (const language of LANGUAGES) {
      await chooseLanguage(language);
      for (const tab of TABS) {
        await page.click(byTest(`tab-${tab}`));
        for (const c of await clippedText(page, REGIONS))
          clipped.push(`${language} ${tab}: ${c.where} "${c.text}" ${c.why}`);
      }
    }
    await chooseLanguage('en');
    expect([...new Set(clipped)]).toEqual([]);
  }, 600_000);

  it('has no serious or critical axe-core finding on the dashboard, Settings, the legend and Replay', async () => {
    const found: string[] = [];
    const note = (where: string, list: Awaited<ReturnType<typeof axeFindings>>): void => {
      for (const f of list)
        found.push(`${where}: ${f.rule} (${f.impact}) ${f.help}\n    ${f.targets.join('\n    ')}`);
    };
    for (const tab of TABS) {
      await page.click(byTest(`tab-${tab}`));
      note(`dashboard/${tab}`, await axeFindings(page, '.app'));
    }
    await page.keyboard.press('Control+,');
    await page.waitForSelector(byTest('settings-dialog'));
    note('settings', await axeFindings(page, byTest('settings-dialog')));
    await page.click(byTest('settings-tab-preferences'));
    note('settings/preferences', await axeFindings(page, byTest('settings-dialog')));
    await page.keyboard.press('Escape');
    await page.locator(byTest('settings-dialog')).waitFor({ state: 'detached' });
    await page.click(byTest('legend-button'));
    note('legend', await axeFindings(page, '.app'));
    await page.click(byTest('legend-button'));
    await page.keyboard.press('t');
    await page.locator('.map-area.is-replay').waitFor({ timeout: 60_000 });
    await page.click(byTest('tab-replay'));
    note('replay', await axeFindings(page, '.app'));
    await page.keyboard.press('t');
    expect(found).toEqual([]);
  }, 600_000);
});
