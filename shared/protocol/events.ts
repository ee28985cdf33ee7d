import { z } from 'zod';
import type { EpochMs } from '../units';
import { annotationShapeFields, checkAnnotationShape } from '../annotation';
import { checkZoneDefinition, zoneDefinitionFields } from '../zone';
import {
  AGENCIES,
  CROSSING_KINDS,
  IMPACT_LEVELS,
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  OPERATION_MODES,
  PARTNER_REFERENCE_KINDS,
  RESULT_COUNTS,
  UNIT_KINDS,
  UNIT_STATUSES,
} from '../domain';
import {
  countSchema,
  countryCodeSchema,
  epochMsSchema,
  idSchema,
  labelSchema,
  latSchema,
  lineSchema,
  lonSchema,
  metersSchema,
  polygonSchema,
  seqSchema,
  textSchema,
} from './primitives';

/** Counts of results found by one incident; every field optional, drugs in kilograms (decimal). */
export const resultCountsSchema = z.object({
  ...(Object.fromEntries(RESULT_COUNTS.map((k) => [k, countSchema.optional()])) as Record<
    (typeof RESULT_COUNTS)[number],
    z.ZodOptional<typeof countSchema>
  >),
  drugsKg: z.number().min(0).max(1_000_000).optional(),
});

/** A reference to a partner's file about the same case, e.g. a Europol SIENA message. */
export const partnerReferenceSchema = z.object({
  kind: z.enum(PARTNER_REFERENCE_KINDS),
  reference: z.string().min(1).max(100),
});

/** The persons handed back under the simplified readmission procedure. */
export const readmissionSchema = z.object({
  fromCountry: countryCodeSchema,
  toCountry: countryCodeSchema,
  crossingId: idSchema,
  persons: countSchema,
});

/**
 * How many persons of each nationality a readmission case concerns: counts only. No name, date of
 * birth or other personal data is carried anywhere in the app.
 */
export const personsByNationalitySchema = z
  .array(z.object({ nationality: countryCodeSchema, persons: countSchema.min(1) }))
  .min(1)
  .max(50);

const operationFields = {
  operationId: idSchema,
  name: labelSchema,
  mode: z.enum(OPERATION_MODES),
  description: textSchema.optional(),
  countries: z.array(countryCodeSchema).max(50),
  agencies: z.array(labelSchema).max(100),
  plannedStartAt: epochMsSchema,
  plannedEndAt: epochMsSchema,
};

const incidentDetailFields = {
  category: z.enum(INCIDENT_CATEGORIES),
  priority: z.union(INCIDENT_PRIORITIES.map((p) => z.literal(p))),
  title: labelSchema,
  description: textSchema.optional(),
  counts: resultCountsSchema.optional(),
  partnerReferences: z.array(partnerReferenceSchema).max(20).optional(),
  readmission: readmissionSchema.optional(),
};

/**
 * The payload schema of every event type this protocol version knows. The key is the event's
 * `type`; docs/protocol.md is written from this map.
 */
