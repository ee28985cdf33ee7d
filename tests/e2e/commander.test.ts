import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../simulator/scenario';
import type { SimulatorServer } from '../../simulator/server';
import { mapIdle } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The commander's questions, asked as a watch officer would: who is out of contact (the stale / lost
 * chips filter the roster), which sectors nobody covers (the board sorted and filtered by coverage,
 * the map marking them), and whom to send (the assign list nearest first, a lost unit last).
 */

const ROOT = process.cwd();
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const START = Date.now() - 3_600_000;
const MIN = 60_000;
let dashboard: Dashboard;
let server: SimulatorServer;
let page: Page;

const byTest = (id: string): string => `[data-testid="${id}"]`;

/** Waits until the page has applied everything the server sent so far. */
async function caughtUp(): Promise<void> {
  await page.waitForFunction(
    (seq) =>
      Number(document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq') ?? 0) >= seq,
    server.lastSeq,
    { timeout: 60_000 },
  );
}

describe.skipIf(!chromiumAvailable)("commander's filters and the assign list, in Chromium", () => {
  let incidentSectorId: string;
  let emptiedSectorId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dashboard = await openDashboard({
      name: 'commander',
      server: {
        scenario: { seed: 7, units: 120, incidentsPerHour: 20, startAt: START, autoAcknowledge: false },
        prepare: (ready) => {
          server = ready;

          // Two sectors: one for the incident, and the one with the fewest units, which the test empties
          // (its units go off duty) so that it is uncovered for certain.
          const sectorIds = Object.keys(server.state.sectors);
          const unitsOf = (id: string) => Object.values(server.state.units).filter((u) => u.sectorId === id);
          const [fewest, ...others] = [...sectorIds].sort((a, b) => unitsOf(a).length - unitsOf(b).length);
          emptiedSectorId = fewest!;
          incidentSectorId = others[others.length - 1]!;
          const sector = server.state.sectors[incidentSectorId]!;
          const [lon, lat] = sector.line[Math.floor(sector.line.length / 2)]!;
          const now = server.operationTime;
          const unit = (
            unitId: string,
            status: 'patrolling' | 'available',
            dLat: number,
            at: number,
          ): EventDraft[] => [
            {
              ts: now,
              type: 'unit.upserted',
              payload: {
                unitId,
                callsign: unitId.replace('U-', ''),
                agency: 'border_police',
                organisation: 'Border Police Directorate',
                country: 'RS',
                kind: 'vehicle',
                sectorId: incidentSectorId,
                status,
              },
            },
            {
              ts: now,
              type: 'unit.position',
              payload: { unitId, lon, lat: lat + dLat, heading: 0, speed: 0, accuracy: 5, at },
            },
          ];
          server.inject([
            ...unitsOf(emptiedSectorId).map((u): EventDraft => ({
              ts: now,
              type: 'unit.status_changed',
              payload: { unitId: u.unitId, status: 'off_duty', at: now },
            })),
            // The lost unit is the nearest of all (200 m), and was patrolling when it last reported.
            ...unit('U-CMD-LOST', 'patrolling', 0.002, now - 38 * MIN),
            ...unit('U-CMD-NEAR', 'patrolling', 0.01, now),
            ...unit('U-CMD-FAR', 'available', 0.09, now),
            {
              ts: now,
              type: 'incident.reported',
              payload: {
                incidentId: 'INC-CMD-1',
                category: 'irregular_crossing',
                priority: 2,
                title: 'Group of 12 seen crossing',
                lon,
                lat,
                sectorId: incidentSectorId,
                reportedAt: now,
              },
            },
          ]);
        },
      },
      host: { operator: 'Officer Petrović' },
      viewport: { width: 1280, height: 720 },
    });
    ({ page } = dashboard);
    await caughtUp();
  }, 180_000);

  afterAll(() => dashboard?.close());

  it('shows only the lost units when the lost chip is clicked, and all again from the roster', async () => {
    // From another panel: the status bar's chip brings the roster up, filtered.
    await page.locator(byTest('tab-sectors')).click();
    await page.locator(byTest('status-lost-count')).click();
    const filter = page.locator(byTest('roster-filter'));
    await filter.waitFor({ timeout: 10_000 });
    expect(await filter.getAttribute('data-freshness')).toBe('lost');
    const rows = page.locator(byTest('unit-row'));
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const freshness = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-freshness')));
    expect(new Set(freshness)).toEqual(new Set(['lost']));
    expect(await page.locator(byTest('status-lost-count')).getAttribute('aria-pressed')).toBe('true');

    await page.locator(byTest('roster-search')).fill('CMD-');
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-id'))))
      .toEqual(['U-CMD-LOST']);
    // The roster's own chip clears it: the fresh units come back.
    await filter.click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator(byTest('roster-filter')).count()).toBe(0);
    // The roster's stale chip filters as well; clicking it twice shows all.
    await page.locator(byTest('roster-search')).fill('');
    const stale = page.locator(`${byTest('unit-roster')} ${byTest('stale-count')}`);
    if ((await stale.count()) > 0) {
      await stale.click();
      const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-freshness')));
      expect(new Set(shown)).toEqual(new Set(['stale']));
      await stale.click();
    }
    expect(await page.locator(byTest('roster-filter')).count()).toBe(0);
  }, 120_000);

  it('groups the roster by country × agency', async () => {
    await page.locator(byTest('roster-group')).selectOption('countryAgency');
    const labels = await page
      .locator(`${byTest('unit-group')} .wf-group-label`)
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(labels.length).toBeGreaterThan(1);
    for (const l of labels) expect(l).toMatch(/^.+ · .+$/);
    // One group per pair: the same country comes back with each of its services.
    expect(new Set(labels).size).toBe(labels.length);
    const countries = labels.map((l) => l.split(' · ')[0]);
    expect(new Set(countries).size).toBeLessThan(labels.length);
  }, 60_000);

  it('offers units to assign nearest first, the lost one last, marked', async () => {
    await page.locator(`[data-testid="incident-row"][data-incident-id="INC-CMD-1"]`).click();
    const drawer = page.locator(byTest('detail-drawer'));
    await drawer.waitFor({ timeout: 10_000 });
    const options = await page.locator(byTest('assign-option')).evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('value'),
        group: e.getAttribute('data-group'),
        freshness: e.getAttribute('data-freshness'),
        km: Number(e.getAttribute('data-distance-km') ?? 'Infinity'),
        text: e.textContent ?? '',
      })),
    );
    const ids = options.map((o) => o.id);
    expect(ids.indexOf('U-CMD-NEAR')).toBeGreaterThan(-1);
    expect(ids.indexOf('U-CMD-NEAR')).toBeLessThan(ids.indexOf('U-CMD-FAR'));
    // The lost unit is the nearest, yet it comes after every unit in contact.
    const lost = options.find((o) => o.id === 'U-CMD-LOST');
    expect(lost).toMatchObject({ group: 'unreachable', freshness: 'lost' });
    expect(lost?.text).toContain('lost contact 38 min ago');
    expect(lost?.text).not.toMatch(/^CMD-LOST · [^·]+ · Patrolling/i);
    const firstUnreachable = options.findIndex((o) => o.group === 'unreachable');
    expect(options.slice(firstUnreachable).every((o) => o.group === 'unreachable')).toBe(true);
    // Within each group, by distance.
    for (const group of ['ready', 'fixedPost', 'unreachable']) {
      const km = options.filter((o) => o.group === group).map((o) => o.km);
      expect(km).toEqual([...km].sort((a, b) => a - b));
    }
    expect(options.find((o) => o.id === 'U-CMD-NEAR')?.text).toMatch(/^CMD-NEAR · 1[.,]1 km · /);
  }, 60_000);

  it('sorts the sector board by coverage, the uncovered sector first, and filters it', async () => {
    await page.locator(byTest('drawer-close')).click();
    await page.locator(byTest('tab-sectors')).click();
    await page.locator(byTest('sector-sort')).selectOption('coverage');
    const cards = page.locator(byTest('sector-row'));
    const coverage = await cards.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-coverage'))),
    );
    expect(coverage.length).toBeGreaterThan(1);
    expect(coverage).toEqual([...coverage].sort((a, b) => a - b));
    expect(coverage[0]).toBe(0);
    const uncoveredIds = await page
      .locator(`${byTest('sector-row')}[data-coverage="0"]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-sector-id')));
    expect(uncoveredIds).toContain(emptiedSectorId);
    await expect
      .poll(() =>
        page
          .locator(
            `${byTest('sector-row')}[data-sector-id="${emptiedSectorId}"] ${byTest('sector-uncovered')}`,
          )
          .count(),
      )
      .toBe(1);

    await page.locator(byTest('sector-coverage-filter')).selectOption('uncovered');
    await expect.poll(() => cards.count()).toBe(uncoveredIds.length);
    await page.locator(byTest('sector-coverage-filter')).selectOption('all');
    const level = await cards.first().getAttribute('data-impact');
    await page.locator(byTest('sector-impact-filter')).selectOption(level ?? '');
    const levels = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-impact')));
    expect(new Set(levels)).toEqual(new Set([level]));
    await page.locator(byTest('sector-impact-filter')).selectOption('');

    // The emptied sector on the map, dashed; the board beside it, sorted by coverage.
    await page
      .locator(`${byTest('sector-row')}[data-sector-id="${emptiedSectorId}"] .wf-sector-name`)
      .click();
    // The drawer would cover the sector the map flew to.
    await page.locator(byTest('drawer-close')).click();
    await mapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'commander-sectors.png') });
  }, 120_000);

  it('looks right at 1280x720: the lost units, the status chips and the assign list', async () => {
    await page.locator(byTest('status-lost-count')).click();
    await page.locator(`[data-testid="incident-row"][data-incident-id="INC-CMD-1"]`).click();
    await page.locator(byTest('assign-select')).scrollIntoViewIfNeeded();
    await page.locator(byTest('assign-select')).selectOption('U-CMD-LOST');
    await mapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'commander.png') });
    // A headless browser draws no open drop-down: shown as a list box, the assign list can be looked at.
    await page.locator(byTest('assign-select')).evaluate((el) => {
      const select = el as HTMLSelectElement;
      select.size = 14;
      select.style.height = 'auto';
    });
    await page.screenshot({ path: join(SHOTS, 'commander-assign.png') });
    // Nothing in the status bar runs off the screen with the chips in it.
    const chip = await page.locator(byTest('status-lost-count')).boundingBox();
    expect(chip).not.toBeNull();
    expect((chip?.x ?? 0) + (chip?.width ?? 0)).toBeLessThanOrEqual(1280);
  }, 120_000);

  it('shows the whole text of the sector board’s controls at 1280x720', async () => {
    const close = page.locator(byTest('drawer-close'));
    if ((await close.count()) > 0) await close.click();
    await page.locator(byTest('tab-sectors')).click();
    // Every sort and filter control shows its whole text: none is narrower than its content.
    const clipped = await page.locator(`${byTest('sector-board')} .wf-sector-filters select`).evaluateAll(
      (els) =>
        els.filter((e) => {
          const select = e as HTMLSelectElement;
          const probe = document.createElement('span');
          probe.style.font = getComputedStyle(select).font;
          probe.style.position = 'absolute';
          probe.textContent = select.selectedOptions[0]?.textContent ?? '';
          document.body.append(probe);
          const wide = probe.getBoundingClientRect().width;
          probe.remove();
          // The arrow takes about 20 px of the select.
          return wide + 20 > select.getBoundingClientRect().width;
        }).length,
    );
    expect(clipped).toBe(0);
  }, 120_000);
});
