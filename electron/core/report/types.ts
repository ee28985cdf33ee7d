import type { FeatureCollection } from 'geojson';
import type {
  Agency,
  ImpactLevel,
  IncidentCategory,
  IncidentPriority,
  IncidentStatus,
  OperationMode,
  PartnerReferenceKind,
  ResultCount,
  UnitKind,
} from '../../../shared/domain';
import type { ReadmissionTally } from '../../../shared/readmission';
import type { OperationState } from '../../../shared/state';
import type { AnnotationColor, AnnotationKind } from '../../../shared/annotation';
import type { ZoneCoverageRule } from '../../../shared/zone';

/**
 * The after-action report's data: what goes in ({@link ReportInput}) and what comes out
 * ({@link AfterActionReport}). Plain data, so a report can be saved as JSON and rendered again.
 */

/** What one unit did within the period: reports sent, distance covered and time in each status. */
export interface UnitActivity {
  unitId: string;
  reports: number;
  distanceM: number;
  patrolMs: number;
  respondingMs: number;
  onSceneMs: number;
}

/** A sector's impact level changing at `at`. */
export interface ImpactChange {
  sectorId: string;
  at: number;
  level: ImpactLevel;
  reason?: string;
}

/** A marked moment; `shared` when it came from the feed, not only from this desk. */
export interface ReportBookmark {
  at: number;
  label: string;
  note?: string;
  author: string;
  shared: boolean;
}

/** A watch zone's alert in the period (a unit or an incident in or out), or a breach at its end. */
export interface ReportZoneEvent {
  at: number;
  zone: string;
  kind: 'entry' | 'exit' | 'breach';
  /** The unit's callsign or the incident's title; for a breach, empty. */
  who: string;
  /** For a breach: the rule. */
  rule?: ZoneCoverageRule;
  /**
   * For a breach: when it ended (the rule met again, or the zone deleted); null while still open
   * at the period's end. Absent from reports saved before ended breaches were kept (open at the end).
   */
  end?: number | null;
}

/** An annotation on the map at some time in the period. */
export interface ReportAnnotation {
  annotationId: string;
  kind: AnnotationKind;
  color: AnnotationColor;
  coordinates: [number, number][];
  text?: string;
  author: string;
  createdAt: number;
  deletedAt: number | null;
  deletedBy: string | null;
}

/** Everything the report is computed from. */
export interface ReportInput {
  /** The picture at the end of the period. */
  state: OperationState;
  /** The period in epoch ms, half-open [from, to): an incident counts when `from <= reportedAt < to`. */
  from: number;
  to: number;
  /** Each sector's level at `from`. */
  impactAtStart: Record<string, ImpactLevel>;
  /** Changes inside the period, oldest first. */
  impactChanges: ImpactChange[];
  unitActivity: UnitActivity[];
  bookmarks: ReportBookmark[];
  generatedAt: number;
  generatedBy: string;
  /** Country outlines for the map image. */
  basemap?: { countries: FeatureCollection };
}

/** Every result count of RESULT_COUNTS, summed. */
export type ResultCounts = Record<ResultCount, number>;

/** Incidents and their results in one group (a category, a country, a sector, a day). */
export interface ResultGroup {
  incidents: number;
  results: ResultCounts;
}

/** Count, median and 90th percentile of one set of durations; null when there are none. */
export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** The three response measures, each from `reportedAt`. */
export interface ResponseTimes {
  acknowledged: DurationStats;
  assigned: DurationStats;
  resolved: DurationStats;
}

/** Names of {@link ResponseTimes}' measures, in lifecycle order. */
export const RESPONSE_MEASURES = ['acknowledged', 'assigned', 'resolved'] as const;
/** See {@link RESPONSE_MEASURES}. */
export type ResponseMeasure = (typeof RESPONSE_MEASURES)[number];

/** One unit's activity with what the picture knows about the unit. */
export interface UnitActivityRow {
  unitId: string;
  callsign: string;
  agency: Agency | 'unknown';
  kind: UnitKind | 'unknown';
  country: string;
  reports: number;
  distanceKm: number;
  patrolMs: number;
  respondingMs: number;
  onSceneMs: number;
}

/** Activity summed over a group of units. */
export interface ActivityTotals {
  /** The agency or unit kind; 'all' for the grand total. */
  key: string;
  units: number;
  reports: number;
  distanceKm: number;
  patrolMs: number;
  respondingMs: number;
  onSceneMs: number;
}

/** One stretch of time at one level; `level` is null where the report cannot know it. */
export interface ImpactSegment {
  start: number;
  end: number;
  level: ImpactLevel | null;
}

