import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../electron/browserHost';
import type { SimulatorServer } from '../../simulator/server';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * A reload in Chromium through the browser host: the printed address is traded for a cookie on the
 * first visit, the token leaves the address, and the reloaded page shows the picture again; a page
 * opened without the printed address says what to do.
 */

const TOKEN = 'e2e-reload-token-7f3a';
let dashboard: Dashboard;
let server: SimulatorServer;
let host: BrowserHost;
let context: BrowserContext;

const byTest = (id: string): string => `[data-testid="${id}"]`;

describe.skipIf(!chromiumAvailable)('a reload of the page in Chromium', () => {
  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'reload',
      server: { token: TOKEN, scenario: { units: 30, startAt: Date.now() - 1_800_000 }, log: 'memory' },
      host: { operator: 'Officer Reload', settings: {} },
      noPage: true,
    });
    ({ server, host, context } = dashboard);
  }, 180_000);

  afterAll(() => dashboard?.close(), 180_000);

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
    // Another browser context: none of the cookie the printed address gave the first.
    const stranger = await context.browser()!.newContext();
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
