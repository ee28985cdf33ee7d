import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport } from '../report/computeReport';
import { renderReportHtml } from '../report/renderReportHtml';
import type { AfterActionReport } from '../report/types';
import type { SqliteStore } from '../store/SqliteStore';
import { storeGeneratedOperation } from './generatedOperationFixtures';
import { gatherReportInput } from './reportData';
import { ReplaySession } from './ReplaySession';

const MINUTE = 60_000;
let dir: string;
let store: SqliteStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-report-data-'));
  ({ store } = storeGeneratedOperation(dir, { units: 15, hours: 4, seed: 23, lateEvery: 9 }));
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function report(from: number, to: number, fullScan: boolean): Promise<AfterActionReport> {
  const session = new ReplaySession({ store: store.reader, kind: 'live' }, 'tester');
  const input = await gatherReportInput({
    store: store.reader,
    session,
    from,
    to,
    bookmarks: [],
    generatedAt: Date.UTC(2026, 9, 6),
    generatedBy: 'tester',
    fullScan,
  });
  return computeReport(input);
}

/** The report with every distance rounded to the millimetre: the rest must be identical. */
function toTheMillimetre(r: AfterActionReport): AfterActionReport {
  const mm = (km: number): number => Math.round(km * 1e6) / 1e6;
  const u = r.unitActivity;
  return {
    ...r,
    unitActivity: {
      units: u.units.map((x) => ({ ...x, distanceKm: mm(x.distanceKm) })),
      byAgency: u.byAgency.map((x) => ({ ...x, distanceKm: mm(x.distanceKm) })),
      byKind: u.byKind.map((x) => ({ ...x, distanceKm: mm(x.distanceKm) })),
      total: { ...u.total, distanceKm: mm(u.total.distanceKm) },
    },
  };
}

describe('the report from the aggregates kept at ingest', () => {
  it('is the report the full scan of the positions gives, for the whole operation and a period', async () => {
    const { startTs, endTs } = store.reader.timeRange() as { startTs: number; endTs: number };
    for (const [from, to] of [
      [startTs, endTs],
      [startTs + 37 * MINUTE, startTs + 131 * MINUTE],
    ] as const) {
      const fromAggregates = await report(from, to, false);
      const fromScan = await report(from, to, true);
      expect(fromScan.unitActivity.total.reports).toBeGreaterThan(1000);
      expect(fromScan.unitActivity.total.distanceKm).toBeGreaterThan(10);
      expect(toTheMillimetre(fromAggregates)).toEqual(toTheMillimetre(fromScan));
      // What the reader sees: the same page, figure for figure.
      expect(renderReportHtml(fromAggregates)).toBe(renderReportHtml(fromScan));
    }
  });
});
