import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { CHROMIUM, launch } from './browser';

/**
 * A reload in Chromium through the browser host: the printed address is traded for a cookie on the
 * first visit, the token leaves the address, and the reloaded page shows the picture again; a page
 * opened without the printed address says what to do.
 */

const ROOT = process.cwd();
const TOKEN = 'e2e-reload-token-7f3a';
let dir: string;
let server: SimulatorServer;
let host: BrowserHost;
let context: BrowserContext;

const byTest = (id: string): string => `[data-testid="${id}"]`;
const available = existsSync(CHROMIUM);

describe.skipIf(!available)('a reload of the page in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')))
      spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-reload-'));
    server = await SimulatorServer.start({
      port: 0,
      token: TOKEN,
      scenario: defaultScenarioConfig({ units: 30, startAt: Date.now() - 1_800_000 }),
      speed: 0,
      logPath: ':memory:',
      heartbeatMs: 500,
    });
    server.advanceBy(1_800_000);
    host = await startBrowserHost({
      port: 0,
      rendererDir: join(ROOT, 'out', 'renderer'),
      geoDir: join(ROOT, 'resources', 'geo'),
      dataDir: dir,
      storePath: join(dir, 'store.sqlite'),
      operator: 'Officer Reload',
      feed: { url: server.url, token: TOKEN },
    });
    context = await launch();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await host?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('keeps showing the picture after a reload, with the token out of the address', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(host.url);
    expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
    const lastSeq = async (): Promise<number> =>
      Number(await page.locator(byTest('status-bar')).getAttribute('data-last-seq'));
    const reached = server.lastSeq;
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 60_000 });
    await expect.poll(lastSeq, { timeout: 30_000 }).toBeGreaterThanOrEqual(reached);

    await page.reload();
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 60_000 });
    await expect.poll(lastSeq, { timeout: 30_000 }).toBeGreaterThanOrEqual(reached);
    await expect
      .poll(() => page.locator(byTest('link-state')).getAttribute('data-link'), { timeout: 30_000 })
      .toBe('connected');
    expect(await page.locator(byTest('notice')).count()).toBe(0);
    expect(page.url()).not.toContain(TOKEN);
    expect(page.url()).not.toContain(host.token);
    await page.close();
  }, 180_000);

  it('tells a page opened without the printed address to open it', async () => {
    const stranger = await launch();
    try {
      const page = await stranger.newPage();
      await page.goto(`http://127.0.0.1:${host.port}/`);
      await expect
        .poll(() => page.locator(byTest('notice')).textContent(), { timeout: 15_000 })
        .toMatch(/open the address the host printed/);
    } finally {
      await stranger.close();
    }
  }, 120_000);
});