/** A sector's impact levels over the period, as contiguous segments from `from` to `to`. */
export interface SectorTimeline {
  sectorId: string;
  name: string;
  countries: readonly string[];
  segments: ImpactSegment[];
  /** Changes inside the period with their reasons, oldest first. */
  changes: ImpactChange[];
  /** The level the sector ended the period with (the last segment's). */
  endLevel: ImpactLevel | null;
}

/** An incident as the report lists it, with names resolved. */
export interface ReportIncident {
  incidentId: string;
  reportedAt: number;
  category: IncidentCategory;
  priority: IncidentPriority;
  title: string;
  description?: string;
  sectorId?: string;
  sectorName: string | null;
  country: string;
  reportedBy: string | null;
  status: IncidentStatus;
  acknowledgedAt: number | null;
  assignedAt: number | null;
  resolvedAt: number | null;
  assignedUnits: string[];
  outcome: string | null;
  /** Only the non-zero counts. */
  results: Partial<ResultCounts>;
  readmission: { fromCountry: string; toCountry: string; crossing: string; persons: number } | null;
  partnerReferences: { kind: PartnerReferenceKind; reference: string }[];
  notes: { at: number; author: string; text: string }[];
  lon: number;
  lat: number;
}

/** The after-action report of an operation, or of a period of it. */
export interface AfterActionReport {
  operation: {
    operationId: string;
    name: string;
    /** null when the picture holds no operation: the report then says so on every page. */
    mode: OperationMode | null;
    countries: readonly string[];
    startedAt: number | null;
    endedAt: number | null;
  };
  period: { from: number; to: number };
  generatedAt: number;
  generatedBy: string;
  totals: ResultGroup;
  /** Every category, in the order of INCIDENT_CATEGORIES, including empty ones. */
  byCategory: (ResultGroup & { category: IncidentCategory })[];
  /** By the country a result is credited to (see shared/results.ts resultCountry), by code. */
  byCountry: (ResultGroup & { country: string })[];
  /** By sector, by name; incidents without a sector under sectorId null. */
  bySector: (ResultGroup & { sectorId: string | null; name: string })[];
  /** By UTC day of `reportedAt`, every day of the period, oldest first. */
  byDay: (ResultGroup & { day: string })[];
  responseTimes: {
    overall: ResponseTimes;
    byPriority: { priority: IncidentPriority; incidents: number; times: ResponseTimes }[];
  };
  unitActivity: {
    units: UnitActivityRow[];
    byAgency: ActivityTotals[];
    byKind: ActivityTotals[];
    total: ActivityTotals;
  };
  readmissions: {
    cases: number;
    persons: number;
    byPair: { fromCountry: string; toCountry: string; cases: number; persons: number }[];
    byCrossing: {
      crossingId: string;
      name: string;
      countries: readonly string[];
      cases: number;
      persons: number;
    }[];
  };
  /**
   * Cases of the simplified readmission procedure requested in the period, as they stand at its
   * end (late: refused or handed over after the deadline, or still open past it then).
   */
  readmissionProcedure: ReadmissionTally & {
    /** Request to answer, and request to handover: median and p90, ms. */
    timeToAnswer: { median: number | null; p90: number | null };
    timeToHandover: { median: number | null; p90: number | null };
    refusalReasons: { reason: string; cases: number }[];
    byPair: (ReadmissionTally & { requestingCountry: string; requestedCountry: string })[];
    byCrossing: (ReadmissionTally & { crossingId: string; name: string; countries: readonly string[] })[];
  };
  impactTimeline: SectorTimeline[];
  /** Incidents reported in the period, oldest first. */
  incidents: ReportIncident[];
  /** Bookmarks inside the period, oldest first. */
  bookmarks: ReportBookmark[];
  /**
   * Watch zones: each entry or exit alert of the period, and each coverage rule in breach at its
   * end, oldest first. Absent from reports saved before zones were.
   */
  zones?: ReportZoneEvent[];
  /**
   * The annotations on the map at some time in the period (made before its end, not deleted before
   * its start), oldest first; the map image draws them. Absent from reports saved before they were.
   */
  annotations?: ReportAnnotation[];
  /** What the map image draws. */
  map: {
    sectors: { sectorId: string; name: string; line: [number, number][]; level: ImpactLevel | null }[];
    incidents: { incidentId: string; lon: number; lat: number; priority: IncidentPriority }[];
    crossings: { crossingId: string; name: string; lon: number; lat: number }[];
  };
  basemap: FeatureCollection | null;
}
