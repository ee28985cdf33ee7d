import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../electron/browserHost';
import type { EventDraft } from '../../simulator/scenario';
import type { SimulatorServer } from '../../simulator/server';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The alert and the keyboard, in Chromium through the browser host at 1280x720: a new P1 raises
 * the banner across the map and acknowledging clears it; several stack; Settings and the palette
 * take and trap focus, Esc closes them and gives focus back; the palette runs the command chosen
 * with the arrows; the feed is walked with the arrows and sorted by priority; `a` asks first.
 */

const ROOT = process.cwd();
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const OPERATOR = 'Officer Petrović';
const START = Date.now() - 3_600_000;
let dashboard: Dashboard;
let server: SimulatorServer;
let context: BrowserContext;
let page: Page;

const byTest = (id: string): string => `[data-testid="${id}"]`;

/** A new incident of the given priority, in the middle of the first sector. */
function reported(incidentId: string, priority: 1 | 2, title: string): EventDraft {
  const now = server.operationTime;
  const sector = Object.values(server.state.sectors)[0]!;
  const [lon, lat] = sector.line[Math.floor(sector.line.length / 2)]!;
  return {
    ts: now,
    type: 'incident.reported',
    payload: {
      incidentId,
      category: 'human_trafficking',
      priority,
      title,
      lon,
      lat,
      sectorId: sector.sectorId,
      reportedAt: now,
    },
  };
}

/** True while the focused element is inside the element matched by `selector`. */
function focusInside(selector: string): Promise<boolean> {
  return page.evaluate((s) => document.querySelector(s)?.contains(document.activeElement) ?? false, selector);
}

