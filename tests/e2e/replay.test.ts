import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../electron/browserHost';
import { formatNumber } from '../../electron/core/report/reportText';
import type { SimulatorServer } from '../../simulator/server';
import { changedShare, mapFrames, mapIdle, pixels } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';
import { pdfPagePng, pdfText } from './pdf';

/**
 * Replay in Chromium through the browser host: hours of a recorded operation, scrubbed by
 * dragging the timeline, played, stepped, and left again for the live picture.
 */

const ROOT = process.cwd();
const HOUR = 3_600_000;
const HOURS = 6;
const START = Date.now() - HOURS * HOUR;
const CURSOR = '[data-testid="timeline-cursor"]';
let dashboard: Dashboard;
let server: SimulatorServer;
let host: BrowserHost;
let context: BrowserContext;
let page: Page;

async function cursorAt(): Promise<number> {
  return Number(await page.locator(CURSOR).getAttribute('data-at'));
}

async function cursorSeq(): Promise<number> {
  return Number(await page.locator(CURSOR).getAttribute('data-seq'));
}

/** Incidents in the feed now ("12 shown"). */
async function feedCount(): Promise<number> {
  const text = await page.locator('[data-testid="feed-count"]').innerText();
  return Number(/^(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

/**
 * Waits until the seek that ends at `at` has landed (the cursor's event seq no longer `seqBefore`)
 * and deck.gl has drawn a frame since `framesBefore`.
 */
async function landed(at: number, seqBefore: number, framesBefore: number): Promise<void> {
  await page.waitForFunction(
    ([selector, t, seq]) => {
      const cursor = document.querySelector(selector);
      return (
        Number(cursor?.getAttribute('data-at')) === t && Number(cursor?.getAttribute('data-seq')) !== seq
      );
    },
    [CURSOR, at, seqBefore] as const,
    { timeout: 60_000 },
  );
  await mapFrames(page, framesBefore);
}

/** Drags the timeline from one x to another with the mouse, in small steps like a hand would. */
async function drag(fromX: number, toX: number): Promise<void> {
  const box = await page.locator('[data-testid="timeline-track"]').boundingBox();
  if (!box) throw new Error('no timeline track');
  const y = box.y + box.height / 2;
  await page.mouse.move(fromX, y);
  await page.mouse.down();
  await page.mouse.move(toX, y, { steps: 12 });
  await page.mouse.up();
}

async function trackBox(): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('[data-testid="timeline-track"]').boundingBox();
  if (!box) throw new Error('no timeline track');
  return box;
}

describe.skipIf(!chromiumAvailable)('replay in Chromium through the browser host', () => {
  let startTs: number;
  let endTs: number;

  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'replay',
      // Hours of history with incidents, all before the page opens.
      server: {
        scenario: {
          seed: 11,
          units: 120,
          incidentsPerHour: 30,
          reportIntervalMs: 60_000,
          startAt: START,
          autoAcknowledge: false,
        },
      },
      host: { operator: 'Officer Horvat' },
    });
    ({ server, host, context, page } = dashboard);
    await page.waitForFunction(
      (seq) =>
        Number(document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq') ?? 0) >=
        seq,
      server.lastSeq,
      { timeout: 120_000 },
    );
    await mapIdle(page);
  }, 240_000);

  afterAll(() => dashboard?.close(), 180_000);

  it('shows a slim live timeline and enters replay with one action', async () => {
    const mode = page.locator('[data-testid="timeline-mode"]');
    expect(await mode.getAttribute('data-mode')).toBe('live');
    const frames = await mapFrames(page);
    await page.locator('[data-testid="replay-toggle"]').click();
    await page.waitForSelector('[data-testid="timeline-mode"][data-mode="replay"]');
    await page.locator(CURSOR).waitFor();
    await page.waitForFunction(
      (s) => Number(document.querySelector(s)?.getAttribute('data-seq')) > 0,
      CURSOR,
    );
    await mapFrames(page, frames);
    // The status bar says replay, so nobody takes it for the live picture.
    await page.locator('[data-testid="replay-badge"]').waitFor();
    endTs = await cursorAt();
    // Entered at the live edge: the newest event the server sent.
    expect(Math.abs(endTs - server.operationTime)).toBeLessThan(5 * 60_000);
  }, 120_000);

  it('scrubs by dragging: the map and the incident feed follow the cursor', async () => {
    const box = await trackBox();
    const atEnd = await pixels(page, '[data-testid="map"]', 'replay-end.png', 60);
    const incidentsAtEnd = await feedCount();
    expect(incidentsAtEnd).toBeGreaterThan(20);

    // From the live edge to the very start (past the bar's end: pointer capture keeps the drag).
    let seq = await cursorSeq();
    let frames = await mapFrames(page);
    await drag(box.x + box.width - 2, box.x - 40);
    startTs = await cursorAt();
    expect(startTs).toBeLessThan(endTs - (HOURS - 0.5) * HOUR);
    await landed(startTs, seq, frames);
    const atStart = await pixels(page, '[data-testid="map"]', 'replay-start.png', 60);
    const incidentsAtStart = await feedCount();
    expect(incidentsAtStart).toBeLessThan(incidentsAtEnd);
    expect(changedShare(atEnd, atStart)).toBeGreaterThan(0.002);

    // And back to the middle: more incidents than at the start, fewer than at the end.
    seq = await cursorSeq();
    frames = await mapFrames(page);
    await drag(box.x + 1, box.x + box.width / 2);
    const middle = await cursorAt();
    expect(middle).toBeGreaterThan(startTs + 2 * HOUR);
    expect(middle).toBeLessThan(endTs - 2 * HOUR);
    await landed(middle, seq, frames);
    const atMiddle = await pixels(page, '[data-testid="map"]', 'replay-middle.png', 60);
    const incidentsAtMiddle = await feedCount();
    expect(incidentsAtMiddle).toBeGreaterThan(incidentsAtStart);
    expect(incidentsAtMiddle).toBeLessThan(incidentsAtEnd);
    expect(changedShare(atStart, atMiddle)).toBeGreaterThan(0.002);
    // Every incident the feed shows was reported at or before the cursor.
    const reported = Object.values(server.state.incidents).filter((i) => i.reportedAt <= middle).length;
    expect(incidentsAtMiddle).toBe(reported);
  }, 180_000);

  it('refuses a typed speed or time it cannot read, and plays at the speed typed', async () => {
    const speed = page.locator('[data-testid="replay-speed"]');
    await speed.fill('fast');
    await speed.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="timeline-error"]').innerText())
      .toMatch(/Type a speed/);
    await speed.fill('3600x');
    await speed.press('Enter');
    await page.locator('[data-testid="timeline-error"]').waitFor({ state: 'detached' });
    await page.locator('[data-testid="map"]').hover({ position: { x: 5, y: 200 } });
    expect(await speed.inputValue()).toBe('3600×');

    const jump = page.locator('[data-testid="replay-jump"]');
    await jump.fill('2001-01-01 00:00');
    await jump.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="timeline-error"]').innerText())
      .toMatch(/outside the operation/);
    await jump.fill('');

    // A high speed, typed: 10 minutes of the operation per second of the wall clock.
    await speed.fill('600x');
    await speed.press('Enter');
    await page.locator('[data-testid="map"]').hover({ position: { x: 5, y: 200 } });
    expect(await speed.inputValue()).toBe('600×');
    const from = await cursorAt();
    const play = page.locator('[data-testid="replay-play"]');
    await play.click();
    expect(await play.getAttribute('aria-pressed')).toBe('true');
    await page.waitForFunction(
      ([s, t]) => Number(document.querySelector(s)?.getAttribute('data-at')) > t + 10 * 60_000,
      [CURSOR, from] as const,
      { timeout: 60_000 },
    );
    // Playback stops by itself at the live edge; pause only if it is still going.
    if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await page.waitForSelector('[data-testid="replay-play"][aria-pressed="false"]');
    expect(await cursorAt()).toBeGreaterThan(from + 10 * 60_000);
  }, 120_000);

  it('steps to the next incident: the cursor lands on its report time', async () => {
    const from = await cursorAt();
    const next = Object.values(server.state.incidents)
      .map((i) => i.reportedAt)
      .filter((t) => t > from)
      .sort((a, b) => a - b)[0];
    expect(next).toBeDefined();
    await page.locator('[data-testid="replay-step-next"]').click();
    await page.waitForFunction(
      ([s, t]) => Number(document.querySelector(s)?.getAttribute('data-at')) === t,
      [CURSOR, next!] as const,
      { timeout: 60_000 },
    );
    // The event log is in step: its newest lines are at that moment, the incident's report among them.
    await page.locator('[data-testid="tab-replay"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-row"]').first().getAttribute('data-ts'))
      .toBe(String(next));
    const report = page.locator(`[data-testid="log-row"][data-ts="${next}"]`, {
      hasText: 'Incident reported',
    });
    expect(await report.count()).toBeGreaterThan(0);
  }, 120_000);

  it('bookmarks the moment and shows the replay view (screenshot)', async () => {
    const at = await cursorAt();
    await page.locator('[data-testid="bookmark-label"]').fill('E2E: handover at the crossing');
    await page.locator('[data-testid="bookmark-note"]').fill('Check the response time here');
    await page.locator('[data-testid="bookmark-add"]').click();
    await page.locator(`[data-testid="bookmark-row"][data-at="${at}"]`).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="timeline-bookmark"][data-at="${at}"]`).waitFor();
    await mapIdle(page);
    mkdirSync(join(ROOT, 'test-output', 'e2e'), { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ROOT, 'test-output', 'e2e', 'replay.png') });
  }, 120_000);

  it('writes an export and the report, offered for download; the PDF is explained in the browser', async () => {
    await page.locator('[data-testid="export-incidents.csv"]').click();
    const written = page.locator('[data-testid="written-file"][data-kind="incidents.csv"]');
    await written.waitFor({ timeout: 60_000 });
    const href = await written.locator('[data-testid="written-download"]').getAttribute('href');
    expect(href).toBeTruthy();
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv.split('\n').length).toBeGreaterThan(Object.keys(server.state.incidents).length);

    await page.locator('[data-testid="export-report.html"]').click();
    const report = page.locator('[data-testid="written-file"][data-kind="report.html"]');
    await report.waitFor({ timeout: 120_000 });
    expect(await report.locator('[data-testid="report-open"]').getAttribute('target')).toBe('_blank');
    // "The same page printed by Chromium": the report the host serves, printed, holds the totals.
    const reportHref = await report.locator('[data-testid="report-open"]').getAttribute('href');
    const printed = await context.newPage();
    await printed.goto(new URL(reportHref!, host.url).href);
    const pdf = await printed.pdf({ format: 'A4', printBackground: true });
    await printed.close();
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    const incidents = Object.keys(host.core.state.incidents).length;
    expect(text[0]).toContain(`Incidents total: ${incidents}.`);
    expect(text[0]).toContain('Joint Operation Western Balkans Border Shield');
    expect(text.every((t) => t.includes('EXERCISE'))).toBe(true);
    // Its first page, to look at.
    mkdirSync(join(ROOT, 'test-output', 'e2e'), { recursive: true });
    writeFileSync(join(ROOT, 'test-output', 'e2e', 'report-first-page.png'), await pdfPagePng(context, pdf));

    await page.locator('[data-testid="export-report-pdf"]').click();
    await expect.poll(() => page.locator('[data-testid="pdf-refusal"]').innerText()).toMatch(/print/i);

    // The report in another language, picked beside the buttons (the interface's until then).
    const language = page.locator('[data-testid="report-language"]');
    expect(await language.inputValue()).toBe('en');
    await language.selectOption('mk');
    await page.locator('[data-testid="export-report.html"]').click();
    const reports = page.locator('[data-testid="written-file"][data-kind="report.html"]');
    await expect.poll(() => reports.count(), { timeout: 120_000 }).toBe(2);
    const mkHref = await reports.first().locator('[data-testid="report-open"]').getAttribute('href');
    const mk = await page.evaluate(async (url) => (await fetch(url)).text(), mkHref!);
    expect(mk).toContain('<html lang="mk">');
    expect(mk).toContain(`Вкупно инциденти: ${formatNumber(incidents, 0, 'mk')}.`);
    expect(mk).not.toContain('Incidents total');
  }, 240_000);

  it('goes back to live without alerting for what was seen, and alerts once for what came meanwhile', async () => {
    // The live feed keeps arriving (and being stored) during the replay.
    const now = server.operationTime;
    const sector = Object.values(server.state.sectors)[0]!;
    const [lon, lat] = sector.line[Math.floor(sector.line.length / 2)]!;
    server.inject([
      {
        ts: now,
        type: 'incident.reported',
        payload: {
          incidentId: 'INC-E2E-WHILE-REPLAYING',
          category: 'weapons',
          priority: 1,
          title: 'E2E: reported during the replay',
          lon,
          lat,
          sectorId: sector.sectorId,
          reportedAt: now,
        },
      },
    ]);
    await page.waitForFunction(
      (seq) =>
        Number(document.querySelector('[data-testid="status-bar"]')?.getAttribute('data-last-seq')) >= seq,
      server.lastSeq,
      { timeout: 60_000 },
    );
    // Still the replayed moment: the incident is neither in the feed nor alerted.
    expect(await page.locator('[data-incident-id="INC-E2E-WHILE-REPLAYING"]').count()).toBe(0);
    expect(await page.locator('[data-testid="priority-alert"]').count()).toBe(0);

    await page.locator('[data-testid="replay-toggle"]').click();
    await page.waitForSelector('[data-testid="timeline-mode"][data-mode="live"]');
    await page
      .locator('[data-testid="incident-row"][data-incident-id="INC-E2E-WHILE-REPLAYING"]')
      .waitFor({ timeout: 30_000 });
    expect(await feedCount()).toBe(Object.keys(server.state.incidents).length);
    // One alert, for the incident reported meanwhile; none for the hundreds seen before.
    const alert = page.locator('[data-testid="priority-alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-incident-id')).toBe('INC-E2E-WHILE-REPLAYING');
    expect(await page.locator('[data-testid="alert-dismiss-all"]').count()).toBe(0);
    expect(await page.locator('[data-testid="replay-badge"]').count()).toBe(0);
    await page.screenshot({ path: join(ROOT, 'test-output', 'e2e', 'live-timeline.png') });
  }, 120_000);

  it('opens an operation archive read only, says so plainly, and closes it', async () => {
    await page.locator('[data-testid="tab-replay"]').click();
    const section = async (id: string): Promise<void> => {
      const details = page.locator(`[data-testid="${id}"]`);
      if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    };
    await section('replay-exports');
    await page.locator('[data-testid="export-archive.sqlite"]').click();
    const written = page.locator('[data-testid="written-file"][data-kind="archive.sqlite"]');
    await written.waitFor({ timeout: 120_000 });
    const path = (await written.locator('[data-testid="written-path"]').innerText()).trim();

    await section('replay-archive');
    await page.locator('[data-testid="archive-path"]').fill(path);
    await page.locator('[data-testid="archive-open"]').click();
    const banner = page.locator('[data-testid="archive-banner"]');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.innerText()).toContain(path);
    await page.waitForSelector('[data-testid="replay-badge"][data-source="archive"]');
    expect(await page.locator('[data-testid="timeline-mode"]').innerText()).toBe('ARCHIVE');
    // Nothing done on an archive reaches the operation.
    expect(await page.locator('[data-testid="bookmark-share"]').isDisabled()).toBe(true);
    await page.screenshot({ path: join(ROOT, 'test-output', 'e2e', 'replay-archive.png') });

    await page.locator('[data-testid="archive-close"]').click();
    await page.waitForSelector('[data-testid="timeline-mode"][data-mode="live"]');
    expect(await page.locator('[data-testid="archive-banner"]').count()).toBe(0);
  }, 180_000);
});
