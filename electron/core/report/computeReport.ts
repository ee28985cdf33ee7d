import {
  AGENCIES,
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  RESULT_COUNTS,
  UNIT_KINDS,
  type ImpactLevel,
  type IncidentCategory,
} from '../../../shared/domain';
import { getOwn } from '../../../shared/getOwn';
import { countValue, resultCountry, tidyKg, UNKNOWN_COUNTRY, utcDay } from '../../../shared/results';
import type { Incident, OperationState, ReadmissionCase } from '../../../shared/state';
import { summariseReadmissions } from '../../../shared/readmission';
import { breachStart, zoneCoverage } from '../../../shared/zone';
import { durationStats, percentile } from './percentile';
import type {
  ActivityTotals,
  AfterActionReport,
  ImpactChange,
  ImpactSegment,
  ReportIncident,
  ReportInput,
  ReportAnnotation,
  ReportZoneEvent,
  ResponseTimes,
  ResultCounts,
  ResultGroup,
  SectorTimeline,
  UnitActivity,
  UnitActivityRow,
} from './types';

const DAY_MS = 86_400_000;
/** Beyond this many days the per-day table lists only days with incidents, not every empty day. */
const MAX_DAYS_LISTED = 366;

/** Every count at zero. */
export function emptyResultCounts(): ResultCounts {
  return Object.fromEntries(RESULT_COUNTS.map((k) => [k, 0])) as ResultCounts;
}

function emptyGroup(): ResultGroup {
  return { incidents: 0, results: emptyResultCounts() };
}

function addIncident(group: ResultGroup, incident: Incident): void {
  group.incidents++;
  for (const key of RESULT_COUNTS) group.results[key] += countValue(incident.counts[key]);
}

function tidyGroup<T extends ResultGroup>(group: T): T {
  group.results.drugsKg = tidyKg(group.results.drugsKg);
  return group;
}

function groupIn<K>(map: Map<K, ResultGroup>, key: K): ResultGroup {
  let group = map.get(key);
  if (!group) {
    group = emptyGroup();
    map.set(key, group);
  }
  return group;
}

/** A duration or distance from the wire: a negative or non-finite value counts as 0. */
function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function responseTimes(incidents: readonly Incident[], to: number): ResponseTimes {
  // A step stamped after the period's end did not happen within it; a step stamped before the
  // report (clock skew between services) counts as immediate rather than being dropped.
  const since = (incident: Incident, at: number | null): number[] =>
    at === null || !Number.isFinite(at) || at >= to ? [] : [Math.max(0, at - incident.reportedAt)];
  return {
    acknowledged: durationStats(incidents.flatMap((i) => since(i, i.acknowledgedAt))),
    assigned: durationStats(incidents.flatMap((i) => since(i, i.assignedAt))),
    resolved: durationStats(incidents.flatMap((i) => since(i, i.resolvedAt))),
  };
}

function byDay(incidents: readonly Incident[], from: number, to: number): AfterActionReport['byDay'] {
  const days = new Map<string, ResultGroup>();
  if (to > from && (to - from) / DAY_MS <= MAX_DAYS_LISTED) {
    // Every day of the period, so a quiet day shows as a zero rather than going missing.
    const last = utcDay(to - 1);
    for (let t = Date.parse(`${utcDay(from)}T00:00:00Z`); ; t += DAY_MS) {
      const day = utcDay(t);
      days.set(day, emptyGroup());
      if (day >= last) break;
    }
  }
  for (const incident of incidents) addIncident(groupIn(days, utcDay(incident.reportedAt)), incident);
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, g]) => tidyGroup({ day, ...g }));
}

function sumActivity(key: string, rows: readonly UnitActivityRow[]): ActivityTotals {
  const total: ActivityTotals = {
    key,
    units: rows.length,
    reports: 0,
    distanceKm: 0,
    patrolMs: 0,
    respondingMs: 0,
    onSceneMs: 0,
  };
  for (const r of rows) {
    total.reports += r.reports;
    total.distanceKm += r.distanceKm;
    total.patrolMs += r.patrolMs;
    total.respondingMs += r.respondingMs;
    total.onSceneMs += r.onSceneMs;
  }
  total.distanceKm = Math.round(total.distanceKm * 1000) / 1000;
  return total;
}