describe.skipIf(!chromiumAvailable)('the alert and the keyboard in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dashboard = await openDashboard({
      name: 'keyboard',
      server: {
        scenario: { seed: 7, units: 60, incidentsPerHour: 30, startAt: START, autoAcknowledge: false },
        log: 'memory',
      },
      host: { operator: OPERATOR },
      viewport: { width: 1280, height: 720 },
    });
    ({ server, context, page } = dashboard);
  }, 180_000);
  afterAll(() => dashboard?.close(), 180_000);

  it('raises the banner across the map for a new P1, and acknowledging clears it', async () => {
    server.inject([reported('INC-KB-P1', 1, 'E2E: boat crossing the Drina at night')]);
    const banner = page.locator(byTest('priority-alert'));
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    const text = await banner.innerText();
    expect(text).toContain('E2E: boat crossing the Drina at night');
    expect(text).toMatch(/human trafficking/i);
    // Across the top of the map, not in the feed column.
    const map = (await page.locator('.map-area').boundingBox())!;
    const box = (await banner.boundingBox())!;
    expect(Math.abs(box.y - map.y)).toBeLessThan(2);
    expect(box.width).toBeGreaterThan(map.width - 2);
    await page.screenshot({ path: join(SCREENSHOTS, 'alert.png'), animations: 'disabled' });

    await page.locator(byTest('alert-acknowledge')).click();
    await expect
      .poll(() => server.state.incidents['INC-KB-P1']?.acknowledgedBy, { timeout: 30_000 })
      .toBe(OPERATOR);
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
  }, 120_000);

  it('stacks several as "3 new P1/P2"; dismissing does not acknowledge', async () => {
    server.inject([
      reported('INC-KB-S1', 2, 'E2E: first'),
      reported('INC-KB-S2', 1, 'E2E: second'),
      reported('INC-KB-S3', 2, 'E2E: third'),
    ]);
    const banner = page.locator(byTest('priority-alert'));
    await expect.poll(() => banner.getAttribute('data-count'), { timeout: 30_000 }).toBe('3');
    expect(await banner.innerText()).toContain('3 new P1/P2');
    // The P1 is shown first, though a P2 came after it.
    expect(await banner.getAttribute('data-incident-id')).toBe('INC-KB-S2');
    await page.screenshot({ path: join(SCREENSHOTS, 'alert-stacked.png'), animations: 'disabled' });
    await page.locator(byTest('alert-dismiss')).click();
    await expect.poll(() => banner.getAttribute('data-count')).toBe('2');
    await page.locator(byTest('alert-dismiss-all')).click();
    await banner.waitFor({ state: 'detached' });
    for (const id of ['INC-KB-S1', 'INC-KB-S2', 'INC-KB-S3'])
      expect(server.state.incidents[id]?.acknowledgedAt).toBeNull();
  }, 120_000);

  it('Settings takes focus, keeps Tab inside, and Esc closes it and gives focus back', async () => {
    const field = page.locator(byTest('filter-text'));
    await field.focus();
    await page.keyboard.press('Control+Comma');
    const dialog = byTest('settings-dialog');
    await page.waitForSelector(dialog);
    expect(await focusInside(dialog)).toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside(dialog), `Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInside(dialog), `Shift+Tab ${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.locator(dialog).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'filter-text',
    );
    await field.blur();
  }, 60_000);

  it('the palette moves its selection with the arrows and Enter runs it', async () => {
    await page.keyboard.press('Control+k');
    const field = page.locator(byTest('palette-field'));
    await field.waitFor();
    expect(await focusInside(byTest('command-palette'))).toBe(true);
    await field.fill('Show the');
    const options = page.locator(byTest('palette-option'));
    const ids = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-command-id')));
    const target = ids.indexOf('panel.sectors');
    expect(target).toBeGreaterThan(0);
    // Up from the first goes round to the last; Down steps to the command wanted.
    await page.keyboard.press('ArrowUp');
    expect(await field.getAttribute('aria-activedescendant')).toBe(`palette-option-${ids[ids.length - 1]}`);
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe('palette-option-panel.sectors');
    const active = page.locator('[data-command-id="panel.sectors"]');
    expect(await active.getAttribute('aria-selected')).toBe('true');
    expect(await active.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await page.keyboard.press('Enter');
    await page.locator(byTest('command-palette')).waitFor({ state: 'detached' });
    expect(await page.locator(byTest('tab-sectors')).getAttribute('aria-selected')).toBe('true');
    // A command that puts focus somewhere keeps it there: the palette gives focus back only when
    // nothing else took it.
    await page.locator('.palette-button:not([data-testid])').click();
    await field.fill('Focus the incident feed search');
    await page.keyboard.press('Enter');
    await page.locator(byTest('command-palette')).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'filter-text',
    );
    await page.locator(byTest('filter-text')).blur();
  }, 60_000);

  it('names a key on a layer switch only where the key switches it (1-9)', async () => {
    const titles = await page
      .locator(`${byTest('layer-toggles')} label`)
      .evaluateAll((labels) => labels.map((l) => l.getAttribute('title')));
    expect(titles.length).toBeGreaterThan(9);
    titles.forEach((title, i) => {
      if (i < 9) expect(title).toContain(String(i + 1));
      else expect(title).toBeNull();
    });
    // The key named switches that layer: the ninth, and nothing else.
    const ninth = page
      .locator(`${byTest('layer-toggles')} label`)
      .nth(8)
      .locator('input');
    const before = await ninth.isChecked();
    await page.locator('body').press('9');
    await expect.poll(() => ninth.isChecked()).toBe(!before);
    await page.locator('body').press('9');
    await expect.poll(() => ninth.isChecked()).toBe(before);
  }, 60_000);

  it('sorts the feed by priority, and the arrows walk it (Enter opens the incident)', async () => {
    await page.locator(byTest('feed-order')).selectOption('priority');
    const rows = page.locator(byTest('incident-row'));
    const priorities = (
      await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-priority'))))
    ).slice(0, 10);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(priorities[0]).toBe(1);
    await rows.first().focus();
    const second = await rows.nth(1).getAttribute('data-incident-id');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-incident-id'))).toBe(second);
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.nth(1).getAttribute('aria-current')).toBe('true');
    // The order stays by priority for the next test, whose incident is this one: in the newest-first
    // order it can be far down the virtual list, with no row in the page.
  }, 60_000);

  it('`a` asks before it acknowledges: Esc sends nothing, Enter sends it', async () => {
    await page.keyboard.press('Escape');
    await page.locator('body').focus();
    await page.keyboard.press('a');
    const prompt = page.locator(byTest('confirm-prompt'));
    await prompt.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'confirm-yes',
    );
    const id = await page
      .locator(`${byTest('incident-row')}[aria-current="true"]`)
      .getAttribute('data-incident-id');
    expect(id).toBeTruthy();
    await page.screenshot({ path: join(SCREENSHOTS, 'confirm-acknowledge.png') });
    await page.keyboard.press('Escape');
    await prompt.waitFor({ state: 'detached' });
    const row = page.locator(`${byTest('incident-row')}[data-incident-id="${id}"]`);
    // Nothing went to the outbox: the row still offers its own acknowledgement.
    expect(await row.locator(byTest('ack-button')).isEnabled()).toBe(true);
    expect(server.state.incidents[id!]?.acknowledgedAt).toBeNull();

    await page.keyboard.press('a');
    await prompt.waitFor();
    await page.keyboard.press('Enter');
    await prompt.waitFor({ state: 'detached' });
    await expect.poll(() => server.state.incidents[id!]?.acknowledgedBy, { timeout: 30_000 }).toBe(OPERATOR);
    await page.locator(byTest('feed-order')).selectOption('newest');
  }, 60_000);

  it('the first-run choice takes focus and keeps Tab inside until one is made', async () => {
    const firstDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-keyboard-first-'));
    // A workstation with no connection fixed on its command line: it greets the officer.
    const fresh = await startBrowserHost({
      port: 0,
      rendererDir: join(ROOT, 'out', 'renderer'),
      geoDir: join(ROOT, 'resources', 'geo'),
      dataDir: firstDir,
      demoScenario: { units: 20 },
    });
    const welcome = await context.newPage();
    try {
      await welcome.setViewportSize({ width: 1280, height: 720 });
      await welcome.goto(fresh.url);
      await welcome.waitForSelector(byTest('first-run'), { timeout: 60_000 });
      const inside = (): Promise<boolean> =>
        welcome.evaluate(
          () =>
            document.querySelector('[data-testid="first-run"]')?.contains(document.activeElement) ?? false,
        );
      expect(await inside()).toBe(true);
      for (let i = 0; i < 6; i++) {
        await welcome.keyboard.press(i % 2 === 0 ? 'Tab' : 'Shift+Tab');
        await welcome.keyboard.press('Tab');
        expect(await inside(), `Tab ${i + 1}`).toBe(true);
      }
    } finally {
      await welcome.close();
      await fresh.close();
      rmSync(firstDir, { recursive: true, force: true });
    }
  }, 120_000);
});
