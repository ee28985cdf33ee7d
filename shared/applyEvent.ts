import { Immer, type Draft } from 'immer';
import { incidentStatusRank, type IncidentStatus, type ReadmissionStatus } from './domain';
import { getOwn, setOwn } from './getOwn';
import { jsonEqual } from './jsonEqual';
import { LINKED_CASE_MAX_INCIDENTS, type FeedEvent, type UnknownEvent } from './protocol/events';
import type { Incident, OperationState, ReadmissionCase, Unit, UnitPosition, Zone } from './state';
import type { EpochMs } from './units';
import { anyLiveZone, initialZoneState, zonesAfterIncident, zonesAfterUnitMove } from './zone';

/**
 * The one reducer: folds feed events into the operation picture. The live view, replay, the
 * simulator and the tests all use it, so they cannot disagree.
 *
 * It is idempotent by content, not by seq: every event sets values (never increments), lifecycle
 * steps only move forward, notes and bookmarks are keyed by id, and a report older than what a unit
 * already holds is ignored. So an event applied twice changes nothing, and an event that changes
 * nothing returns the very same state object, which lets React and deck.gl skip work. Ordering and
 * deduplication by seq are the feed client's job; this function never looks at seq.
 */
export function applyEvent(state: OperationState, event: FeedEvent | UnknownEvent): OperationState {
  return applyEvents(state, [event]);
}

/**
 * No automatic freezing: state is typed read-only, and freezing every new object cost a third of
 * ingest time. A local instance so that nothing else's immer settings change.
 */
const immer = new Immer({ autoFreeze: false });

/**
 * Folds a batch in one copy-on-write pass: large records are copied once per batch, not per event.
 * Position reports, most of any stream, take a direct path (one copy of the unit record per run of
 * them) instead of immer's proxies; the rest goes through immer. Both use the same rules.
 */
export function applyEvents(
  state: OperationState,
  events: readonly (FeedEvent | UnknownEvent)[],
): OperationState {
  let current = state;
  let units: Record<string, Unit> | null = null;
  // Watch zones a run of reports changed (entries, exits), and whether any zone is live at all.
  let zones: Readonly<Record<string, Zone>> | null = null;
  let watching: boolean | null = null;
  let others: (FeedEvent | UnknownEvent)[] = [];
  const settle = (): void => {
    if (units || zones) {
      current = { ...current, units: units ?? current.units, zones: zones ?? current.zones };
      units = null;
      zones = null;
    }
    watching = null;
    if (others.length === 0) return;
    const batch = others;
    others = [];
    current = immer.produce(current, (draft) => {
      for (const event of batch) applyToDraft(draft, event);
    });
  };
  for (const event of events) {
    if (event.type !== 'unit.position') {
      if (!namesPrototypeAccessor(event)) others.push(event);
      continue;
    }
    const report = (event as Extract<FeedEvent, { type: 'unit.position' }>).payload;
    // The hot path checks its one id itself (see namesPrototypeAccessor).
    if (report.unitId === '__proto__') continue;
    if (others.length > 0) settle();
    const unit = getOwn(units ?? current.units, report.unitId);
    if (unit === undefined) continue;
    const position = nextPosition(unit.position, report);
    if (position === unit.position) continue;
    units ??= { ...current.units };
    setOwn(units, report.unitId, { ...unit, position });
    watching ??= anyLiveZone(current.zones);
    if (watching) {
      const before: Readonly<Record<string, Zone>> = zones ?? current.zones;
      const after = zonesAfterUnitMove(
        before,
        { units, sectors: current.sectors },
        unit,
        report.lon,
        report.lat,
        report.at,
      );
      if (after !== before) zones = after;
    }
  }
  settle();
  return current;
}

/**
 * `__proto__` is the one key whose assignment does not create an entry (it sets the record's
 * prototype, and immer refuses it outright), so an event keyed by it could not be folded without
 * corrupting the picture. The protocol's id rule never lets it through (an id starts with a letter
 * or digit); this keeps the reducer safe for callers that skip validation (replay of an old store,
 * tests). Other `Object.prototype` names (`constructor`, `toString`) are ordinary ids, read with
 * {@link getOwn}.
 */
const ID_FIELD = /Ids?$/;

function namesPrototypeAccessor(event: FeedEvent | UnknownEvent): boolean {
  const payload = event.payload as Readonly<Record<string, unknown>>;
  for (const key in payload) {
    // Only ids key records: a title "__proto__" is text like any other.
    if (!Object.hasOwn(payload, key) || !ID_FIELD.test(key)) continue;
    const value = payload[key];
    if (value === '__proto__') return true;
    if (Array.isArray(value) && value.includes('__proto__')) return true;
  }
  return false;
}