export const eventPayloadSchemas = {
  'operation.started': z.object({ ...operationFields, startedAt: epochMsSchema }),
  'operation.updated': z.object({
    operationId: idSchema,
    name: labelSchema.optional(),
    mode: z.enum(OPERATION_MODES).optional(),
    description: textSchema.optional(),
    plannedEndAt: epochMsSchema.optional(),
  }),
  'operation.ended': z.object({ operationId: idSchema, endedAt: epochMsSchema }),
  'sector.upserted': z.object({
    sectorId: idSchema,
    name: labelSchema,
    countries: z.tuple([countryCodeSchema, countryCodeSchema]),
    line: lineSchema,
    corridor: polygonSchema,
    impactLevel: z.enum(IMPACT_LEVELS),
    responsibleAgency: labelSchema,
  }),
  'sector.impact_changed': z.object({
    sectorId: idSchema,
    impactLevel: z.enum(IMPACT_LEVELS),
    reason: textSchema.optional(),
    by: labelSchema.optional(),
    at: epochMsSchema,
  }),
  'crossing.upserted': z.object({
    crossingId: idSchema,
    name: labelSchema,
    countries: z.tuple([countryCodeSchema, countryCodeSchema]),
    lon: lonSchema,
    lat: latSchema,
    sectorId: idSchema,
    kind: z.enum(CROSSING_KINDS),
  }),
  'unit.upserted': z.object({
    unitId: idSchema,
    callsign: labelSchema,
    agency: z.enum(AGENCIES),
    organisation: labelSchema,
    country: countryCodeSchema,
    kind: z.enum(UNIT_KINDS),
    sectorId: idSchema.optional(),
    crossingId: idSchema.optional(),
    status: z.enum(UNIT_STATUSES),
  }),
  'unit.position': z.object({
    unitId: idSchema,
    lon: lonSchema,
    lat: latSchema,
    /** Degrees clockwise from north. */
    heading: z.number().min(0).max(360),
    /** Metres per second; 150 m/s is above any helicopter here. */
    speed: z.number().min(0).max(150),
    accuracy: metersSchema,
    at: epochMsSchema,
  }),
  'unit.status_changed': z.object({
    unitId: idSchema,
    status: z.enum(UNIT_STATUSES),
    incidentId: idSchema.optional(),
    at: epochMsSchema,
  }),
  'incident.reported': z.object({
    incidentId: idSchema,
    ...incidentDetailFields,
    lon: lonSchema,
    lat: latSchema,
    sectorId: idSchema.optional(),
    reportedBy: idSchema.optional(),
    reportedAt: epochMsSchema,
  }),
  'incident.updated': z.object({
    incidentId: idSchema,
    category: incidentDetailFields.category.optional(),
    priority: incidentDetailFields.priority.optional(),
    title: labelSchema.optional(),
    description: textSchema.optional(),
    counts: resultCountsSchema.optional(),
    partnerReferences: incidentDetailFields.partnerReferences,
    readmission: readmissionSchema.optional(),
    at: epochMsSchema,
  }),
  'incident.acknowledged': z.object({ incidentId: idSchema, by: labelSchema, at: epochMsSchema }),
  'incident.assigned': z.object({
    incidentId: idSchema,
    unitIds: z.array(idSchema).min(1).max(50),
    by: labelSchema,
    at: epochMsSchema,
  }),
  'incident.resolved': z.object({
    incidentId: idSchema,
    outcome: textSchema,
    counts: resultCountsSchema.optional(),
    at: epochMsSchema,
  }),
  'incident.closed': z.object({ incidentId: idSchema, at: epochMsSchema }),
  'incident.note_added': z.object({
    incidentId: idSchema,
    noteId: idSchema,
    author: labelSchema,
    text: textSchema.min(1),
    at: epochMsSchema,
  }),
  /**
   * A case of the simplified readmission procedure: the country where the persons were
   * apprehended in the border area asks its neighbour to take them back at a crossing point, by a
   * deadline. It may name the apprehension incident(s).
   */
  'readmission.requested': z
    .object({
      caseId: idSchema,
      requestingCountry: countryCodeSchema,
      requestedCountry: countryCodeSchema,
      crossingId: idSchema,
      incidentIds: z.array(idSchema).max(20),
      persons: personsByNationalitySchema,
      requestedAt: epochMsSchema,
      deadlineAt: epochMsSchema,
      by: labelSchema,
    })
    .refine((p) => p.requestingCountry !== p.requestedCountry, 'a country does not readmit to itself')
    .refine((p) => p.deadlineAt > p.requestedAt, 'the deadline comes after the request'),
  'readmission.accepted': z.object({ caseId: idSchema, by: labelSchema, at: epochMsSchema }),
  'readmission.refused': z.object({
    caseId: idSchema,
    by: labelSchema,
    reason: textSchema.min(1),
    at: epochMsSchema,
  }),
  /** The persons were handed over at the crossing point (the count actually handed over, when it differs). */
  'readmission.handed_over': z.object({
    caseId: idSchema,
    by: labelSchema,
    persons: personsByNationalitySchema.optional(),
    at: epochMsSchema,
  }),
  'readmission.closed': z.object({ caseId: idSchema, at: epochMsSchema }),
  /**
   * Incidents linked as one case (one network seen in several sectors), at most
   * {@link LINKED_CASE_MAX_INCIDENTS} in a case. Opens the case when it is
   * new, with its title; adds the incidents to it otherwise.
   */
  'incident.linked': z.object({
    caseId: idSchema,
    title: labelSchema.optional(),
    incidentIds: z.array(idSchema).min(1).max(50),
    by: labelSchema,
    at: epochMsSchema,
  }),
  /** An incident taken out of a linked case (the link was wrong). */
  'incident.unlinked': z.object({
    caseId: idSchema,
    incidentId: idSchema,
    by: labelSchema,
    at: epochMsSchema,
  }),
  'bookmark.added': z.object({
    bookmarkId: idSchema,
    label: labelSchema,
    note: textSchema.optional(),
    author: labelSchema,
    at: epochMsSchema,
  }),
  /**
   * A shared annotation drawn by an officer (shared/annotation.ts): its shape, who drew it (the
   * officer or workstation, and the unit when a field unit drew it) and when. Create-only.
   */
  'annotation.created': z
    .object({
      annotationId: idSchema,
      ...annotationShapeFields,
      author: labelSchema,
      unitId: idSchema.optional(),
      at: epochMsSchema,
    })
    .superRefine(checkAnnotationShape),
  /** An annotation taken off the map; the picture keeps who did it and when. */
  'annotation.deleted': z.object({ annotationId: idSchema, by: labelSchema, at: epochMsSchema }),
  /**
   * A watch zone (shared/zone.ts): a sector or a drawn area, and its entry, exit and coverage
   * rules; who made it and when. Create-only.
   */
  'zone.created': z
    .object({ zoneId: idSchema, ...zoneDefinitionFields, author: labelSchema, at: epochMsSchema })
    .superRefine(checkZoneDefinition),
  /** A watch zone given up; the picture keeps it, with who did it and when. */
  'zone.deleted': z.object({ zoneId: idSchema, by: labelSchema, at: epochMsSchema }),
} as const;

