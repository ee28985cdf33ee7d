import type { Command, ProtocolError } from '../shared/protocol/messages';
import type { OperationState } from '../shared/state';
import type { EventDraft } from './scenario';
import { getOwn } from '../shared/getOwn';
import { LINKED_CASE_MAX_INCIDENTS } from '../shared/protocol/events';
import { ZONE_LIMITS } from '../shared/zone';
import type { ReadmissionCase } from '../shared/state';

/**
 * Whether a readmission command can go ahead on the case as it stands: null when it can, a
 * success with no event when the case is already where the command would take it (like
 * acknowledging twice), a refusal naming where the case stands otherwise.
 */
function readmissionCheck(
  state: OperationState,
  caseId: string,
  needs: ReadmissionCase['status'],
  done: ReadmissionCase['status'],
): CommandOutcome | null {
  const found = getOwn(state.readmissions, caseId);
  if (!found) return rejected(`no readmission case ${caseId}`);
  if (found.status === done) return { ok: true, drafts: [] };
  if (found.status !== needs)
    return rejected(`readmission case ${caseId} is ${found.status.replace('_', ' ')}`);
  return null;
}

/** What a command does to the log: the events it causes, or why it is refused. */
export type CommandOutcome = { ok: true; drafts: EventDraft[] } | { ok: false; error: ProtocolError };

const rejected = (message: string): CommandOutcome => ({ ok: false, error: { code: 'rejected', message } });

/**
 * Turns an officer's command into the events it causes, checked against the current state. A
 * command that asks for what is already so (acknowledging an acknowledged incident) succeeds with
 * no event: the officer's intent holds, and the log stays free of noise.
 */
