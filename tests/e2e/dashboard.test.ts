import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorServer } from '../../simulator/server';
import {
  changedShare,
  greyVariance,
  mapFrames,
  mapIdle,
  mapPoint,
  pixels,
  pixelsNear,
  SHOTS,
} from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

const START = Date.now() - 3_600_000;
let dashboard: Dashboard;
let server: SimulatorServer;
let page: Page;
const cspViolations: string[] = [];

describe.skipIf(!chromiumAvailable)('dashboard in Chromium through the browser host', () => {
  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'dashboard',
      server: {
        scenario: { seed: 5, units: 120, incidentsPerHour: 30, startAt: START, autoAcknowledge: false },
      },
      host: { operator: 'Officer Petrović' },
      beforeLoad: (opened) => {
        opened.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
        });
      },
    });
    ({ server, page } = dashboard);
  }, 180_000);
  afterAll(() => dashboard?.close());

  it('draws the map: the canvas is not blank', async () => {
    await mapIdle(page);
    // Only the canvas: the layer switches and zoom buttons are cut off, so they cannot pass for a map.
    const shot = await pixels(page, '[data-testid="map"]', 'map.png', 80);
    expect(greyVariance(shot)).toBeGreaterThan(50);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png') });
    // The whole dashboard runs under the host's CSP (no eval, nothing from elsewhere).
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it('moves units between two frames', async () => {
    await mapIdle(page);
    const before = await pixels(page, '[data-testid="map"]', 'units-before.png');
    const frames = await mapFrames(page);
    server.advanceBy(15 * 60_000);
    await page.waitForFunction(
      (seq) =>
        Number(document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq') ?? 0) >=
        seq,
      server.lastSeq,
      { timeout: 60_000 },
    );
    await mapFrames(page, frames);
    const after = await pixels(page, '[data-testid="map"]', 'units-after.png');
    expect(changedShare(before, after)).toBeGreaterThan(0.0005);
  }, 120_000);

  it('shows a new priority-1 incident in the feed and on the map, and raises the alert', async () => {
    const now = server.operationTime;
    const sector = Object.values(server.state.sectors)[0]!;
    const [lon, lat] = sector.line[Math.floor(sector.line.length / 2)]!;
    server.inject([
      {
        ts: now,
        type: 'incident.reported',
        payload: {
          incidentId: 'INC-E2E-P1',
          category: 'human_trafficking',
          priority: 1,
          title: 'E2E: suspected trafficking <script>alert(1)</script>',
          lon,
          lat,
          sectorId: sector.sectorId,
          reportedAt: now,
        },
      },
    ]);
    const row = page.locator('[data-testid="incident-row"][data-incident-id="INC-E2E-P1"]');
    await row.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('[data-testid="priority-alert"]').innerText())
      .toContain('E2E: suspected trafficking');
    // Untrusted text is shown as text: the tag is visible and no script ran.
    expect(await row.innerText()).toContain('<script>');
    const idle = await mapIdle(page);
    await row.click();
    await mapIdle(page, idle);
    // The map keeps the incident clear of the detail drawer; close the drawer to see all of it.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="detail-drawer"]').waitFor({ state: 'detached', timeout: 30_000 });
    const shot = await pixels(page, '[data-testid="map"]', 'p1-incident.png');
    const at = await mapPoint(page, lon, lat);
    expect(pixelsNear(shot, [255, 59, 48], 40, 60, at)).toBeGreaterThan(20);
  }, 180_000);

  it('acknowledging survives a dropped link and a restart', async () => {
    const row = page.locator('[data-testid="incident-row"][data-incident-id="INC-E2E-P1"]');
    await row.locator('[data-testid="ack-button"]').click();
    await expect
      .poll(() => server.state.incidents['INC-E2E-P1']?.acknowledgedBy, { timeout: 30_000 })
      .toBe('Officer Petrović');
    await expect.poll(() => row.locator('[data-testid="ack-button"]').count(), { timeout: 30_000 }).toBe(0);
    server.dropConnections();
    server.advanceBy(60_000);
    await expect.poll(() => row.locator('[data-testid="ack-button"]').count()).toBe(0);
    await page.close();
    await dashboard.restartHost();
    page = await dashboard.newPage();
    const again = page.locator('[data-testid="incident-row"][data-incident-id="INC-E2E-P1"]');
    await again.waitFor();
    expect(await again.locator('[data-testid="ack-button"]').count()).toBe(0);
  }, 180_000);

  it('narrows the feed with a filter', async () => {
    const rows = page.locator('[data-testid="incident-row"]');
    const all = await rows.count();
    await page.locator('[data-testid="filter-priority"]').selectOption('1');
    await expect.poll(() => rows.count()).toBeLessThan(all);
    const priorities = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-priority')));
    expect(priorities.length).toBeGreaterThan(0);
    expect(new Set(priorities)).toEqual(new Set(['1']));
    await page.locator('[data-testid="filter-priority"]').selectOption('');
  });

  it('marks a unit past the stale threshold', async () => {
    const now = server.operationTime;
    server.inject([
      {
        ts: now,
        type: 'unit.upserted',
        payload: {
          unitId: 'U-E2E-SILENT',
          callsign: 'E2E-SILENT 1',
          agency: 'customs',
          organisation: 'Customs Administration of Serbia',
          country: 'RS',
          kind: 'vehicle',
          sectorId: Object.keys(server.state.sectors)[0]!,
          status: 'patrolling',
        },
      },
      {
        ts: now,
        type: 'unit.position',
        payload: {
          unitId: 'U-E2E-SILENT',
          lon: 19.3,
          lat: 44.2,
          heading: 90,
          speed: 0,
          accuracy: 5,
          at: now - 9 * 60_000,
        },
      },
    ]);
    await page.locator('[data-testid="tab-units"]').click();
    await page.locator('[data-testid="roster-search"]').fill('E2E-SILENT');
    const row = page.locator('[data-testid="unit-row"][data-unit-id="U-E2E-SILENT"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-freshness')).toBe('stale');
    await page.screenshot({ path: join(SHOTS, 'stale-unit.png') });
  });
});