/** The incidents one linked case holds at the most (a snapshot must stay a bounded message). */
export const LINKED_CASE_MAX_INCIDENTS = 500;

/** Every event type this protocol version knows. */
export type EventType = keyof typeof eventPayloadSchemas;
/** The event types as a list, in the order of {@link eventPayloadSchemas}. */
export const EVENT_TYPES = Object.keys(eventPayloadSchemas) as EventType[];
/** The payload of an event of type T, after validation. */
export type EventPayload<T extends EventType> = z.output<(typeof eventPayloadSchemas)[T]>;
/** The payload of an event of type T as it is sent (before branding). */
export type EventPayloadInput<T extends EventType> = z.input<(typeof eventPayloadSchemas)[T]>;

/** The envelope every event travels in. */
export const eventEnvelopeSchema = z.object({
  seq: seqSchema,
  id: idSchema,
  ts: epochMsSchema,
  /** A dotted lower-case name; types not in {@link eventPayloadSchemas} are from a newer server. */
  type: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z_]*(\.[a-z_]+)+$/, 'an event type is a dotted lower-case name'),
  /** Checked as a plain object here; its fields by the type's payload schema (see {@link unknownPayloadSchema}). */
  payload: z.custom<Record<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'a payload is an object',
  ),
});

/** The bound on a payload of a type this version does not know: it is stored, so its keys are bounded. */
export const unknownPayloadSchema = z.record(z.string().max(64), z.unknown());

/** A validated event of a known type. */
export type FeedEvent = {
  [T in EventType]: { seq: number; id: string; ts: EpochMs; type: T; payload: EventPayload<T> };
}[EventType];

/** An event of a type from a newer protocol: kept in the log, never applied. */
export interface UnknownEvent {
  seq: number;
  id: string;
  ts: EpochMs;
  type: string;
  payload: Record<string, unknown>;
}

/** True when `type` is one this protocol version knows. */
export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventPayloadSchemas, type);
}

/** Limits of a structurally safe message; see {@link checkStructure}. */
export const STRUCTURE_LIMITS = { maxDepth: 12, maxNodes: 200_000 } as const;
