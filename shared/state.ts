import type {
  Agency,
  CrossingKind,
  ImpactLevel,
  IncidentCategory,
  IncidentPriority,
  IncidentStatus,
  OperationMode,
  PartnerReferenceKind,
  ReadmissionStatus,
  ResultCount,
  UnitKind,
  UnitStatus,
} from './domain';
import type { AnnotationColor, AnnotationKind } from './annotation';
import type { ZoneCoverageRule } from './zone';
import type { EpochMs, LngLat, Meters } from './units';

/**
 * The picture of one operation as the reducer builds it from events. Plain, serialisable data:
 * the same shape is stored as keyframes, sent as a snapshot and rendered. Derived figures (counts,
 * totals, staleness) are computed by selectors, never stored, so replay cannot disagree with live.
 */

/** The operation itself. */
export interface Operation {
  readonly operationId: string;
  readonly name: string;
  readonly mode: OperationMode;
  readonly description?: string;
  readonly countries: readonly string[];
  readonly agencies: readonly string[];
  readonly plannedStartAt: EpochMs;
  readonly plannedEndAt: EpochMs;
  readonly startedAt: EpochMs;
  readonly endedAt: EpochMs | null;
}

/** A stretch of border with its corridor. */
export interface Sector {
  readonly sectorId: string;
  readonly name: string;
  readonly countries: readonly [string, string];
  readonly line: readonly LngLat[];
  readonly corridor: readonly (readonly LngLat[])[];
  readonly impactLevel: ImpactLevel;
  /** When the impact level last changed by event; null while it is the level the sector came with. */
  readonly impactChangedAt: EpochMs | null;
  readonly impactReason?: string;
  readonly responsibleAgency: string;
}

/** A border crossing point. */
export interface Crossing {
  readonly crossingId: string;
  readonly name: string;
  readonly countries: readonly [string, string];
  readonly lon: number;
  readonly lat: number;
  readonly sectorId: string;
  readonly kind: CrossingKind;
}

/** A unit's last reported position. */
export interface UnitPosition {
  readonly lon: number;
  readonly lat: number;
  readonly heading: number;
  readonly speed: number;
  readonly accuracy: Meters;
  readonly at: EpochMs;
}

/** A field unit, a liaison officer or a fixed post. */
export interface Unit {
  readonly unitId: string;
  readonly callsign: string;
  readonly agency: Agency;
  readonly organisation: string;
  readonly country: string;
  readonly kind: UnitKind;
  readonly sectorId?: string;
  readonly crossingId?: string;
  readonly status: UnitStatus;
  readonly statusSince: EpochMs | null;
  /** The incident the unit is responding to or on scene at. */
  readonly incidentId: string | null;
  readonly position: UnitPosition | null;
}

/** A partner's reference for the same case. */
export interface PartnerReference {
  readonly kind: PartnerReferenceKind;
  readonly reference: string;
}

/** Persons handed back under the simplified readmission procedure. */
export interface Readmission {
  readonly fromCountry: string;
  readonly toCountry: string;
  readonly crossingId: string;
  readonly persons: number;
}

/** Persons of one nationality in a readmission case (a count, never a person). */
export interface PersonsOfNationality {
  readonly nationality: string;
  readonly persons: number;
}

/** A case of the simplified readmission procedure and where it stands. */
export interface ReadmissionCase {
  readonly caseId: string;
  /** Where the persons were apprehended; it asks for the readmission. */
  readonly requestingCountry: string;
  /** Asked to take the persons back. */
  readonly requestedCountry: string;
  readonly crossingId: string;
  /** The apprehension incident(s). */
  readonly incidentIds: readonly string[];
  readonly persons: readonly PersonsOfNationality[];
  readonly requestedAt: EpochMs;
  readonly requestedBy: string;
  /** By when the case must be done: answered, and when accepted, handed over. */
  readonly deadlineAt: EpochMs;
  readonly status: ReadmissionStatus;
  readonly acceptedAt: EpochMs | null;
  readonly acceptedBy: string | null;
  readonly refusedAt: EpochMs | null;
  readonly refusedBy: string | null;
  readonly refusalReason: string | null;
  readonly handedOverAt: EpochMs | null;
  readonly handedOverBy: string | null;
  /** Who was handed over, when it differs from the request; null: as requested. */
  readonly personsHandedOver: readonly PersonsOfNationality[] | null;
  readonly closedAt: EpochMs | null;
  readonly updatedAt: EpochMs;
}

