import { getEmptyState, type OperationState } from '../../shared/state';

/**
 * Valid wire values to script the hostile server with, so a test spells out only what it breaks.
 * Times are fixed (October 2026) so stored logs compare equal across runs.
 */

/** Operation time of seq 1. */
export const HOSTILE_START = Date.UTC(2026, 9, 5, 6);

/** A valid `operation.started` envelope at `seq` for `operationId`. */
export function operationStarted(operationId: string, seq = 1): Record<string, unknown> {
  return {
    seq,
    id: `${operationId}.${seq}`,
    ts: HOSTILE_START,
    type: 'operation.started',
    payload: {
      operationId,
      name: `Hostile test operation ${operationId}`,
      mode: 'exercise',
      countries: ['BA', 'RS'],
      agencies: ['Border police'],
      plannedStartAt: HOSTILE_START,
      plannedEndAt: HOSTILE_START + 7 * 86_400_000,
      startedAt: HOSTILE_START,
    },
  };
}

/** A valid `unit.upserted` envelope at `seq` (one second per seq after the start). */
export function unitUpserted(
  operationId: string,
  seq: number,
  unitId = `U${String(seq).padStart(4, '0')}`,
  callsign = `BA-BP ${seq}`,
): Record<string, unknown> {
  return {
    seq,
    id: `${operationId}.${seq}`,
    ts: HOSTILE_START + seq * 1000,
    type: 'unit.upserted',
    payload: {
      unitId,
      callsign,
      agency: 'border_police',
      organisation: 'Border Police of Bosnia and Herzegovina',
      country: 'BA',
      kind: 'vehicle',
      status: 'patrolling',
    },
  };
}

/** An operation's log of `count` events: `operation.started`, then one `unit.upserted` per seq. */
export function operationLog(operationId: string, count: number): Record<string, unknown>[] {
  const log = [operationStarted(operationId)];
  for (let seq = 2; seq <= count; seq++) log.push(unitUpserted(operationId, seq));
  return log;
}

/**
 * A snapshot message: by default valid and empty (no operation, no entities), the kind that once
 * replaced a whole picture when sent unasked. `state` fields override the empty picture's.
 */
export function snapshotMessage(
  operationId: string,
  seq: number,
  state: Partial<OperationState> = {},
): Record<string, unknown> {
  return { operationId, seq, ts: HOSTILE_START + seq * 1000, state: { ...getEmptyState(), ...state } };
}