/**
 * A unit's position after a report: the same object when the report is older than what the unit
 * holds or repeats it, so duplicates and late arrivals change nothing.
 */
function nextPosition(
  current: UnitPosition | null,
  report: Extract<FeedEvent, { type: 'unit.position' }>['payload'],
): UnitPosition | null {
  if (current !== null) {
    if (report.at < current.at) return current;
    if (
      report.at === current.at &&
      report.lon === current.lon &&
      report.lat === current.lat &&
      report.heading === current.heading &&
      report.speed === current.speed &&
      report.accuracy === current.accuracy
    ) {
      return current;
    }
  }
  const { lon, lat, heading, speed, accuracy, at } = report;
  return { lon, lat, heading, speed, accuracy, at };
}

/** Assigns only the fields whose values differ, so an unchanged entity stays the same object. */
function assignChanged<T extends object>(target: T, patch: Partial<T>): void {
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    if (!jsonEqual(target[key], value)) target[key] = value;
  }
}

/** Puts in the draft the zones a move or an incident changed (the others stay as they are). */
function replaceZones(draft: Draft<OperationState>, zones: Readonly<Record<string, Zone>>): void {
  if (zones === draft.zones) return;
  for (const [id, zone] of Object.entries(zones))
    if (zone !== getOwn(draft.zones, id)) setOwn(draft.zones, id, zone as Draft<Zone>);
}

function advanceStatus(incident: Draft<Incident>, status: IncidentStatus): void {
  if (incidentStatusRank(status) > incidentStatusRank(incident.status)) incident.status = status;
}

/** Moves a readmission case one step on, only from the status that step starts from. */
function stepCase(
  draft: Draft<OperationState>,
  caseId: string,
  from: ReadmissionStatus,
  to: ReadmissionStatus,
  at: EpochMs,
  fields: Partial<Draft<ReadmissionCase>>,
): void {
  const found = getOwn(draft.readmissions, caseId);
  if (found === undefined || found.status !== from) return;
  Object.assign(found, fields, { status: to, updatedAt: at });
}

