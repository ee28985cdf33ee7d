import { z } from 'zod';
import { annotationShapeFields, checkAnnotationShape } from '../annotation';
import { ZONE_LIMITS, zoneDefinitionFields } from '../zone';
import { INCIDENT_STATUSES, READMISSION_STATUSES } from '../domain';
import type { OperationState } from '../state';
import {
  eventPayloadSchemas,
  LINKED_CASE_MAX_INCIDENTS,
  partnerReferenceSchema,
  personsByNationalitySchema,
  resultCountsSchema,
} from './events';
import { countryCodeSchema, epochMsSchema, idSchema, labelSchema, textSchema } from './primitives';

/**
 * The schema of a whole {@link OperationState}, for what arrives as a snapshot or is read back from
 * a file: the entity schemas are the event payload schemas plus what the reducer adds, so the two
 * cannot drift apart.
 */
const nullableTime = epochMsSchema.nullable();
const { unitId: _unitId, ...positionFields } = eventPayloadSchemas['unit.position'].shape;
const {
  incidentId: _i,
  counts: _c,
  partnerReferences: _p,
  ...reportedFields
} = eventPayloadSchemas['incident.reported'].shape;

const operationSchema = eventPayloadSchemas['operation.started'].extend({ endedAt: nullableTime });
const sectorSchema = eventPayloadSchemas['sector.upserted'].extend({
  impactChangedAt: nullableTime,
  impactReason: textSchema.optional(),
});
const unitSchema = eventPayloadSchemas['unit.upserted'].extend({
  statusSince: nullableTime,
  incidentId: idSchema.nullable(),
  position: z.object(positionFields).nullable(),
});
const incidentSchema = z.object({
  incidentId: idSchema,
  ...reportedFields,
  counts: resultCountsSchema,
  partnerReferences: z.array(partnerReferenceSchema).max(20),
  status: z.enum(INCIDENT_STATUSES),
  acknowledgedAt: nullableTime,
  acknowledgedBy: labelSchema.nullable(),
  assignedAt: nullableTime,
  assignedUnitIds: z.array(idSchema).max(200),
  resolvedAt: nullableTime,
  outcome: textSchema.nullable(),
  closedAt: nullableTime,
  updatedAt: epochMsSchema,
  notes: z.array(eventPayloadSchemas['incident.note_added'].omit({ incidentId: true })).max(10_000),
});

const nullableLabel = labelSchema.nullable();
const readmissionCaseSchema = z.object({
  caseId: idSchema,
  requestingCountry: countryCodeSchema,
  requestedCountry: countryCodeSchema,
  crossingId: idSchema,
  incidentIds: z.array(idSchema).max(20),
  persons: personsByNationalitySchema,
  requestedAt: epochMsSchema,
  requestedBy: labelSchema,
  deadlineAt: epochMsSchema,
  status: z.enum(READMISSION_STATUSES),
  acceptedAt: nullableTime,
  acceptedBy: nullableLabel,
  refusedAt: nullableTime,
  refusedBy: nullableLabel,
  refusalReason: textSchema.nullable(),
  handedOverAt: nullableTime,
  handedOverBy: nullableLabel,
  personsHandedOver: personsByNationalitySchema.nullable(),
  closedAt: nullableTime,
  updatedAt: epochMsSchema,
});

const linkedCaseSchema = z.object({
  caseId: idSchema,
  title: labelSchema,
  incidentIds: z.array(idSchema).max(LINKED_CASE_MAX_INCIDENTS),
  openedAt: epochMsSchema,
  openedBy: labelSchema,
  updatedAt: epochMsSchema,
});

const annotationSchema = z
  .object({
    annotationId: idSchema,
    ...annotationShapeFields,
    author: labelSchema,
    unitId: idSchema.optional(),
    createdAt: epochMsSchema,
    deletedAt: nullableTime,
    deletedBy: nullableLabel,
  })
  .superRefine(checkAnnotationShape);

const zoneSchema = z.object({
  zoneId: idSchema,
  ...zoneDefinitionFields,
  author: labelSchema,
  createdAt: epochMsSchema,
  deletedAt: nullableTime,
  deletedBy: nullableLabel,
  unitsInside: z.array(idSchema).max(100_000),
  coverageSince: z.array(nullableTime).max(ZONE_LIMITS.maxCoverageRules),
  alerts: z
    .array(
      z.object({
        at: epochMsSchema,
        kind: z.enum(['entry', 'exit']),
        unitId: idSchema.optional(),
        incidentId: idSchema.optional(),
      }),
    )
    .max(ZONE_LIMITS.maxAlerts),
  pastBreaches: z
    .array(
      z.object({
        ruleIndex: z
          .number()
          .int()
          .min(0)
          .max(ZONE_LIMITS.maxCoverageRules - 1),
        from: epochMsSchema,
        to: epochMsSchema,
      }),
    )
    .max(ZONE_LIMITS.maxAlerts)
    .optional(),
});

/** A whole operation picture as sent in a snapshot. */
export const operationStateSchema = z.object({
  operation: operationSchema.nullable(),
  sectors: z.record(idSchema, sectorSchema),
  crossings: z.record(idSchema, eventPayloadSchemas['crossing.upserted']),
  units: z.record(idSchema, unitSchema),
  incidents: z.record(idSchema, incidentSchema),
  bookmarks: z.record(idSchema, eventPayloadSchemas['bookmark.added']),
  // Absent from pictures kept before readmission cases were (store schema 2 keyframes, archives).
  readmissions: z.record(idSchema, readmissionCaseSchema).default({}),
  // Absent from pictures kept before linked cases were.
  linkedCases: z.record(idSchema, linkedCaseSchema).default({}),
  // Absent from pictures kept before annotations were.
  annotations: z.record(idSchema, annotationSchema).default({}),
  // Absent from pictures kept before watch zones were.
  zones: z.record(idSchema, zoneSchema).default({}),
});

/** Structure limits for a snapshot, far above a batch's: a snapshot holds every entity at once. */
export const SNAPSHOT_STRUCTURE_LIMITS = { maxDepth: 12, maxNodes: 50_000_000 } as const;

/** Checks that the parsed schema output is the state type, at compile time. */
export function asOperationState(value: z.output<typeof operationStateSchema>): OperationState {
  return value;
}
