import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorServer } from '../../simulator/server';
import { SHOTS } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * The readmission board in Chromium: open cases overdue first with their countdown, and the
 * officer's answers going through the outbox to the reference server and back as events.
 */

const HOUR = 3_600_000;
let dashboard: Dashboard;
let server: SimulatorServer;
let page: Page;

const byTest = (id: string): string => `[data-testid="${id}"]`;

function request(caseId: string, requestedHoursAgo: number, deadlineHours: number, persons: number) {
  const at = server.operationTime - requestedHoursAgo * HOUR;
  return {
    ts: server.operationTime,
    type: 'readmission.requested' as const,
    payload: {
      caseId,
      requestingCountry: 'RS',
      requestedCountry: 'MK',
      crossingId: Object.keys(server.state.crossings)[0] ?? 'BCP-1',
      incidentIds: [],
      persons: [
        { nationality: 'AF', persons },
        { nationality: 'SY', persons: 2 },
      ],
      requestedAt: at,
      deadlineAt: at + deadlineHours * HOUR,
      by: 'Border Police, Serbia',
    },
  };
}

describe.skipIf(!chromiumAvailable)('the readmission board in Chromium', () => {
  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'readmission',
      server: {
        token: 'e2e-readmission-token',
        scenario: { units: 30, incidentsPerHour: 0.01, startAt: Date.now() - HOUR },
        log: 'memory',
        // The cases are on the server before the host connects.
        prepare: (ready) => {
          server = ready;
          ready.inject([
            request('RA-LATE', 7, 6, 4),
            request('RA-SOON', 5.5, 6, 3),
            request('RA-NEW', 0.2, 6, 1),
          ]);
        },
      },
      host: { operator: 'Border Police, Tabanovce', settings: {} },
      viewport: { width: 1280, height: 800 },
    });
    ({ page } = dashboard);
  }, 180_000);

  afterAll(() => dashboard?.close());

  it('lists the open cases overdue first with their countdown, and takes the answers through the outbox', async () => {
    // The status bar raises the overdue case before anyone opens the board; it opens the board.
    await page.waitForSelector(byTest('readmissions-overdue'), { timeout: 30_000 });
    await page.click(byTest('readmissions-overdue'));
    await page.waitForSelector(byTest('readmission-board'));
    await expect
      .poll(() => page.locator('[data-testid^="readmission-RA-"][data-urgency]').count(), { timeout: 30_000 })
      .toBe(3);
    const order = await page
      .locator('[data-testid^="readmission-RA-"][data-urgency]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-urgency')]));
    expect(order).toEqual([
      ['readmission-RA-LATE', 'overdue'],
      ['readmission-RA-SOON', 'due_soon'],
      ['readmission-RA-NEW', 'open'],
    ]);
    expect(await page.locator(byTest('readmission-overdue')).innerText()).toBe('1 overdue');
    expect(await page.locator(byTest('readmissions-overdue')).innerText()).toMatch(/Readmission overdue\s*1/);
    expect(await page.locator(byTest('readmission-RA-LATE')).innerText()).toMatch(/overdue by 1 h/);
    expect(await page.locator(byTest('readmission-RA-SOON')).innerText()).toMatch(/5 persons/);
    await page.screenshot({ path: join(SHOTS, 'readmission-board.png') });

    // Accept the overdue one and record its handover; refuse the newest with a reason.
    await page.click(byTest('readmission-accept-RA-LATE'));
    await page.waitForSelector(byTest('readmission-handover-RA-LATE'), { timeout: 30_000 });
    await page.click(byTest('readmission-handover-RA-LATE'));
    await page.click(byTest('readmission-refuse-RA-NEW'));
    await page.fill(byTest('readmission-reason-RA-NEW'), 'Entry from North Macedonia not established.');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid^="readmission-RA-"][data-urgency]').count(), { timeout: 30_000 })
      .toBe(1);
    expect(server.state.readmissions['RA-LATE']).toMatchObject({
      status: 'handed_over',
      handedOverBy: 'Border Police, Tabanovce',
    });
    expect(server.state.readmissions['RA-NEW']).toMatchObject({
      status: 'refused',
      refusalReason: 'Entry from North Macedonia not established.',
    });
    expect(await page.locator(byTest('readmission-board')).innerText()).toMatch(
      /Handed over: 1 case, 6 persons · refused: 1/,
    );

    // The results board counts the cases by pair of countries and by crossing point.
    await page.click(byTest('tab-results'));
    const pair = page.locator(`${byTest('results-readmission-pair')}[data-key="RS>MK"]`);
    await pair.waitFor({ timeout: 30_000 });
    const cells = async (row: typeof pair) =>
      Object.fromEntries(
        await row
          .locator('td')
          .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-metric'), td.textContent])),
      ) as Record<string, string>;
    // RA-LATE was handed over after its deadline: late, and counted so.
    const expected = {
      requested: '3',
      accepted: '1',
      refused: '1',
      handedOver: '1',
      personsHandedOver: '6',
      late: '1',
    };
    expect(await cells(pair)).toEqual(expected);
    await page.locator(byTest('results-readmission')).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'results-readmission.png') });
    expect(await page.locator(byTest('results-readmission-crossing')).count()).toBe(1);
    expect(await cells(page.locator(byTest('results-readmission-crossing')))).toEqual(expected);
  }, 180_000);
});
