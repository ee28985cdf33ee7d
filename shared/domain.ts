/**
 * The vocabulary of a joint border operation: the closed lists that the protocol, the reducer and
 * the UI share. Each list is a const tuple so that zod enums and TypeScript unions come from one place.
 */

/** Whether the operation is training data or a real one: every view and export says which. */
export const OPERATION_MODES = ['exercise', 'live'] as const;
/** See {@link OPERATION_MODES}. */
export type OperationMode = (typeof OPERATION_MODES)[number];

/** Border section impact levels as EUROSUR rates them (critical added by Regulation 2019/1896). */
export const IMPACT_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
/** See {@link IMPACT_LEVELS}. */
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

/** The services that field units belong to. */
export const AGENCIES = ['border_police', 'customs', 'police', 'joint_patrol', 'liaison'] as const;
/** See {@link AGENCIES}. */
export type Agency = (typeof AGENCIES)[number];

/** What a unit is: it decides its symbol, speed and where it can go. */
export const UNIT_KINDS = ['foot', 'vehicle', 'boat', 'helicopter', 'drone', 'k9', 'fixed_post'] as const;
/** See {@link UNIT_KINDS}. */
export type UnitKind = (typeof UNIT_KINDS)[number];

/** What a unit is doing now. */
export const UNIT_STATUSES = [
  'available',
  'patrolling',
  'responding',
  'on_scene',
  'off_duty',
  'out_of_service',
] as const;
/** See {@link UNIT_STATUSES}. */
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** Incident categories, following what the operations report as results. */
export const INCIDENT_CATEGORIES = [
  'irregular_crossing',
  'migrant_smuggling',
  'stolen_vehicle',
  'drugs',
  'weapons',
  'excise_goods',
  'document_fraud',
  'human_trafficking',
  'readmission_handover',
  'wanted_person',
  'other',
] as const;
/** See {@link INCIDENT_CATEGORIES}. */
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** Priority 1 is the most urgent; 1 and 2 raise an alert. */
export const INCIDENT_PRIORITIES = [1, 2, 3, 4] as const;
/** See {@link INCIDENT_PRIORITIES}. */
export type IncidentPriority = (typeof INCIDENT_PRIORITIES)[number];

/** The lifecycle in order; an incident only moves forward along it. */
export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'assigned', 'resolved', 'closed'] as const;
/** See {@link INCIDENT_STATUSES}. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Position of a status in the lifecycle, for "only forward" comparisons. */
export function incidentStatusRank(status: IncidentStatus): number {
  return INCIDENT_STATUSES.indexOf(status);
}

/** Kinds of partner reference an incident can carry. */
export const PARTNER_REFERENCE_KINDS = ['siena', 'interpol', 'frontex', 'national_case', 'other'] as const;
/** See {@link PARTNER_REFERENCE_KINDS}. */
export type PartnerReferenceKind = (typeof PARTNER_REFERENCE_KINDS)[number];

/**
 * Where a case of the simplified readmission procedure stands: requested by the country where the
 * persons were apprehended, accepted or refused by the country asked to take them back, handed over
 * at the border crossing point, closed.
 */
export const READMISSION_STATUSES = ['requested', 'accepted', 'refused', 'handed_over', 'closed'] as const;
/** See {@link READMISSION_STATUSES}. */
export type ReadmissionStatus = (typeof READMISSION_STATUSES)[number];

/** The order of the readmission statuses; a refusal and a handover both end the open part of a case. */
export function readmissionStatusRank(status: ReadmissionStatus): number {
  return status === 'requested' ? 0 : status === 'accepted' ? 1 : status === 'closed' ? 3 : 2;
}

/** Kinds of border crossing point. */
export const CROSSING_KINDS = ['road', 'rail', 'lake', 'river'] as const;
/** See {@link CROSSING_KINDS}. */
export type CrossingKind = (typeof CROSSING_KINDS)[number];

/**
 * What the operations count as results. Every field is a count (or kilograms for drugs) of what
 * this one incident found; totals are computed by summing, never stored.
 */
export const RESULT_COUNTS = [
  'persons',
  'migrants',
  'facilitators',
  'stolenVehicles',
  'drugsKg',
  'cigarettes',
  'weapons',
  'falseDocuments',
  'readmittedPersons',
] as const;
/** See {@link RESULT_COUNTS}. */
export type ResultCount = (typeof RESULT_COUNTS)[number];

/** Display names of the countries that take part or border the area (ISO 3166 alpha-2; XK for Kosovo*). */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  AL: 'Albania',
  BA: 'Bosnia and Herzegovina',
  BG: 'Bulgaria',
  GR: 'Greece',
  HR: 'Croatia',
  HU: 'Hungary',
  ME: 'Montenegro',
  MK: 'North Macedonia',
  RO: 'Romania',
  RS: 'Serbia',
  SI: 'Slovenia',
  XK: 'Kosovo*',
  EU: 'European Union',
};
