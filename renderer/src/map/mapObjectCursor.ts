import { useSyncExternalStore } from 'react';
import { isIncidentOnMap, isUnacknowledged } from '../../../shared/domainRules';
import type { Incident, Unit } from '../../../shared/state';
import type { Bounds } from './geometry';

/**
 * The map's objects by keyboard: `.` and `,` step a cursor through the incidents on the map (most
 * urgent first) and then the units in view, drawn as a focus ring on the map (MapFocusRing) that
 * holds the keyboard focus, so Enter opens the object's drawer and a screen reader reads what it is.
 * Kept apart from the operation's store, like the map's tools: it is this officer's place on the map.
 */

/** One object the cursor can stand on. */
export interface MapTarget {
  readonly kind: 'incident' | 'unit';
  readonly id: string;
}

/** The cursor: the object it stands on, its place in the list when it got there, and the list's length. */
export interface MapCursorState {
  readonly target: MapTarget | null;
  readonly position: number;
  readonly count: number;
  /** Grows with each step, so the ring takes the focus again even on the same object. */
  readonly serial: number;
}

/** Which of the operation's objects are drawn (the layer switches) and the map's view now. */
export interface CursorScope {
  readonly incidents: boolean;
  readonly units: boolean;
  readonly bounds: Bounds | null;
}

/**
 * The order the cursor goes in: incidents on the map by urgency (priority, then those nobody has
 * acknowledged, then the newest), then the units in view by callsign. Incidents anywhere (an
 * urgent one out of view is the one to go to), units only in view (hundreds patrol the region).
 */
export function mapTargets(
  incidents: Readonly<Record<string, Incident>>,
  units: Readonly<Record<string, Unit>>,
  view: CursorScope,
): MapTarget[] {
  const onMap = view.incidents
    ? Object.values(incidents)
        .filter(isIncidentOnMap)
        .sort(
          (a, b) =>
            a.priority - b.priority ||
            Number(isUnacknowledged(b)) - Number(isUnacknowledged(a)) ||
            b.reportedAt - a.reportedAt ||
            a.incidentId.localeCompare(b.incidentId),
        )
    : [];
  const bounds = view.bounds;
  const inView =
    view.units && bounds
      ? Object.values(units)
          .filter((u) => {
            const p = u.position;
            return (
              p !== null &&
              p.lon >= bounds[0] &&
              p.lon <= bounds[2] &&
              p.lat >= bounds[1] &&
              p.lat <= bounds[3]
            );
          })
          .sort((a, b) => a.callsign.localeCompare(b.callsign) || a.unitId.localeCompare(b.unitId))
      : [];
  return [
    ...onMap.map((i): MapTarget => ({ kind: 'incident', id: i.incidentId })),
    ...inView.map((u): MapTarget => ({ kind: 'unit', id: u.unitId })),
  ];
}

/** The cursor one step on (1) or back (-1) in `targets`, round from the end to the start. */
export function stepCursor(
  s: MapCursorState,
  targets: readonly MapTarget[],
  direction: 1 | -1,
): MapCursorState {
  if (targets.length === 0) return { target: null, position: 0, count: 0, serial: s.serial + 1 };
  const at = s.target ? targets.findIndex((t) => t.kind === s.target?.kind && t.id === s.target.id) : -1;
  const next =
    at === -1
      ? direction === 1
        ? 0
        : targets.length - 1
      : (at + direction + targets.length) % targets.length;
  return { target: targets[next] ?? null, position: next + 1, count: targets.length, serial: s.serial + 1 };
}

const EMPTY: MapCursorState = { target: null, position: 0, count: 0, serial: 0 };

let current: MapCursorState = EMPTY;
const listeners = new Set<() => void>();

/** The page's map cursor. */
export const mapCursor = {
  get snapshot(): MapCursorState {
    return current;
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  set(next: MapCursorState): void {
    if (next === current) return;
    current = next;
    for (const listener of listeners) listener();
  },
  /** Takes the ring off the map (Esc, or the object is gone). */
  clear(): void {
    if (current.target) mapCursor.set({ ...EMPTY, serial: current.serial + 1 });
  },
};

/** Reads the map cursor; re-renders when it moves. */
export function useMapCursor(): MapCursorState {
  return useSyncExternalStore(mapCursor.subscribe, () => current);
}