function applyToDraft(draft: Draft<OperationState>, event: FeedEvent | UnknownEvent): void {
  const e = event as FeedEvent;
  switch (e.type) {
    case 'operation.started': {
      // Create-only: later changes to the operation come as operation.updated.
      if (draft.operation?.operationId === e.payload.operationId) return;
      draft.operation = { ...e.payload, endedAt: null };
      return;
    }
    case 'operation.updated': {
      if (draft.operation?.operationId !== e.payload.operationId) return;
      const { operationId: _id, ...fields } = e.payload;
      assignChanged(draft.operation, fields);
      return;
    }
    case 'operation.ended': {
      if (draft.operation?.operationId !== e.payload.operationId) return;
      if (draft.operation.endedAt === null) draft.operation.endedAt = e.payload.endedAt;
      return;
    }
    case 'sector.upserted': {
      const existing = getOwn(draft.sectors, e.payload.sectorId);
      if (existing === undefined) {
        setOwn(draft.sectors, e.payload.sectorId, { ...e.payload, impactChangedAt: null });
      } else {
        // The impact level a sector comes with is its first; later levels come as impact_changed,
        // so a re-sent upsert cannot undo a change made since.
        const { impactLevel: _initial, ...fields } = e.payload;
        assignChanged(existing, fields);
      }
      return;
    }
    case 'sector.impact_changed': {
      const sector = getOwn(draft.sectors, e.payload.sectorId);
      if (sector === undefined) return;
      if (sector.impactChangedAt !== null && e.payload.at < sector.impactChangedAt) return;
      assignChanged(sector, { impactLevel: e.payload.impactLevel, impactChangedAt: e.payload.at });
      // A change without a reason must not keep the previous change's reason.
      if (sector.impactReason !== e.payload.reason) sector.impactReason = e.payload.reason;
      return;
    }
    case 'crossing.upserted': {
      const existing = getOwn(draft.crossings, e.payload.crossingId);
      if (existing === undefined) setOwn(draft.crossings, e.payload.crossingId, { ...e.payload });
      else assignChanged(existing, e.payload);
      return;
    }
    case 'unit.upserted': {
      const existing = getOwn(draft.units, e.payload.unitId);
      if (existing === undefined) {
        const unit: Unit = { ...e.payload, statusSince: null, incidentId: null, position: null };
        setOwn(draft.units, e.payload.unitId, unit);
      } else {
        // Status after creation is unit.status_changed's alone (it carries a time; an upsert does not).
        const { status: _initial, ...fields } = e.payload;
        assignChanged(existing, fields);
      }
      return;
    }
    case 'unit.position': {
      const unit = getOwn(draft.units, e.payload.unitId);
      if (unit === undefined) return;
      // Reached only through applyToDraft callers other than applyEvents' fast path; same rule.
      const position = nextPosition(unit.position, e.payload);
      if (position === unit.position || position === null) return;
      unit.position = position;
      replaceZones(
        draft,
        zonesAfterUnitMove(draft.zones, draft, unit, position.lon, position.lat, position.at),
      );
      return;
    }
    case 'unit.status_changed': {
      const unit = getOwn(draft.units, e.payload.unitId);
      if (unit === undefined) return;
      if (unit.statusSince !== null && e.payload.at < unit.statusSince) return;
      assignChanged(unit, {
        status: e.payload.status,
        statusSince: e.payload.at,
        incidentId: e.payload.incidentId ?? null,
      });
      return;
    }
    case 'incident.reported': {
      // Create-only: corrections to a report come as incident.updated.
      if (getOwn(draft.incidents, e.payload.incidentId) !== undefined) return;
      const { counts, partnerReferences, ...fields } = e.payload;
      setOwn(draft.incidents, fields.incidentId, {
        ...fields,
        counts: counts ?? {},
        partnerReferences: partnerReferences ?? [],
        status: 'reported',
        acknowledgedAt: null,
        acknowledgedBy: null,
        assignedAt: null,
        assignedUnitIds: [],
        resolvedAt: null,
        outcome: null,
        closedAt: null,
        updatedAt: fields.reportedAt,
        notes: [],
      });
      const reported = getOwn(draft.incidents, fields.incidentId);
      if (reported)
        replaceZones(draft, zonesAfterIncident(draft.zones, draft.sectors, reported, fields.reportedAt));
      return;
    }
    case 'incident.updated': {
      const incident = getOwn(draft.incidents, e.payload.incidentId);
      if (incident === undefined) return;
      const { incidentId: _id, at, counts, ...fields } = e.payload;
      assignChanged(incident, fields);
      if (counts !== undefined) assignChanged(incident.counts, counts);
      if (at > incident.updatedAt) incident.updatedAt = at;
      return;
    }
    case 'incident.acknowledged': {
      const incident = getOwn(draft.incidents, e.payload.incidentId);
      if (incident === undefined) return;
      if (incident.acknowledgedAt === null) {
        incident.acknowledgedAt = e.payload.at;
        incident.acknowledgedBy = e.payload.by;
      }
      advanceStatus(incident, 'acknowledged');
      return;
    }
    case 'incident.assigned': {
      const incident = getOwn(draft.incidents, e.payload.incidentId);
      if (incident === undefined) return;
      if (incident.assignedAt === null) incident.assignedAt = e.payload.at;
      for (const unitId of e.payload.unitIds) {
        if (!incident.assignedUnitIds.includes(unitId)) incident.assignedUnitIds.push(unitId);
      }
      // Assigning implies the incident was seen, even if no one pressed acknowledge first.
      if (incident.acknowledgedAt === null) {
        incident.acknowledgedAt = e.payload.at;
        incident.acknowledgedBy = e.payload.by;
      }
      advanceStatus(incident, 'assigned');
      return;
    }
    case 'incident.resolved': {
      const incident = getOwn(draft.incidents, e.payload.incidentId);
      if (incident === undefined) return;
      if (incident.resolvedAt === null) {
        incident.resolvedAt = e.payload.at;
        incident.outcome = e.payload.outcome;
      }
      if (e.payload.counts !== undefined) assignChanged(incident.counts, e.payload.counts);
      advanceStatus(incident, 'resolved');
      return;
    }
    case 'incident.closed': {
      const incident = getOwn(draft.incidents, e.payload.incidentId);
      if (incident === undefined) return;
      if (incident.closedAt === null) incident.closedAt = e.payload.at;
      advanceStatus(incident, 'closed');
      return;
    }
    case 'incident.note_added': {
      const incident = getOwn(draft.incidents, e.payload.incidentId);
      if (incident === undefined) return;
      if (incident.notes.some((n) => n.noteId === e.payload.noteId)) return;
      const { incidentId: _id, ...note } = e.payload;
      // Keep notes in time order even when a queued note arrives after later ones.
      const index = incident.notes.findIndex((n) => n.at > note.at);
      if (index === -1) incident.notes.push(note);
      else incident.notes.splice(index, 0, note);
      return;
    }
    case 'readmission.requested': {
      if (getOwn(draft.readmissions, e.payload.caseId) !== undefined) return;
      const { by, ...fields } = e.payload;
      setOwn(draft.readmissions, e.payload.caseId, {
        ...fields,
        requestedBy: by,
        status: 'requested',
        acceptedAt: null,
        acceptedBy: null,
        refusedAt: null,
        refusedBy: null,
        refusalReason: null,
        handedOverAt: null,
        handedOverBy: null,
        personsHandedOver: null,
        closedAt: null,
        updatedAt: e.payload.requestedAt,
      });
      return;
    }
    case 'readmission.accepted':
      // An answer comes once: a refused case is not accepted later by a stray event, nor twice.
      stepCase(draft, e.payload.caseId, 'requested', 'accepted', e.payload.at, {
        acceptedAt: e.payload.at,
        acceptedBy: e.payload.by,
      });
      return;
    case 'readmission.refused':
      stepCase(draft, e.payload.caseId, 'requested', 'refused', e.payload.at, {
        refusedAt: e.payload.at,
        refusedBy: e.payload.by,
        refusalReason: e.payload.reason,
      });
      return;
    case 'readmission.handed_over':
      stepCase(draft, e.payload.caseId, 'accepted', 'handed_over', e.payload.at, {
        handedOverAt: e.payload.at,
        handedOverBy: e.payload.by,
        personsHandedOver: e.payload.persons ?? null,
      });
      return;
    case 'readmission.closed': {
      const found = getOwn(draft.readmissions, e.payload.caseId);
      if (found === undefined || found.closedAt !== null) return;
      found.status = 'closed';
      found.closedAt = e.payload.at;
      found.updatedAt = e.payload.at;
      return;
    }
    case 'incident.linked': {
      // Only incidents the picture holds (§9), once each, and no more than a case holds.
      const found = getOwn(draft.linkedCases, e.payload.caseId);
      const held = found?.incidentIds ?? [];
      const added = e.payload.incidentIds
        .filter(
          (id, i, all) =>
            all.indexOf(id) === i && !held.includes(id) && getOwn(draft.incidents, id) !== undefined,
        )
        .slice(0, Math.max(0, LINKED_CASE_MAX_INCIDENTS - held.length));
      if (added.length === 0) return;
      if (found === undefined) {
        setOwn(draft.linkedCases, e.payload.caseId, {
          caseId: e.payload.caseId,
          title: e.payload.title ?? e.payload.caseId,
          incidentIds: added,
          openedAt: e.payload.at,
          openedBy: e.payload.by,
          updatedAt: e.payload.at,
        });
        return;
      }
      found.incidentIds.push(...added);
      if (e.payload.at > found.updatedAt) found.updatedAt = e.payload.at;
      return;
    }
    case 'incident.unlinked': {
      const found = getOwn(draft.linkedCases, e.payload.caseId);
      const index = found?.incidentIds.indexOf(e.payload.incidentId) ?? -1;
      if (found === undefined || index === -1) return;
      // The case stays, even with no incident left: its history is the analyst's, and it can be linked again.
      found.incidentIds.splice(index, 1);
      if (e.payload.at > found.updatedAt) found.updatedAt = e.payload.at;
      return;
    }
    case 'bookmark.added': {
      if (getOwn(draft.bookmarks, e.payload.bookmarkId) === undefined) {
        setOwn(draft.bookmarks, e.payload.bookmarkId, { ...e.payload });
      }
      return;
    }
    case 'annotation.created': {
      // Create-only, keyed by id: a repeat, or a creation after the deletion, changes nothing.
      if (getOwn(draft.annotations, e.payload.annotationId) !== undefined) return;
      const { at, ...fields } = e.payload;
      setOwn(draft.annotations, e.payload.annotationId, {
        ...fields,
        createdAt: at,
        deletedAt: null,
        deletedBy: null,
      });
      return;
    }
    case 'annotation.deleted': {
      const found = getOwn(draft.annotations, e.payload.annotationId);
      if (found === undefined || found.deletedAt !== null) return;
      found.deletedAt = e.payload.at;
      found.deletedBy = e.payload.by;
      return;
    }
    case 'zone.created': {
      // Create-only, keyed by id, like an annotation.
      if (getOwn(draft.zones, e.payload.zoneId) !== undefined) return;
      const { at, ...fields } = e.payload;
      const zone = { ...fields, author: e.payload.author, createdAt: at, deletedAt: null, deletedBy: null };
      setOwn(draft.zones, e.payload.zoneId, { ...zone, ...initialZoneState(zone, draft) } as Draft<Zone>);
      return;
    }
    case 'zone.deleted': {
      const found = getOwn(draft.zones, e.payload.zoneId);
      if (found === undefined || found.deletedAt !== null) return;
      found.deletedAt = e.payload.at;
      found.deletedBy = e.payload.by;
      return;
    }
    default: {
      // A type from a newer protocol: stored by the caller, never applied.
      e satisfies never;
      return;
    }
  }
}