/**
 * Incidents linked as one case: one smuggling network seen in three sectors, one stolen-car ring
 * across two borders. An incident may belong to several cases; the links are the analyst's
 * judgement, so they can be undone.
 */
export interface LinkedCase {
  readonly caseId: string;
  /** The case's name as the service that opened it gave it ("Network Drina"). */
  readonly title: string;
  /** The incidents linked, in the order they were linked; one entry per incident. */
  readonly incidentIds: readonly string[];
  readonly openedAt: EpochMs;
  readonly openedBy: string;
  readonly updatedAt: EpochMs;
}

/** A note an officer added to an incident. */
export interface IncidentNote {
  readonly noteId: string;
  readonly author: string;
  readonly text: string;
  readonly at: EpochMs;
}

/** An incident and where it stands in its lifecycle. */
export interface Incident {
  readonly incidentId: string;
  readonly category: IncidentCategory;
  readonly priority: IncidentPriority;
  readonly title: string;
  readonly description?: string;
  readonly lon: number;
  readonly lat: number;
  readonly sectorId?: string;
  readonly reportedBy?: string;
  readonly reportedAt: EpochMs;
  readonly counts: Readonly<Partial<Record<ResultCount, number>>>;
  readonly partnerReferences: readonly PartnerReference[];
  readonly readmission?: Readmission;
  readonly status: IncidentStatus;
  readonly acknowledgedAt: EpochMs | null;
  readonly acknowledgedBy: string | null;
  readonly assignedAt: EpochMs | null;
  readonly assignedUnitIds: readonly string[];
  readonly resolvedAt: EpochMs | null;
  readonly outcome: string | null;
  readonly closedAt: EpochMs | null;
  readonly updatedAt: EpochMs;
  /** Oldest first; one entry per noteId. */
  readonly notes: readonly IncidentNote[];
}

/** A moment someone marked. */
export interface Bookmark {
  readonly bookmarkId: string;
  readonly label: string;
  readonly note?: string;
  readonly author: string;
  readonly at: EpochMs;
}

/**
 * A shared annotation drawn on the map (shared/annotation.ts). Create-only: a deleted one stays in
 * the picture with its deletion, so the picture never loses an entity and replay shows each
 * annotation between its creation and its deletion; the map and the list show only the live ones.
 */
export interface Annotation {
  readonly annotationId: string;
  readonly kind: AnnotationKind;
  /** One position for a point or a text; a line's positions; a polygon's ring, open. */
  readonly coordinates: readonly LngLat[];
  readonly text?: string;
  readonly color: AnnotationColor;
  /** The officer or workstation that drew it. */
  readonly author: string;
  /** The unit that drew it, when a field unit did. */
  readonly unitId?: string;
  readonly createdAt: EpochMs;
  readonly deletedAt: EpochMs | null;
  readonly deletedBy: string | null;
}

/** A watch zone's area: a sector (its corridor) or a drawn ring, open. */
export type ZoneArea =
  | { readonly kind: 'sector'; readonly sectorId: string }
  | { readonly kind: 'polygon'; readonly coordinates: readonly LngLat[] };

/** A unit or an incident that came into a watch zone or left it, at the time of its report. */
export interface ZoneAlert {
  readonly at: EpochMs;
  readonly kind: 'entry' | 'exit';
  readonly unitId?: string;
  readonly incidentId?: string;
}

