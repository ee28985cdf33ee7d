import type { Unit } from '../../../shared/state';
import { operationNowAtClock, shallowSlice, unitsAtClock, type Slice } from '../store/clockSlices';
import type { UiState } from '../store/types';

/**
 * What each live panel subscribes to, as one slice that keeps its identity while nothing it shows
 * changed: a position report re-renders none of them (units' positions and "now" reach them on the
 * 1 Hz clock, see clockSlices.ts). Factories, so that each store in a test has its own memory; the
 * panels use the instances below, sharing the clock's samples.
 */

/** Operation time now on the 1 Hz clock; every panel's ages and staleness. */
export const panelNow = operationNowAtClock();
/** The units on the 1 Hz clock; the roster, the sector board and the status bar's counts. */
export const panelUnits = unitsAtClock();

/** The incident feed's slice. */
export function feedSlice(now: Slice<number> = panelNow) {
  return shallowSlice((s: UiState) => ({
    incidents: s.state.incidents,
    sectors: s.state.sectors,
    operation: s.state.operation,
    filters: s.filters,
    selection: s.selection,
    muted: s.muted,
    replaying: s.replay !== null,
    opNow: now(s),
  }));
}

/** The unit roster's slice. */
export function rosterSlice(
  now: Slice<number> = panelNow,
  units: Slice<Readonly<Record<string, Unit>>> = panelUnits,
) {
  return shallowSlice((s: UiState) => ({
    units: units(s),
    sectors: s.state.sectors,
    settings: s.settings,
    selection: s.selection,
    freshnessFilter: s.rosterFreshness,
    opNow: now(s),
  }));
}

/** The sector board's slice. */
export function sectorBoardSlice(
  now: Slice<number> = panelNow,
  units: Slice<Readonly<Record<string, Unit>>> = panelUnits,
) {
  return shallowSlice((s: UiState) => ({
    sectors: s.state.sectors,
    units: units(s),
    incidents: s.state.incidents,
    selection: s.selection,
    settings: s.settings,
    opNow: now(s),
  }));
}

/** The status bar's stale and lost counts. */
export function freshnessChipsSlice(
  now: Slice<number> = panelNow,
  units: Slice<Readonly<Record<string, Unit>>> = panelUnits,
) {
  return shallowSlice((s: UiState) => ({
    units: units(s),
    settings: s.settings,
    active: s.panel === 'units' ? s.rosterFreshness : null,
    opNow: now(s),
  }));
}

export const selectFeed = feedSlice();
export const selectRoster = rosterSlice();
export const selectSectorBoard = sectorBoardSlice();
export const selectFreshnessChips = freshnessChipsSlice();