function unitActivity(
  state: OperationState,
  activity: readonly UnitActivity[],
): AfterActionReport['unitActivity'] {
  // One row per unit even if the caller sent a unit twice (two stores, two queries): summed.
  const merged = new Map<string, UnitActivity>();
  for (const a of activity) {
    const into = merged.get(a.unitId) ?? {
      unitId: a.unitId,
      reports: 0,
      distanceM: 0,
      patrolMs: 0,
      respondingMs: 0,
      onSceneMs: 0,
    };
    into.reports += nonNegative(a.reports);
    into.distanceM += nonNegative(a.distanceM);
    into.patrolMs += nonNegative(a.patrolMs);
    into.respondingMs += nonNegative(a.respondingMs);
    into.onSceneMs += nonNegative(a.onSceneMs);
    merged.set(a.unitId, into);
  }
  const agencyOrder = (agency: string): number => {
    const i = (AGENCIES as readonly string[]).indexOf(agency);
    return i < 0 ? AGENCIES.length : i;
  };
  const units: UnitActivityRow[] = [...merged.values()]
    .map((a) => {
      const unit = getOwn(state.units, a.unitId);
      return {
        unitId: a.unitId,
        callsign: unit?.callsign ?? a.unitId,
        agency: unit?.agency ?? 'unknown',
        kind: unit?.kind ?? 'unknown',
        country: unit?.country ?? UNKNOWN_COUNTRY,
        reports: a.reports,
        distanceKm: a.distanceM / 1000,
        patrolMs: a.patrolMs,
        respondingMs: a.respondingMs,
        onSceneMs: a.onSceneMs,
      } satisfies UnitActivityRow;
    })
    .sort(
      (a, b) =>
        agencyOrder(a.agency) - agencyOrder(b.agency) ||
        a.callsign.localeCompare(b.callsign) ||
        a.unitId.localeCompare(b.unitId),
    );
  const grouped = (keys: readonly string[], keyOf: (r: UnitActivityRow) => string): ActivityTotals[] =>
    [...keys, 'unknown']
      .map((key) =>
        sumActivity(
          key,
          units.filter((r) => keyOf(r) === key),
        ),
      )
      .filter((t) => t.units > 0);
  return {
    units,
    byAgency: grouped(AGENCIES, (r) => r.agency),
    byKind: grouped(UNIT_KINDS, (r) => r.kind),
    total: sumActivity('all', units),
  };
}

/**
 * How the simplified procedure went for the cases requested in the period, as they stood at its
 * end: answers, handovers, what came late, how long answers and handovers took, why cases were
 * refused, by pair of countries.
 */
