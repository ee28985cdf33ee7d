import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorServer } from '../../simulator/server';
import { SHOTS } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The first run, the settings and the token prompt in Chromium, through a browser host that runs on
 * the workstation's own profiles (no connection fixed on its command line): the officer connects
 * to an operations server from the first-run screen, the profile survives a restart while its
 * token does not (the browser host has no key store), a bad address is refused with a message,
 * and the layout comes back as it was left.
 */

const TOKEN = 'e2e-settings-token-51c9';
const SMALL = { units: 40 } as const;
let dashboard: Dashboard;
let dir: string;
let server: SimulatorServer;
let page: Page;

const byTest = (id: string): string => `[data-testid="${id}"]`;

describe.skipIf(!chromiumAvailable)('settings, first run and token prompt in Chromium', () => {
  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'settings',
      // A workstation on its built-in demo, with a server beside it that the officer connects to.
      server: {
        token: TOKEN,
        scenario: { ...SMALL, operationId: 'JO-WB-9', startAt: Date.now() - 1_800_000 },
        log: 'memory',
        connect: false,
        prepare: (ready) => ready.setSpeed(1),
      },
      host: { demoScenario: SMALL },
      // Fewer pixels for software WebGL to fill: the dialogs are what is tested here, not the map.
      viewport: { width: 1100, height: 720 },
    });
    ({ dir, server, page } = dashboard);
  }, 180_000);

  afterAll(() => dashboard?.close(), 180_000);

  it('greets a new workstation on the demo, and connects to an operations server from the first-run screen', async () => {
    await page.waitForSelector(byTest('first-run'));
    expect(await page.locator(byTest('connection-button')).innerText()).toContain('demo operation');
    await page.click(byTest('first-run-connect'));
    await page.click(byTest('profile-add'));
    await page.fill(byTest('profile-name'), 'JOC Skopje');
    // An address that would send the token over the network in clear is refused, with the reason.
    await page.fill(byTest('profile-serverUrl'), 'http://ops.example.internal:4400');
    await page.fill(byTest('profile-token'), TOKEN);
    await page.click(byTest('profile-save'));
    expect(await page.locator(byTest('profile-error')).innerText()).toMatch(
      /Server address: .*in clear: use https:\/\/ for ops\.example\.internal/,
    );
    // A wrong token: the trial connection says the server refused it.
    await page.fill(byTest('profile-serverUrl'), server.url);
    await page.fill(byTest('profile-token'), 'not-the-token');
    await page.click(byTest('profile-try'));
    await expect
      .poll(() => page.locator(byTest('profile-trial')).innerText(), { timeout: 20_000 })
      .toMatch(/refused/);
    await page.fill(byTest('profile-token'), TOKEN);
    await page.fill(byTest('profile-expectedOperationId'), 'JO-WB-9');
    await page.click(byTest('profile-try'));
    await expect
      .poll(() => page.locator(byTest('profile-trial')).innerText(), { timeout: 20_000 })
      .toMatch(/Connected: the server runs operation JO-WB-9/);
    await page.screenshot({ path: join(SHOTS, 'settings-profile.png') });
    // Saving and connecting switches the core: the page starts over on the server's picture.
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await page.click(byTest('profile-save-connect'));
    await reloaded;
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 60_000 });
    await expect
      .poll(() => page.locator(byTest('connection-button')).innerText(), { timeout: 30_000 })
      .toContain('JOC Skopje');
    // The server's log, as it stood when the page came back, reaches the page (the server runs on,
    // so its newest seq is a moving target).
    const reached = server.lastSeq;
    await expect
      .poll(async () => Number(await page.locator(byTest('status-bar')).getAttribute('data-last-seq')), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(reached);
    expect(await page.locator(byTest('first-run')).count()).toBe(0);
    // The token is in no page storage, no address and no markup.
    const traces = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      url: location.href,
      html: document.documentElement.outerHTML,
    }));
    expect(traces.local + traces.session).toBe(0);
    expect(`${traces.url} ${traces.html}`).not.toContain(TOKEN);
  }, 180_000);

  it('remembers the layout, and after a restart asks for the token it was never allowed to write down', async () => {
    await page.click(byTest('tab-sectors'));
    await page.click(byTest('layer-towns'));
    await expect
      .poll(
        () => (JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { layout?: unknown }).layout,
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({ panel: 'sectors', layers: { towns: false } });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
      expect(readFileSync(join(dir, file), 'utf8')).not.toContain(TOKEN);

    await page.close();
    await dashboard.restartHost();
    page = await dashboard.newPage();
    await page.waitForSelector(byTest('token-prompt'));
    expect(await page.locator(byTest('token-prompt')).innerText()).toMatch(
      /no secure key store .*never written to disk/,
    );
    expect(await page.locator(byTest('tab-sectors')).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(byTest('layer-towns')).isChecked()).toBe(false);
    await page.fill(byTest('token-input'), TOKEN);
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await page.click(byTest('token-connect'));
    await reloaded;
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 60_000 });
    await expect
      .poll(() => page.locator(byTest('link-state')).getAttribute('data-link'), { timeout: 30_000 })
      .toBe('connected');
    expect(await page.locator(byTest('token-prompt')).count()).toBe(0);
  }, 180_000);

  it('applies preferences at once and refuses ones that contradict each other', async () => {
    await page.keyboard.press('Control+,');
    await page.waitForSelector(byTest('settings-dialog'));
    await page.click(byTest('settings-tab-preferences'));
    await page.fill(byTest('pref-staleAfterMinutes'), '30');
    await page.fill(byTest('pref-lostContactAfterMinutes'), '10');
    await page.click(byTest('pref-save'));
    expect(await page.locator(byTest('pref-message')).innerText()).toMatch(
      /lost contact must come after stale/,
    );
    await page.fill(byTest('pref-lostContactAfterMinutes'), '60');
    await page.uncheck(byTest('pref-alertSounds'));
    await page.click(byTest('pref-save'));
    await expect.poll(() => page.locator(byTest('pref-message')).innerText()).toBe('Saved.');
    await page.screenshot({ path: join(SHOTS, 'settings-preferences.png') });
    await page.keyboard.press('Escape');
    // The alert tone follows the preference without a reload.
    await expect.poll(() => page.locator('.wf-mute').getAttribute('aria-pressed')).toBe('true');
  }, 180_000);

  it('copies diagnostics for a support ticket with the profile and the link, and without the token', async () => {
    await page.keyboard.press('Control+,');
    await page.click(byTest('settings-tab-about'));
    expect(await page.locator(byTest('about-secrets')).innerText()).toMatch(/never written to disk/);
    await page.click(byTest('diagnostics-copy'));
    const text = await page.locator(byTest('diagnostics-text')).inputValue();
    expect(text).toMatch(/Host: browser host/);
    expect(text).toMatch(/Profile: JOC Skopje/);
    expect(text).toMatch(/connected/);
    expect(text).not.toContain(TOKEN);
  }, 180_000);
});
