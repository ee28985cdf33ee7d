import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * What the core says reaches the officer in their language: a workstation set to Serbian in
 * Cyrillic, given a token the operations server refuses, shows the refusal in the status bar in
 * Serbian (Cyrillic), not in the core's English.
 */

const CORE = join(process.cwd(), 'shared', 'locales');

/** A message of the core as the catalogue has it, so the test follows the translations. */
function coreText(language: string, code: string): string {
  let node: unknown = JSON.parse(readFileSync(join(CORE, language, 'core.json'), 'utf8'));
  for (const part of ['message', ...code.split('.')]) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no ${language} core:message.${code}`);
  return node;
}

let server: SimulatorServer;
let dashboard: Dashboard;

describe.skipIf(!chromiumAvailable)('core messages in the officer language, in Chromium', () => {
  beforeAll(async () => {
    server = await SimulatorServer.start({
      port: 0,
      token: 'the-right-token',
      scenario: defaultScenarioConfig({ units: 10, incidentsPerHour: 5 }),
      speed: 0,
      logPath: ':memory:',
      heartbeatMs: 500,
    });
    dashboard = await openDashboard({
      name: 'core-messages',
      host: {
        feed: { url: server.url, token: 'a-wrong-token' },
        settings: { language: 'sr-Cyrl' },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    await server?.stop();
  }, 180_000);

  it('shows a refused token in the status bar in Serbian Cyrillic', async () => {
    const { page } = dashboard;
    const link = page.locator('[data-testid="link-state"]');
    // The page waits for the core's own word: the code of the link error it reports.
    await expect
      .poll(() => link.getAttribute('data-link-error'), { timeout: 60_000 })
      .toBe('link.tokenRefused');
    const shown = await link.innerText();
    expect(shown).toContain(coreText('sr-Cyrl', 'link.tokenRefused'));
    expect(shown).not.toContain(coreText('en', 'link.tokenRefused'));
    expect(await page.locator('html').getAttribute('lang')).toBe('sr-Cyrl-RS');
  });
});
