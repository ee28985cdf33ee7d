import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../electron/browserHost';
import type { Incident } from '../../shared/state';
import { SHOTS } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The interface's languages in Chromium, on the built-in demo of a workstation's own settings: the
 * officer switches to Serbian in Cyrillic and the whole page follows at once, without a reload,
 * with numbers in the locale's way; the choice is kept across a reload; Albanian and back to
 * English. Then linked incidents in the drawer: a case the server linked, and one the officer
 * links through the drawer's form.
 */

const ROOT = process.cwd();
const LOCALES = join(ROOT, 'renderer', 'src', 'i18n', 'locales');
let dashboard: Dashboard;
let host: BrowserHost;
let page: Page;

const byTest = (id: string): string => `[data-testid="${id}"]`;

/** A string of a namespace as the app has it, so the test follows the translations. */
function text(language: string, ns: string, key: string): string {
  let node: unknown = JSON.parse(readFileSync(join(LOCALES, language, `${ns}.json`), 'utf8'));
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no ${language} ${ns}:${key}`);
  return node;
}

const TABS = ['units', 'sectors', 'results', 'readmission', 'replay'] as const;

async function tabTexts(): Promise<string[]> {
  return Promise.all(TABS.map((id) => page.locator(byTest(`tab-${id}`)).innerText()));
}

async function chooseLanguage(language: string): Promise<void> {
  await page.keyboard.press('Control+,');
  await page.waitForSelector(byTest('settings-dialog'));
  await page.click(byTest('settings-tab-preferences'));
  await page.selectOption(byTest('pref-language'), language);
  await page.click(byTest('pref-save'));
  // The dialog itself answers in the new language.
  await expect
    .poll(() => page.locator(byTest('pref-message')).innerText())
    .toBe(text(language, 'settings', 'preferences.saved'));
  await page.keyboard.press('Escape');
}

describe.skipIf(!chromiumAvailable)('languages and linked incidents in Chromium', () => {
  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'languages',
      // A small demo that software WebGL draws quickly, with enough incidents to link.
      host: { demoScenario: { units: 30, incidentsPerHour: 30 } },
      viewport: { width: 1280, height: 800 },
      chooseDemo: true,
    });
    ({ host, page } = dashboard);
  }, 180_000);

  afterAll(() => dashboard?.close(), 180_000);

  it('switches the whole page to Serbian in Cyrillic at run time, keeps it across a reload, and back', async () => {
    expect(await tabTexts()).toEqual(TABS.map((id) => text('en', 'app', `tabs.${id}`)));
    expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');

    await chooseLanguage('sr-Cyrl');
    await expect.poll(tabTexts).toEqual(TABS.map((id) => text('sr-Cyrl', 'app', `tabs.${id}`)));
    expect(await page.locator('html').getAttribute('lang')).toBe('sr-Cyrl-RS');
    // The status bar and the feed follow without a reload: the demo is an exercise, said in Serbian.
    const status = await page.locator(byTest('status-bar')).innerText();
    expect(status).toContain(text('sr-Cyrl', 'status', 'mode.exercise'));
    // Only data (callsigns, places, titles from the feed) may still be in Latin letters: none of
    // the interface's own English words are left in the bar, the tabs or the feed's controls.
    const chrome = [
      status,
      ...(await tabTexts()),
      await page.locator(byTest('incident-feed')).locator('header').innerText(),
    ].join(' ');
    expect(chrome).not.toMatch(
      /\b(Units|Sectors|Results|Replay|EXERCISE|Incidents|connected|Settings|unacknowledged)\b/,
    );
    await page.screenshot({ path: join(SHOTS, 'language-sr-Cyrl.png') });

    // The choice is the workstation's: the page opened again comes back in Serbian.
    await page.goto(host.url);
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 60_000 });
    await expect
      .poll(tabTexts, { timeout: 30_000 })
      .toEqual(TABS.map((id) => text('sr-Cyrl', 'app', `tabs.${id}`)));

    await chooseLanguage('sq');
    await expect.poll(tabTexts).toEqual(TABS.map((id) => text('sq', 'app', `tabs.${id}`)));
    expect(await page.locator('html').getAttribute('lang')).toBe('sq-AL');
    await chooseLanguage('en');
    await expect.poll(tabTexts).toEqual(TABS.map((id) => text('en', 'app', `tabs.${id}`)));
  }, 240_000);

  it('shows an incident’s linked case in the drawer, and links another through the drawer', async () => {
    const demo = host.demo!;
    const incidents = Object.values(demo.state.incidents)
      .filter((i) => i.status !== 'closed')
      .sort((a, b) => b.reportedAt - a.reportedAt);
    expect(incidents.length).toBeGreaterThan(4);
    const [a, b, c, d] = incidents as [Incident, Incident, Incident, Incident];
    demo.inject([
      {
        ts: demo.operationTime,
        type: 'incident.linked',
        payload: {
          caseId: 'LC-E2E',
          title: 'Network Drina',
          incidentIds: [a.incidentId, b.incidentId, c.incidentId],
          by: 'Europol liaison, JOCC Zvornik',
          at: demo.operationTime,
        },
      },
    ]);
    await page.fill(byTest('filter-text'), a.incidentId);
    await page.locator(byTest('incident-row')).first().click();
    await page.waitForSelector(byTest('linked-case'), { timeout: 30_000 });
    expect(await page.locator(byTest('linked-case-title')).innerText()).toBe('Network Drina');
    expect(await page.locator(byTest('linked-incident')).count()).toBe(2);

    // The officer opens a new case with the fourth incident.
    await page.click(byTest('link-open'));
    await page.fill(byTest('link-title'), 'Ring Sava');
    await page.fill(byTest('link-search'), d.incidentId);
    await page
      .locator(`${byTest('link-candidate')} input`)
      .first()
      .check();
    await page.screenshot({ path: join(SHOTS, 'drawer-link-form.png') });
    await page.click(byTest('link-submit'));
    await expect.poll(() => page.locator(byTest('linked-case')).count(), { timeout: 30_000 }).toBe(2);
    const opened = Object.values(demo.state.linkedCases).find((lc) => lc.title === 'Ring Sava');
    expect(opened?.incidentIds).toEqual([a.incidentId, d.incidentId]);
    expect(opened?.openedBy).toBeTruthy();
    await page.screenshot({ path: join(SHOTS, 'drawer-linked-cases.png') });
  }, 180_000);
});
