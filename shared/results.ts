import type { ResultCount } from './domain';
import { getOwn } from './getOwn';
import type { Incident, Sector, Unit } from './state';

/**
 * The operation's results as the daily report lists them, summed from the incidents. Nothing here
 * is stored: totals are always recomputed, so a replayed picture reports the same figures as live.
 * The live results board and the after-action report both count with these rules, so the two
 * cannot disagree about a figure.
 */

/** The UTC calendar day of an instant, "YYYY-MM-DD" (results are grouped by it, whatever the local zone). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * One count as it is summed: a negative or non-finite value (a bad report) counts as 0 rather than
 * cancelling other incidents' results.
 */
export function countValue(value: number | undefined): number {
  return value === undefined || !Number.isFinite(value) || value <= 0 ? 0 : value;
}

/** The figures the results board shows, in the order of the operations' daily report. */
export const RESULT_METRICS = [
  'migrants',
  'facilitators',
  'stolenVehicles',
  'drugsKg',
  'cigarettes',
  'weapons',
  'falseDocuments',
  'readmittedPersons',
] as const satisfies readonly ResultCount[];
/** See {@link RESULT_METRICS}. */
export type ResultMetric = (typeof RESULT_METRICS)[number];

/** One set of figures. */
export type ResultTotals = Record<ResultMetric, number>;

/** The key used when an incident can be attributed to no country. */
export const UNKNOWN_COUNTRY = '??';

/** Everything the results board shows. */
export interface ResultsSummary {
  totals: ResultTotals;
  /** By country code (see {@link resultCountry}), by code. */
  byCountry: { country: string; totals: ResultTotals }[];
  /** By UTC day of the report, oldest first. */
  byDay: { day: string; totals: ResultTotals }[];
  /** Incidents that contributed at least one figure. */
  incidentsWithResults: number;
}

/** All zeros. */
export function emptyTotals(): ResultTotals {
  return {
    migrants: 0,
    facilitators: 0,
    stolenVehicles: 0,
    drugsKg: 0,
    cigarettes: 0,
    weapons: 0,
    falseDocuments: 0,
    readmittedPersons: 0,
  };
}

/**
 * The country a result is credited to. Rule: the country of the unit that reported the incident
 * (its `reportedBy` unit id), because that is the service that made the detection or arrest; when
 * the reporter is unknown (no `reportedBy`, or a unit the picture does not hold), the first country
 * of the incident's sector; without a sector, {@link UNKNOWN_COUNTRY}. Each incident is credited to
 * exactly one country, so the per-country figures add up to the totals. Readmissions follow the same
 * rule (not `readmission.fromCountry`) for that reason.
 */
export function resultCountry(
  incident: Pick<Incident, 'reportedBy' | 'sectorId'>,
  units: Readonly<Record<string, Unit>>,
  sectors: Readonly<Record<string, Sector>>,
): string {
  const reporter = incident.reportedBy === undefined ? undefined : getOwn(units, incident.reportedBy);
  if (reporter) return reporter.country;
  const sector = incident.sectorId === undefined ? undefined : getOwn(sectors, incident.sectorId);
  return sector ? sector.countries[0] : UNKNOWN_COUNTRY;
}

/** Adds an incident's counts; returns whether it had any. Bad values (negative, NaN) are ignored. */
function addCounts(into: ResultTotals, counts: Incident['counts']): boolean {
  let any = false;
  for (const metric of RESULT_METRICS) {
    const v = countValue(counts[metric]);
    if (v === 0) continue;
    into[metric] += v;
    any = true;
  }
  return any;
}

/** Removes float noise from summed kilograms (0.1 + 0.2), which the tests and the eye would see. */
export function tidyKg(kg: number): number {
  return Math.round(kg * 1000) / 1000;
}

function tidy(t: ResultTotals): ResultTotals {
  t.drugsKg = tidyKg(t.drugsKg);
  return t;
}

function bucket(map: Map<string, ResultTotals>, key: string): ResultTotals {
  let t = map.get(key);
  if (!t) {
    t = emptyTotals();
    map.set(key, t);
  }
  return t;
}

/** Sums every incident's results: totals, by country and by UTC day of `reportedAt`. */
export function aggregateResults(
  incidents: Readonly<Record<string, Incident>>,
  units: Readonly<Record<string, Unit>>,
  sectors: Readonly<Record<string, Sector>>,
): ResultsSummary {
  const totals = emptyTotals();
  const byCountry = new Map<string, ResultTotals>();
  const byDay = new Map<string, ResultTotals>();
  let incidentsWithResults = 0;
  for (const incident of Object.values(incidents)) {
    const own = emptyTotals();
    if (!addCounts(own, incident.counts)) continue;
    incidentsWithResults++;
    const country = resultCountry(incident, units, sectors);
    const day = utcDay(incident.reportedAt);
    for (const target of [totals, bucket(byCountry, country), bucket(byDay, day)]) {
      for (const metric of RESULT_METRICS) target[metric] += own[metric];
    }
  }
  return {
    totals: tidy(totals),
    byCountry: [...byCountry.entries()]
      .sort(([a], [b]) => (a === UNKNOWN_COUNTRY ? 1 : b === UNKNOWN_COUNTRY ? -1 : a.localeCompare(b)))
      .map(([country, t]) => ({ country, totals: tidy(t) })),
    byDay: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, t]) => ({ day, totals: tidy(t) })),
    incidentsWithResults,
  };
}
