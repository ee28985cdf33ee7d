import { bearing, distance } from '@turf/turf';
import { useSyncExternalStore } from 'react';
import { COORDINATE_FORMATS, type CoordinateFormat } from '../../../shared/coordinates';
import { meters, type LngLat, type Meters } from '../../../shared/units';

/**
 * The map's tools — the cursor's position, the measure tool, range rings and the "go to" mark —
 * kept apart from the operation's store: they are this officer's scratch work on the map, changed
 * at pointer rate, never saved and never sent. Changed only through the pure updaters below.
 */

/** What a click on the map does: select (none), measure between two points, or place range rings. */
export type MapTool = 'none' | 'measure' | 'rings';

/** The sets of ring radii the officer chooses from, in kilometres. */
export const RING_SETS: readonly (readonly number[])[] = [
  [1, 5, 10],
  [5, 10, 25],
  [10, 25, 50],
];

/** Range rings around one point. */
export interface RangeRings {
  center: LngLat;
  radiiKm: readonly number[];
}

/** The tools' state. */
export interface MapToolsState {
  /** Where the pointer last was over the map (kept when it leaves, so the readout can be copied). */
  cursor: LngLat | null;
  format: CoordinateFormat;
  tool: MapTool;
  /** The measure tool's points: none, the first, or both. */
  measure: readonly LngLat[];
  rings: RangeRings | null;
  /** Index into RING_SETS. */
  ringSet: number;
  /** The "go to" field is open. */
  goToOpen: boolean;
  /** Where "go to" last flew, marked on the map until Esc. */
  goToMark: LngLat | null;
}

/** The tools as a new page has them, in the coordinate format last chosen. */
export function initialMapTools(format: CoordinateFormat = 'mgrs'): MapToolsState {
  return {
    cursor: null,
    format,
    tool: 'none',
    measure: [],
    rings: null,
    ringSet: 0,
    goToOpen: false,
    goToMark: null,
  };
}

/** A click on the map with a tool in hand: the measure's next point, or the rings' centre. */
export function clickedAt(s: MapToolsState, at: LngLat): MapToolsState {
  switch (s.tool) {
    case 'none':
      return s;
    case 'measure':
      // A third click starts a new measurement from there.
      return { ...s, measure: s.measure.length >= 2 ? [at] : [...s.measure, at] };
    case 'rings':
      return { ...s, rings: { center: at, radiiKm: RING_SETS[s.ringSet] ?? RING_SETS[0] ?? [] } };
  }
}

/** Takes up a tool (or puts it down when it is the one in hand). Taking up the measure starts afresh. */
export function toggleTool(s: MapToolsState, tool: Exclude<MapTool, 'none'>): MapToolsState {
  // A finished measurement stays on the map while the rings are placed; taking up the measure again starts afresh.
  if (s.tool === tool) return { ...s, tool: 'none', measure: tool === 'measure' ? [] : s.measure };
  return { ...s, tool, measure: tool === 'measure' || s.measure.length < 2 ? [] : s.measure };
}

/** Another set of ring radii; rings already placed are redrawn with it. */
export function chooseRingSet(s: MapToolsState, index: number): MapToolsState {
  const radiiKm = RING_SETS[index];
  if (!radiiKm) return s;
  return { ...s, ringSet: index, rings: s.rings ? { ...s.rings, radiiKm } : null };
}

/**
 * Esc, one step at a time: first it ends the tool in hand (and the measurement with it), then it
 * takes the rings and the "go to" mark off the map. `handled` false: nothing of the tools was
 * showing, and Esc means what it means elsewhere (clear the selection).
 */
export function escape(s: MapToolsState): { state: MapToolsState; handled: boolean } {
  if (s.goToOpen) return { state: { ...s, goToOpen: false }, handled: true };
  if (s.tool !== 'none') {
    return { state: { ...s, tool: 'none', measure: s.tool === 'measure' ? [] : s.measure }, handled: true };
  }
  if (s.rings || s.goToMark || s.measure.length > 0) {
    return { state: { ...s, rings: null, goToMark: null, measure: [] }, handled: true };
  }
  return { state: s, handled: false };
}

/** Distance and initial bearing (degrees clockwise from true north, 0-360) from one point to another. */
export interface Measurement {
  distance: Meters;
  bearing: number;
}

/** The great-circle distance and the bearing from `from` to `to`. */
export function measureBetween(from: LngLat, to: LngLat): Measurement {
  const km = distance([from[0], from[1]], [to[0], to[1]], { units: 'kilometers' });
  const deg = bearing([from[0], from[1]], [to[0], to[1]]);
  return { distance: meters(km * 1000), bearing: (deg + 360) % 360 };
}

const STORAGE_KEY = 'watchfloor.coordinateFormat';

function storedFormat(): CoordinateFormat {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return COORDINATE_FORMATS.find((f) => f === value) ?? 'mgrs';
  } catch {
    return 'mgrs';
  }
}

/** The tools' store: one per page. */
class MapToolsStore {
  private current: MapToolsState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: MapToolsState) {
    this.current = initial;
  }

  get snapshot(): MapToolsState {
    return this.current;
  }

  readonly getSnapshot = (): MapToolsState => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Applies an updater; listeners hear of it only when something changed. */
  update(updater: (s: MapToolsState) => MapToolsState): void {
    const next = updater(this.current);
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  setCursor(cursor: LngLat): void {
    this.update((s) => ({ ...s, cursor }));
  }

  /** The chosen format, remembered on this computer for the next start. */
  setFormat(format: CoordinateFormat): void {
    this.update((s) => (s.format === format ? s : { ...s, format }));
    try {
      window.localStorage.setItem(STORAGE_KEY, format);
    } catch {
      // No storage (a locked-down profile): the choice holds for this session.
    }
  }

  /** Esc; true when it was the tools' (see {@link escape}). */
  escape(): boolean {
    const { state, handled } = escape(this.current);
    this.update(() => state);
    return handled;
  }
}

/** The page's map tools. */
export const mapTools = new MapToolsStore(
  typeof window === 'undefined' ? initialMapTools() : initialMapTools(storedFormat()),
);

/** Reads a slice of the map tools' state; re-renders when it changes. */
export function useMapTools<T>(selector: (s: MapToolsState) => T): T {
  return useSyncExternalStore(mapTools.subscribe, () => selector(mapTools.getSnapshot()));
}
