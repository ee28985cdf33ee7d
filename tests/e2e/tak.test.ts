import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHostOptions } from '../../electron/browserHost';
import { TAK_COLORS } from '../../renderer/src/map/layers/tak';
import { makeCertificate, OPENSSL } from '../integration/certificates';
import { cotEvent, FakeTakServer } from '../integration/fakeTakServer';
import { countColour, mapFrames, mapIdle, pixels } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The TAK layer as an officer meets it: a fake TAK server of our own over TLS (client certificate
 * required) sends CoT tracks; the status bar says the TAK link is up with their number, the map
 * draws them in the TAK colours on their own layer, and the layer switch hides them.
 */

const ROOT = process.cwd();
const START = Date.now() - 3_600_000;
let dashboard: Dashboard;
let page: Page;
let tak: FakeTakServer;
const host: Partial<BrowserHostOptions> = {};

describe.skipIf(!chromiumAvailable || !OPENSSL)('TAK layer in Chromium through the browser host', () => {
  beforeAll(async () => {
    mkdirSync(join(ROOT, 'test-output', 'screenshots'), { recursive: true });
    dashboard = await openDashboard({
      name: 'tak',
      server: { scenario: { seed: 17, units: 20, incidentsPerHour: 10, startAt: START } },
      prepareDir: async (dir) => {
        makeCertificate(dir, 'ca', { ca: null, cn: 'TAK e2e CA' });
        makeCertificate(dir, 'server', { ca: 'ca', san: 'DNS:localhost,IP:127.0.0.1' });
        makeCertificate(dir, 'client', { ca: 'ca', cn: 'JOC workstation' });
        tak = await FakeTakServer.start(dir, 'server', 'ca');
        // The host starts after this, with the TAK server of the profile.
        host.tak = {
          host: 'localhost',
          port: tak.port,
          caFile: join(dir, 'ca.pem'),
          certFile: join(dir, 'client.pem'),
          keyFile: join(dir, 'client.key'),
        };
      },
      host,
      viewport: { width: 1600, height: 900 },
    });
    ({ page } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
    await tak?.stop();
  });

  it('shows the TAK link and draws the tracks on their own layer, which the switch hides', async () => {
    await tak.connected();
    const link = page.getByTestId('tak-link-state');
    await page.waitForSelector('[data-testid="tak-link-state"][data-link="connected"]', { timeout: 60_000 });
    await mapIdle(page);
    const framesBefore = await mapFrames(page);
    const before = await pixels(page, '[data-testid="map"]', 'tak-before.png', 50);

    await tak.send(
      cotEvent({ uid: 'ANDROID-1', callsign: 'BP Patrol 1', lat: 44.0, lon: 20.0, staleMs: 3_600_000 }) +
        cotEvent({ uid: 'ANDROID-2', callsign: 'BP Patrol 2', lat: 44.4, lon: 20.6, staleMs: 3_600_000 }),
      cotEvent({ uid: 'ANDROID-3', callsign: 'BP Patrol 3', lat: 43.6, lon: 19.6, staleMs: 3_600_000 }),
    );
    await page.waitForSelector('[data-testid="tak-link-state"][data-tracks="3"]', { timeout: 60_000 });
    await expect(link.innerText()).resolves.toContain('3');
    // deck.gl draws data changes without maplibre going idle: wait for its next frame.
    await mapFrames(page, framesBefore);
    const shown = await pixels(page, '[data-testid="map"]', 'tak-on.png', 50);
    const cyanBefore = countColour(before, TAK_COLORS.friend, 40);
    const cyanShown = countColour(shown, TAK_COLORS.friend, 40);
    // Three double rings and dots: over a hundred pixels more of the TAK friend colour.
    expect(cyanShown - cyanBefore).toBeGreaterThan(100);

    const framesShown = await mapFrames(page);
    await page.getByTestId('layer-tak').uncheck();
    await mapFrames(page, framesShown);
    const hidden = await pixels(page, '[data-testid="map"]', 'tak-off.png', 50);
    expect(countColour(hidden, TAK_COLORS.friend, 40)).toBeLessThan(cyanBefore + 20);
    await page.getByTestId('layer-tak').check();
  }, 240_000);
});
