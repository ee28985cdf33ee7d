import { getOwn } from '../../../shared/getOwn';
import { operationNow } from '../../../shared/domainRules';
import type { Unit } from '../../../shared/state';
import type { UiState } from './types';

/**
 * Selectors that keep position reports out of React. Live, every report moves a unit and the
 * operation's newest event time ("now" for ages): the map draws those from the position channel,
 * while the panels take both only when the page's one 1 Hz clock (`UiState.now`) ticks. Anything
 * else about a unit (status, incident, callsign) goes through at once. In replay the picture is
 * a moment chosen by the officer, so it goes through whole.
 */

/** A selector whose answer keeps its identity until it changes; `useUi` re-renders only then. */
export type Slice<T> = (s: UiState) => T;

/**
 * Operation time now for ages and staleness, sampled on the 1 Hz clock (and at once when the first
 * event arrives); in replay the moment on screen. Each call makes a selector with its own memory.
 */
export function operationNowAtClock(): Slice<number> {
  let tick = Number.NaN;
  let hadEvent = false;
  let value = 0;
  return (s) => {
    if (s.replay) return s.replay.shownAt;
    const lastEventAt = s.status?.lastEventAt ?? null;
    const hasEvent = lastEventAt !== null;
    if (s.now !== tick || hasEvent !== hadEvent) {
      tick = s.now;
      hadEvent = hasEvent;
      value = operationNow(lastEventAt, s.now);
    }
    return value;
  };
}

/**
 * The map's "now" (unit freshness, the uncovered sectors, zone alarms, hover ages): on the 1 Hz
 * clock like the panels'. Taken from each status push instead (ten a second at 5,000 units), it
 * re-rendered the map and recomputed those over every unit ten times a second.
 */
export const mapOperationNow: Slice<number> = operationNowAtClock();

/** True when `next` holds the same units as `prev` and only their positions differ. */
export function onlyPositionsMoved(
  prev: Readonly<Record<string, Unit>>,
  next: Readonly<Record<string, Unit>>,
): boolean {
  let count = 0;
  for (const id in next) {
    if (!Object.hasOwn(next, id)) continue;
    count++;
    const b = next[id]!;
    const a = getOwn(prev, id);
    if (a === b) continue;
    if (!a) return false;
    for (const key in b) {
      if (key !== 'position' && a[key as keyof Unit] !== b[key as keyof Unit]) return false;
    }
    for (const key in a) if (key !== 'position' && !(key in b)) return false;
  }
  for (const id in prev) if (Object.hasOwn(prev, id)) count--;
  return count === 0;
}

/**
 * The units for the panels: a change of anything but positions at once, positions on the clock's
 * tick. Each call makes a selector with its own memory.
 */
export function unitsAtClock(): Slice<Readonly<Record<string, Unit>>> {
  let tick = Number.NaN;
  let latest: Readonly<Record<string, Unit>> | null = null;
  let shown: Readonly<Record<string, Unit>> = {};
  return (s) => {
    const units = s.state.units;
    if (units === latest && s.now === tick && !s.replay) return shown;
    if (s.replay || s.now !== tick || latest === null || !onlyPositionsMoved(latest, units)) {
      tick = s.now;
      shown = units;
    }
    latest = units;
    return shown;
  };
}

/**
 * Makes `select` (which builds a new object each call) answer the same object while every field
 * keeps its identity: a panel's whole subscription in one `useUi` call.
 */
export function shallowSlice<T extends object>(select: (s: UiState) => T): Slice<T> {
  let last: T | null = null;
  return (s) => {
    const next = select(s);
    if (last && shallowEqual(last, next)) return last;
    last = next;
    return next;
  };
}

function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.is(a[k], b[k]));
}