export function eventsForCommand(command: Command, state: OperationState, at: number): CommandOutcome {
  switch (command.type) {
    case 'incident.acknowledge': {
      const incident = getOwn(state.incidents, command.payload.incidentId);
      if (!incident) return rejected(`no incident ${command.payload.incidentId}`);
      if (incident.acknowledgedAt !== null) return { ok: true, drafts: [] };
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'incident.acknowledged',
            payload: { incidentId: incident.incidentId, by: command.by, at },
          },
        ],
      };
    }
    case 'incident.add_note': {
      const incident = getOwn(state.incidents, command.payload.incidentId);
      if (!incident) return rejected(`no incident ${command.payload.incidentId}`);
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'incident.note_added',
            payload: {
              incidentId: incident.incidentId,
              noteId: command.id,
              author: command.by,
              text: command.payload.text,
              at,
            },
          },
        ],
      };
    }
    case 'incident.assign': {
      const incident = getOwn(state.incidents, command.payload.incidentId);
      if (!incident) return rejected(`no incident ${command.payload.incidentId}`);
      if (incident.status === 'resolved' || incident.status === 'closed')
        return rejected(`incident ${incident.incidentId} is already ${incident.status}`);
      for (const unitId of command.payload.unitIds) {
        const unit = getOwn(state.units, unitId);
        if (!unit) return rejected(`no unit ${unitId}`);
        if (unit.kind === 'fixed_post')
          return rejected(`${unit.callsign} is a fixed post and cannot be sent`);
        if (unit.status === 'off_duty' || unit.status === 'out_of_service')
          return rejected(`${unit.callsign} is ${unit.status.replace('_', ' ')}`);
      }
      const fresh = [...new Set(command.payload.unitIds)].filter(
        (id) => !incident.assignedUnitIds.includes(id),
      );
      if (fresh.length === 0) return { ok: true, drafts: [] };
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'incident.assigned',
            payload: { incidentId: incident.incidentId, unitIds: fresh, by: command.by, at },
          },
          ...fresh.map((unitId): EventDraft => ({
            ts: at,
            type: 'unit.status_changed',
            payload: { unitId, status: 'responding', incidentId: incident.incidentId, at },
          })),
        ],
      };
    }
    case 'sector.set_impact': {
      const sector = getOwn(state.sectors, command.payload.sectorId);
      if (!sector) return rejected(`no sector ${command.payload.sectorId}`);
      if (sector.impactLevel === command.payload.impactLevel) return { ok: true, drafts: [] };
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'sector.impact_changed',
            payload: {
              sectorId: sector.sectorId,
              impactLevel: command.payload.impactLevel,
              ...(command.payload.reason ? { reason: command.payload.reason } : {}),
              by: command.by,
              at,
            },
          },
        ],
      };
    }
    case 'bookmark.add':
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'bookmark.added',
            payload: {
              bookmarkId: command.id,
              label: command.payload.label,
              ...(command.payload.note ? { note: command.payload.note } : {}),
              author: command.by,
              at: command.payload.at,
            },
          },
        ],
      };
    case 'readmission.accept':
    case 'readmission.refuse':
    case 'readmission.record_handover': {
      const { caseId } = command.payload;
      const refusal =
        command.type === 'readmission.accept'
          ? readmissionCheck(state, caseId, 'requested', 'accepted')
          : command.type === 'readmission.refuse'
            ? readmissionCheck(state, caseId, 'requested', 'refused')
            : readmissionCheck(state, caseId, 'accepted', 'handed_over');
      if (refusal) return refusal;
      const draft: EventDraft =
        command.type === 'readmission.accept'
          ? { ts: at, type: 'readmission.accepted', payload: { caseId, by: command.by, at } }
          : command.type === 'readmission.refuse'
            ? {
                ts: at,
                type: 'readmission.refused',
                payload: { caseId, by: command.by, reason: command.payload.reason, at },
              }
            : {
                ts: at,
                type: 'readmission.handed_over',
                payload: {
                  caseId,
                  by: command.by,
                  ...(command.payload.persons ? { persons: command.payload.persons } : {}),
                  at,
                },
              };
      return { ok: true, drafts: [draft] };
    }
    case 'incident.link': {
      const { caseId, title } = command.payload;
      const incidentIds = [...new Set(command.payload.incidentIds)];
      const unknown = incidentIds.find((id) => getOwn(state.incidents, id) === undefined);
      if (unknown !== undefined) return rejected(`no incident ${unknown}`);
      const link = (id: string, ids: string[]): CommandOutcome => ({
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'incident.linked',
            payload: {
              caseId: id,
              ...(title && caseId === undefined ? { title } : {}),
              incidentIds: ids,
              by: command.by,
              at,
            },
          },
        ],
      });
      if (caseId === undefined) {
        if (!title) return rejected('a new linked case needs a title');
        if (incidentIds.length < 2) return rejected('a new linked case needs two incidents or more');
        // The command id names the new case: one already used would add to that case instead.
        if (getOwn(state.linkedCases, command.id))
          return rejected(`linked case ${command.id} exists already`);
        return link(command.id, incidentIds);
      }
      const found = getOwn(state.linkedCases, caseId);
      if (!found) return rejected(`no linked case ${caseId}`);
      const added = incidentIds.filter((id) => !found.incidentIds.includes(id));
      if (found.incidentIds.length + added.length > LINKED_CASE_MAX_INCIDENTS)
        return rejected(`a linked case holds ${LINKED_CASE_MAX_INCIDENTS} incidents at the most`);
      return added.length === 0 ? { ok: true, drafts: [] } : link(caseId, added);
    }
    case 'incident.unlink': {
      const { caseId, incidentId } = command.payload;
      const found = getOwn(state.linkedCases, caseId);
      if (!found) return rejected(`no linked case ${caseId}`);
      if (!found.incidentIds.includes(incidentId)) return { ok: true, drafts: [] };
      return {
        ok: true,
        drafts: [{ ts: at, type: 'incident.unlinked', payload: { caseId, incidentId, by: command.by, at } }],
      };
    }
    case 'annotation.create': {
      // The command id names the annotation: one already used is another annotation's.
      if (getOwn(state.annotations, command.id)) return rejected(`annotation ${command.id} exists already`);
      const { kind, coordinates, text, color } = command.payload;
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'annotation.created',
            payload: {
              annotationId: command.id,
              kind,
              coordinates: coordinates.map(([lon, lat]): [number, number] => [lon, lat]),
              ...(text ? { text } : {}),
              color,
              author: command.by,
              at,
            },
          },
        ],
      };
    }
    case 'annotation.delete': {
      const { annotationId } = command.payload;
      const found = getOwn(state.annotations, annotationId);
      if (!found) return rejected(`no annotation ${annotationId}`);
      if (found.deletedAt !== null) return { ok: true, drafts: [] };
      return {
        ok: true,
        drafts: [{ ts: at, type: 'annotation.deleted', payload: { annotationId, by: command.by, at } }],
      };
    }
    case 'zone.create': {
      // The command id names the zone, as for annotations.
      if (getOwn(state.zones, command.id)) return rejected(`zone ${command.id} exists already`);
      const { area } = command.payload;
      if (area.kind === 'sector' && !getOwn(state.sectors, area.sectorId))
        return rejected(`no sector ${area.sectorId}`);
      const liveZones = Object.values(state.zones).filter((z) => z.deletedAt === null).length;
      if (liveZones >= ZONE_LIMITS.maxLiveZones)
        return rejected(`an operation has ${ZONE_LIMITS.maxLiveZones} watch zones at most`);
      return {
        ok: true,
        drafts: [
          {
            ts: at,
            type: 'zone.created',
            payload: {
              zoneId: command.id,
              ...command.payload,
              area:
                area.kind === 'sector'
                  ? { kind: 'sector', sectorId: area.sectorId }
                  : {
                      kind: 'polygon',
                      coordinates: area.coordinates.map(([lon, lat]): [number, number] => [lon, lat]),
                    },
              author: command.by,
              at,
            },
          },
        ],
      };
    }
    case 'zone.delete': {
      const { zoneId } = command.payload;
      const found = getOwn(state.zones, zoneId);
      if (!found) return rejected(`no zone ${zoneId}`);
      if (found.deletedAt !== null) return { ok: true, drafts: [] };
      return {
        ok: true,
        drafts: [{ ts: at, type: 'zone.deleted', payload: { zoneId, by: command.by, at } }],
      };
    }
  }
}