/**
 * A watch zone (shared/zone.ts). Create-only with its deletion, like an annotation. Besides its
 * definition the reducer keeps what the alerts and coverage need: the units inside it, when each
 * coverage rule's condition began to hold (null: it does not), and the newest entry and exit alerts.
 */
export interface Zone {
  readonly zoneId: string;
  readonly name: string;
  readonly area: ZoneArea;
  readonly onEntry: boolean;
  readonly onExit: boolean;
  readonly watchUnits: boolean;
  readonly unitKinds: readonly UnitKind[];
  readonly watchIncidents: boolean;
  readonly incidentCategories: readonly IncidentCategory[];
  readonly incidentPriorities: readonly IncidentPriority[];
  readonly coverage: readonly ZoneCoverageRule[];
  readonly author: string;
  readonly createdAt: EpochMs;
  readonly deletedAt: EpochMs | null;
  readonly deletedBy: string | null;
  /** The units whose position is inside, in the order they came in. */
  readonly unitsInside: readonly string[];
  /** Per coverage rule: since when its condition holds (too few units; no unit), or null. */
  readonly coverageSince: readonly (EpochMs | null)[];
  /** Oldest first, the newest ZONE_LIMITS.maxAlerts. */
  readonly alerts: readonly ZoneAlert[];
  /**
   * The coverage breaches that have ended, oldest first, the newest ZONE_LIMITS.maxAlerts (for
   * the after-action report); absent until one ends, and from a server that does not keep them.
   */
  readonly pastBreaches?: readonly ZoneBreachSpan[];
}

/** A coverage rule's breach that ended: which rule (its index), from when until when. */
export interface ZoneBreachSpan {
  readonly ruleIndex: number;
  readonly from: EpochMs;
  readonly to: EpochMs;
}

/** The whole picture. Records are keyed by the entity's id. */
export interface OperationState {
  readonly operation: Operation | null;
  readonly sectors: Readonly<Record<string, Sector>>;
  readonly crossings: Readonly<Record<string, Crossing>>;
  readonly units: Readonly<Record<string, Unit>>;
  readonly incidents: Readonly<Record<string, Incident>>;
  readonly bookmarks: Readonly<Record<string, Bookmark>>;
  readonly readmissions: Readonly<Record<string, ReadmissionCase>>;
  readonly linkedCases: Readonly<Record<string, LinkedCase>>;
  readonly annotations: Readonly<Record<string, Annotation>>;
  readonly zones: Readonly<Record<string, Zone>>;
}

/** The keyed collections of the picture, in one list for the store, the deltas and replay. */
export const ENTITY_COLLECTIONS = [
  'sectors',
  'crossings',
  'units',
  'incidents',
  'bookmarks',
  'readmissions',
  'linkedCases',
  'annotations',
  'zones',
] as const;
/** See {@link ENTITY_COLLECTIONS}. */
export type EntityCollection = (typeof ENTITY_COLLECTIONS)[number];

/** The picture before any event. */
export function getEmptyState(): OperationState {
  return {
    operation: null,
    sectors: {},
    crossings: {},
    units: {},
    incidents: {},
    bookmarks: {},
    readmissions: {},
    linkedCases: {},
    annotations: {},
    zones: {},
  };
}

/**
 * A picture from before readmission cases, linked cases and annotations were kept (a keyframe or an archive of
 * an older store): the collections it lacks are empty.
 */
export function withAllCollections(
  state: Omit<OperationState, 'readmissions' | 'linkedCases' | 'annotations' | 'zones'> &
    Partial<OperationState>,
): OperationState {
  if (ENTITY_COLLECTIONS.every((k) => state[k])) return state as OperationState;
  return {
    ...state,
    ...Object.fromEntries(ENTITY_COLLECTIONS.map((k) => [k, state[k] ?? {}])),
  } as OperationState;
}
