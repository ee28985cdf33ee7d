import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { computeReport } from '../../electron/core/report/computeReport';
import { foldReportInput } from '../../electron/core/report/foldReportInput';
import { renderReportHtml } from '../../electron/core/report/renderReportHtml';
import { formatNumber } from '../../electron/core/report/reportText';
import { hostileInput } from '../../electron/core/report/testFixtures';
import type { AfterActionReport } from '../../electron/core/report/types';
import { RESULT_COUNTS } from '../../shared/domain';
import type { FeedEvent } from '../../shared/protocol/events';
import { parseEvent } from '../../shared/protocol/parseEvent';
import { loadGeography } from '../../simulator/geography';
import { defaultScenarioConfig, Scenario, type EventDraft } from '../../simulator/scenario';
import { greyVariance, SHOTS } from './browser';
import { chromiumAvailable } from './harness';
import { pdfPagePng, pdfText } from './pdf';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 5, 6);
const HOURS = 30;
/** Noon to noon UTC: the period crosses midnight. */
const FROM = START + 6 * HOUR;
const TO = START + 30 * HOUR;

let drafts: EventDraft[];
let report: AfterActionReport;
let html: string;

function playScenario(): EventDraft[] {
  const scenario = new Scenario(
    defaultScenarioConfig({
      seed: 7,
      units: 120,
      incidentsPerHour: 20,
      reportIntervalMs: 120_000,
      startAt: START,
    }),
    loadGeography(),
  );
  const out = scenario.start();
  for (let h = 1; h <= HOURS; h++) out.push(...scenario.advance(START + h * HOUR));
  return out;
}

function toEvents(list: readonly EventDraft[]): FeedEvent[] {
  return list.map((d, i) => {
    const parsed = parseEvent({ seq: i + 1, id: `E${i + 1}`, ts: d.ts, type: d.type, payload: d.payload });
    if (parsed.kind !== 'known') throw new Error(`event ${i} (${d.type}) is ${JSON.stringify(parsed)}`);
    return parsed.event;
  });
}

function basemap(): FeatureCollection | undefined {
  const file = join(process.cwd(), 'resources', 'geo', 'countries.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection) : undefined;
}

beforeAll(() => {
  drafts = playScenario();
  const countries = basemap();
  const input = foldReportInput(toEvents(drafts), FROM, TO);
  report = computeReport({
    ...input,
    generatedAt: TO + 5 * 60_000,
    generatedBy: 'Officer Petrović',
    ...(countries ? { basemap: { countries } } : {}),
  });
  html = renderReportHtml(report);
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, 'report-sample.html'), html);
}, 120_000);

describe('after-action report of the reference scenario', () => {
  it('matches an independent count of the event stream', () => {
    // Incidents and their counts straight from the drafts, without the reducer or the report.
    const incidents = new Map<
      string,
      { reportedAt: number; priority: number; counts: Record<string, number>; pair?: string; persons: number }
    >();
    let positions = 0;
    for (const d of drafts) {
      if (d.ts >= TO) continue;
      if (d.type === 'incident.reported') {
        const p = d.payload;
        incidents.set(p.incidentId, {
          reportedAt: p.reportedAt,
          priority: p.priority,
          counts: { ...(p.counts ?? {}) },
          ...(p.readmission ? { pair: `${p.readmission.fromCountry}>${p.readmission.toCountry}` } : {}),
          persons: p.readmission?.persons ?? 0,
        });
      } else if (d.type === 'incident.updated' || d.type === 'incident.resolved') {
        const i = incidents.get(d.payload.incidentId);
        if (i && d.payload.counts) Object.assign(i.counts, d.payload.counts);
        if (i && d.type === 'incident.updated' && d.payload.priority !== undefined)
          i.priority = d.payload.priority;
      } else if (d.type === 'unit.position' && d.payload.at >= FROM && d.payload.at < TO) {
        positions++;
      }
    }
    const inPeriod = [...incidents.values()].filter((i) => i.reportedAt >= FROM && i.reportedAt < TO);
    expect(inPeriod.length).toBeGreaterThan(200);
    expect(report.totals.incidents).toBe(inPeriod.length);
    expect(report.incidents).toHaveLength(inPeriod.length);
    for (const key of RESULT_COUNTS) {
      const sum = inPeriod.reduce((n, i) => n + (i.counts[key] ?? 0), 0);
      expect(report.totals.results[key], key).toBeCloseTo(sum, 6);
    }
    for (const p of report.responseTimes.byPriority) {
      expect(p.incidents, `priority ${p.priority}`).toBe(
        inPeriod.filter((i) => i.priority === p.priority).length,
      );
    }
    const pairs = new Map<string, number>();
    for (const i of inPeriod) if (i.pair) pairs.set(i.pair, (pairs.get(i.pair) ?? 0) + i.persons);
    expect(pairs.size).toBeGreaterThan(0);
    expect(
      Object.fromEntries(
        report.readmissions.byPair.map((p) => [`${p.fromCountry}>${p.toCountry}`, p.persons]),
      ),
    ).toEqual(Object.fromEntries(pairs));
    expect(report.unitActivity.total.reports).toBe(positions);
    expect(report.unitActivity.total.distanceKm).toBeGreaterThan(0);
    expect(report.byDay.map((d) => d.day)).toEqual(['2026-10-05', '2026-10-06']);
    expect(report.byDay.reduce((n, d) => n + d.incidents, 0)).toBe(inPeriod.length);
    expect(report.impactTimeline.length).toBeGreaterThanOrEqual(24);
    for (const s of report.impactTimeline) {
      expect(s.segments[0]!.start).toBe(FROM);
      expect(s.segments[s.segments.length - 1]!.end).toBe(TO);
    }
    expect(report.operation.mode).toBe('exercise');
  });
});

describe.skipIf(!chromiumAvailable)('after-action report printed by Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    // The run's shared Chromium (its close only lets go of it).
    browser = await chromium.connect(inject('chromiumEndpoint'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('prints to an A4 PDF whose first page names the operation and the incident total', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.close();
    writeFileSync(join(SHOTS, 'report-sample.pdf'), pdf);
    expect(requests).toEqual([]);

    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const first = text[0]!.replace(/\s+/g, ' ');
    expect(first).toContain(report.operation.name);
    expect(first).toContain(`Incidents total: ${formatNumber(report.totals.incidents)}`);
    // The exercise marking is printed on every page, not only the first.
    text.forEach((t, i) => expect(t, `page ${i + 1}`).toContain('EXERCISE'));

    const png = await pdfPagePng(browser, pdf, 1);
    writeFileSync(join(SHOTS, 'report-page1.png'), png);
    const image = PNG.sync.read(png);
    // A4 at 1.5 × 72 dpi, and not a blank page.
    expect(image.width).toBeGreaterThan(880);
    expect(image.height / image.width).toBeCloseTo(297 / 210, 1);
    expect(greyVariance(image)).toBeGreaterThan(100);
  });

  it('runs nothing and loads nothing from hostile text, in a real HTML parser', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:')) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(renderReportHtml(computeReport(hostileInput())), { waitUntil: 'load' });
    const found = await page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        scripts: document.querySelectorAll('script, iframe, object, embed, a, img, foreignObject').length,
        handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
        urls: all.flatMap((e) =>
          [...e.attributes]
            .filter((a) => /javascript:|https?:/i.test(a.value))
            .map((a) => `${a.name}=${a.value}`),
        ),
        text: document.body.innerText.includes('<script>alert(1)</script>'),
      };
    });
    await page.close();
    expect(found).toEqual({ scripts: 0, handlers: [], urls: [], text: true });
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