function readmissionProcedure(
  state: OperationState,
  from: number,
  to: number,
): AfterActionReport['readmissionProcedure'] {
  const cases = Object.values(state.readmissions).filter((c) => c.requestedAt >= from && c.requestedAt < to);
  const answeredAt = (c: ReadmissionCase): number | null => c.acceptedAt ?? c.refusedAt;
  const times = (values: (number | null)[]) => {
    const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    return { median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
  };
  const reasons = new Map<string, number>();
  for (const c of cases) {
    if (c.refusalReason) reasons.set(c.refusalReason, (reasons.get(c.refusalReason) ?? 0) + 1);
  }
  // As the cases stand at the end of the period: the same counting as the results board's.
  const summary = summariseReadmissions(cases, to);
  return {
    ...summary.total,
    timeToAnswer: times(cases.map((c) => (answeredAt(c) === null ? null : answeredAt(c)! - c.requestedAt))),
    timeToHandover: times(
      cases.map((c) => (c.handedOverAt === null ? null : c.handedOverAt - c.requestedAt)),
    ),
    refusalReasons: [...reasons]
      .map(([reason, n]) => ({ reason, cases: n }))
      .sort((a, b) => b.cases - a.cases || a.reason.localeCompare(b.reason)),
    byPair: summary.byPair,
    byCrossing: summary.byCrossing.map((c) => {
      const crossing = getOwn(state.crossings, c.crossingId);
      return { ...c, name: crossing?.name ?? c.crossingId, countries: crossing?.countries ?? [] };
    }),
  };
}

function readmissions(
  state: OperationState,
  incidents: readonly Incident[],
): AfterActionReport['readmissions'] {
  const pairs = new Map<string, { fromCountry: string; toCountry: string; cases: number; persons: number }>();
  const crossings = new Map<string, AfterActionReport['readmissions']['byCrossing'][number]>();
  let cases = 0;
  let persons = 0;
  for (const incident of incidents) {
    const r = incident.readmission;
    if (!r) continue;
    const n = countValue(r.persons);
    cases++;
    persons += n;
    const key = `${r.fromCountry}>${r.toCountry}`;
    const pair = pairs.get(key) ?? {
      fromCountry: r.fromCountry,
      toCountry: r.toCountry,
      cases: 0,
      persons: 0,
    };
    pair.cases++;
    pair.persons += n;
    pairs.set(key, pair);
    const crossing = getOwn(state.crossings, r.crossingId);
    const at = crossings.get(r.crossingId) ?? {
      crossingId: r.crossingId,
      name: crossing?.name ?? r.crossingId,
      countries: crossing?.countries ?? [],
      cases: 0,
      persons: 0,
    };
    at.cases++;
    at.persons += n;
    crossings.set(r.crossingId, at);
  }
  const byPersons = <T extends { persons: number; cases: number }>(a: T, b: T): number =>
    b.persons - a.persons || b.cases - a.cases;
  return {
    cases,
    persons,
    byPair: [...pairs.values()].sort(
      (a, b) =>
        byPersons(a, b) ||
        a.fromCountry.localeCompare(b.fromCountry) ||
        a.toCountry.localeCompare(b.toCountry),
    ),
    byCrossing: [...crossings.values()].sort((a, b) => byPersons(a, b) || a.name.localeCompare(b.name)),
  };
}

/**
 * One sector's levels as contiguous segments over [from, to). A change exactly at `from` replaces
 * the starting level (no empty segment); a change to the level already in force adds no segment.
 */
export function impactSegments(
  startLevel: ImpactLevel | null,
  changes: readonly ImpactChange[],
  from: number,
  to: number,
): ImpactSegment[] {
  if (!(to > from)) return [];
  const segments: ImpactSegment[] = [];
  let start = from;
  let level = startLevel;
  for (const change of changes) {
    if (change.at < from || change.at >= to) continue;
    if (change.at === start) {
      level = change.level;
      continue;
    }
    if (change.level === level) continue;
    segments.push({ start, end: change.at, level });
    start = change.at;
    level = change.level;
  }
  segments.push({ start, end: to, level });
  // A change at `start` of a later segment back to the previous level merges the two.
  return segments.reduce<ImpactSegment[]>((out, s) => {
    const prev = out[out.length - 1];
    if (prev && prev.level === s.level) prev.end = s.end;
    else out.push({ ...s });
    return out;
  }, []);
}

function impactTimeline(input: ReportInput): SectorTimeline[] {
  const { state, from, to } = input;
  const changes = input.impactChanges
    .filter((c) => Number.isFinite(c.at) && c.at >= from && c.at < to)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.at - b.c.at || a.i - b.i)
    .map(({ c }) => c);
  const ids = new Set([
    ...Object.keys(state.sectors),
    ...Object.keys(input.impactAtStart),
    ...changes.map((c) => c.sectorId),
  ]);
  return [...ids]
    .map((sectorId): SectorTimeline => {
      const sector = getOwn(state.sectors, sectorId);
      const own = changes.filter((c) => c.sectorId === sectorId);
      let startLevel: ImpactLevel | null = getOwn(input.impactAtStart, sectorId) ?? null;
      // Without a starting level, the picture's level is the level at `from` only if it has not
      // changed since; otherwise the report shows the stretch before the first change as unknown.
      if (
        startLevel === null &&
        sector &&
        own.length === 0 &&
        (sector.impactChangedAt === null || sector.impactChangedAt < from)
      ) {
        startLevel = sector.impactLevel;
      }
      const segments = impactSegments(startLevel, own, from, to);
      return {
        sectorId,
        name: sector?.name ?? sectorId,
        countries: sector?.countries ?? [],
        segments,
        changes: own,
        endLevel: segments[segments.length - 1]?.level ?? startLevel,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.sectorId.localeCompare(b.sectorId));
}

function reportIncident(state: OperationState, incident: Incident): ReportIncident {
  const sector = incident.sectorId === undefined ? undefined : getOwn(state.sectors, incident.sectorId);
  const callsign = (unitId: string): string => getOwn(state.units, unitId)?.callsign ?? unitId;
  const results: Partial<ResultCounts> = {};
  for (const key of RESULT_COUNTS) {
    const v = countValue(incident.counts[key]);
    if (v > 0) results[key] = v;
  }
  const r = incident.readmission;
  return {
    incidentId: incident.incidentId,
    reportedAt: incident.reportedAt,
    category: incident.category,
    priority: incident.priority,
    title: incident.title,
    ...(incident.description === undefined ? {} : { description: incident.description }),
    ...(incident.sectorId === undefined ? {} : { sectorId: incident.sectorId }),
    sectorName: sector?.name ?? incident.sectorId ?? null,
    country: resultCountry(incident, state.units, state.sectors),
    reportedBy: incident.reportedBy === undefined ? null : callsign(incident.reportedBy),
    status: incident.status,
    acknowledgedAt: incident.acknowledgedAt,
    assignedAt: incident.assignedAt,
    resolvedAt: incident.resolvedAt,
    assignedUnits: incident.assignedUnitIds.map(callsign),
    outcome: incident.outcome,
    results,
    readmission: r
      ? {
          fromCountry: r.fromCountry,
          toCountry: r.toCountry,
          crossing: getOwn(state.crossings, r.crossingId)?.name ?? r.crossingId,
          persons: countValue(r.persons),
        }
      : null,
    partnerReferences: incident.partnerReferences.map((p) => ({ kind: p.kind, reference: p.reference })),
    notes: [...incident.notes]
      .sort((a, b) => a.at - b.at)
      .map((n) => ({ at: n.at, author: n.author, text: n.text })),
    lon: incident.lon,
    lat: incident.lat,
  };
}

/**
 * The after-action report of an operation or a period of it, computed from the picture at the end
 * of the period and the histories the store keeps (impact levels, unit activity, bookmarks). Pure:
 * the same input gives the same report, so a report can be reproduced from an archive.
 */
/**
 * The watch zones' alerts of the period [from, to), and their coverage breaches in it: those that
 * began and ended within it, those under way at its start or its end (each with its own start and
 * end, null while open at the period's end). Oldest first.
 */
export function zoneEvents(state: OperationState, from: number, to: number): ReportZoneEvent[] {
  const out: ReportZoneEvent[] = [];
  for (const zone of Object.values(state.zones ?? {})) {
    for (const a of zone.alerts) {
      if (a.at < from || a.at >= to) continue;
      const who = a.unitId
        ? (getOwn(state.units, a.unitId)?.callsign ?? a.unitId)
        : (getOwn(state.incidents, a.incidentId ?? '')?.title ?? a.incidentId ?? '');
      out.push({ at: a.at, zone: zone.name, kind: a.kind, who });
    }
    const breach = (ruleIndex: number, start: number, end: number | null): void => {
      const rule = zone.coverage[ruleIndex];
      if (rule && start < to && (end === null || end > from))
        out.push({ at: start, zone: zone.name, kind: 'breach', who: '', rule, end });
    };
    for (const b of zone.pastBreaches ?? []) breach(b.ruleIndex, b.from, b.to);
    if (zone.deletedAt !== null && zone.deletedAt < to) {
      // Deleting a zone ends its breaches: a zone gone watches nothing.
      zone.coverage.forEach((rule, i) => {
        const holds = zone.coverageSince[i] ?? null;
        if (holds === null) return;
        const start = breachStart(rule, holds);
        if (start < zone.deletedAt!) breach(i, start, zone.deletedAt);
      });
    } else for (const b of zoneCoverage(zone, to - 1)) breach(b.ruleIndex, b.since, null);
  }
  return out.sort((a, b) => a.at - b.at || a.zone.localeCompare(b.zone));
}

/** The annotations on the map at some time in [from, to): made before `to`, not deleted before `from`. */
export function reportAnnotations(state: OperationState, from: number, to: number): ReportAnnotation[] {
  return Object.values(state.annotations ?? {})
    .filter((a) => a.createdAt < to && (a.deletedAt === null || a.deletedAt >= from))
    .sort((a, b) => a.createdAt - b.createdAt || a.annotationId.localeCompare(b.annotationId))
    .map((a) => ({
      annotationId: a.annotationId,
      kind: a.kind,
      color: a.color,
      coordinates: a.coordinates.map(([lon, lat]): [number, number] => [lon, lat]),
      ...(a.text === undefined ? {} : { text: a.text }),
      author: a.author,
      createdAt: a.createdAt,
      // A deletion after the period's end is not part of it: on the map at its end.
      deletedAt: a.deletedAt !== null && a.deletedAt < to ? a.deletedAt : null,
      deletedBy: a.deletedAt !== null && a.deletedAt < to ? a.deletedBy : null,
    }));
}

export function computeReport(input: ReportInput): AfterActionReport {
  const { state, from, to } = input;
  const incidents = Object.values(state.incidents)
    .filter((i) => Number.isFinite(i.reportedAt) && i.reportedAt >= from && i.reportedAt < to)
    .sort((a, b) => a.reportedAt - b.reportedAt || a.incidentId.localeCompare(b.incidentId));

  const totals = emptyGroup();
  const categories = new Map<IncidentCategory, ResultGroup>(
    INCIDENT_CATEGORIES.map((c) => [c, emptyGroup()]),
  );
  const countries = new Map<string, ResultGroup>();
  const sectors = new Map<string | null, ResultGroup>(
    Object.keys(state.sectors).map((id) => [id, emptyGroup()]),
  );
  for (const incident of incidents) {
    addIncident(totals, incident);
    addIncident(
      groupIn(categories, categories.has(incident.category) ? incident.category : 'other'),
      incident,
    );
    addIncident(groupIn(countries, resultCountry(incident, state.units, state.sectors)), incident);
    addIncident(groupIn(sectors, incident.sectorId ?? null), incident);
  }

  const timeline = impactTimeline(input);
  const endLevel = new Map(timeline.map((t) => [t.sectorId, t.endLevel]));
  const finite = (lon: number, lat: number): boolean =>
    Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
  const op = state.operation;

  return {
    operation: {
      operationId: op?.operationId ?? '—',
      name: op?.name ?? 'No operation',
      mode: op?.mode ?? null,
      countries: op?.countries ?? [],
      startedAt: op?.startedAt ?? null,
      endedAt: op?.endedAt ?? null,
    },
    period: { from, to },
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy,
    totals: tidyGroup(totals),
    byCategory: [...categories.entries()].map(([category, g]) => tidyGroup({ category, ...g })),
    byCountry: [...countries.entries()]
      .sort(([a], [b]) => (a === UNKNOWN_COUNTRY ? 1 : b === UNKNOWN_COUNTRY ? -1 : a.localeCompare(b)))
      .map(([country, g]) => tidyGroup({ country, ...g })),
    bySector: [...sectors.entries()]
      .map(([sectorId, g]) =>
        tidyGroup({
          sectorId,
          name: sectorId === null ? '(no sector)' : (getOwn(state.sectors, sectorId)?.name ?? sectorId),
          ...g,
        }),
      )
      .sort((a, b) => (a.sectorId === null ? 1 : b.sectorId === null ? -1 : a.name.localeCompare(b.name))),
    byDay: byDay(incidents, from, to),
    responseTimes: {
      overall: responseTimes(incidents, to),
      byPriority: INCIDENT_PRIORITIES.map((priority) => {
        const own = incidents.filter((i) => i.priority === priority);
        return { priority, incidents: own.length, times: responseTimes(own, to) };
      }),
    },
    unitActivity: unitActivity(state, input.unitActivity),
    readmissions: readmissions(state, incidents),
    readmissionProcedure: readmissionProcedure(state, from, to),
    impactTimeline: timeline,
    incidents: incidents.map((i) => reportIncident(state, i)),
    bookmarks: input.bookmarks
      .filter((b) => Number.isFinite(b.at) && b.at >= from && b.at < to)
      .sort((a, b) => a.at - b.at),
    zones: zoneEvents(state, from, to),
    annotations: reportAnnotations(state, from, to),
    map: {
      sectors: Object.values(state.sectors)
        .map((s) => ({
          sectorId: s.sectorId,
          name: s.name,
          line: s.line
            .filter(([lon, lat]) => finite(lon, lat))
            .map(([lon, lat]) => [lon, lat] as [number, number]),
          level: endLevel.get(s.sectorId) ?? s.impactLevel,
        }))
        .filter((s) => s.line.length >= 2),
      incidents: incidents
        .filter((i) => finite(i.lon, i.lat))
        .map((i) => ({ incidentId: i.incidentId, lon: i.lon, lat: i.lat, priority: i.priority })),
      crossings: Object.values(state.crossings)
        .filter((c) => finite(c.lon, c.lat))
        .map((c) => ({ crossingId: c.crossingId, name: c.name, lon: c.lon, lat: c.lat })),
    },
    basemap: input.basemap?.countries ?? null,
  };
}
