import { useSyncExternalStore } from 'react';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  UNIT_KINDS,
  type IncidentCategory,
  type IncidentPriority,
  type UnitKind,
} from '../../../shared/domain';
import type { CommandPayload } from '../../../shared/protocol/messages';
import type { LngLat } from '../../../shared/units';
import { ZONE_LIMITS, zoneRings, type ZoneCoverageRule } from '../../../shared/zone';
import type { Sector, Zone } from '../../../shared/state';
import { focusPositions } from '../annotations/focusPositions';
import { annotationDraw } from '../annotations/annotationDraw';
import { ui } from '../store/uiStore';

/**
 * What the zones section does: keeps the area drawn for a new zone (drawn with the annotation
 * tool), checks the form, and sends `zone.create` / `zone.delete` through the core's outbox.
 */

class ZoneAreaStore {
  private current: readonly LngLat[] | null = null;
  private readonly listeners = new Set<() => void>();
  readonly get = (): readonly LngLat[] | null => this.current;
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  set(area: readonly LngLat[] | null): void {
    this.current = area;
    for (const listener of this.listeners) listener();
  }
}

/** The area drawn for the zone being made; null: none drawn. */
export const zoneArea = new ZoneAreaStore();

export function useZoneArea(): readonly LngLat[] | null {
  return useSyncExternalStore(zoneArea.subscribe, zoneArea.get);
}

/** Takes up the area tool for a zone: the next area drawn is the zone's. */
export function drawZoneArea(): void {
  annotationDraw.update((s) => ({
    ...s,
    open: true,
    kind: 'polygon',
    points: [],
    awaitingText: false,
    forZone: true,
  }));
}

/** The zone form as the officer filled it in. */
export interface ZoneForm {
  name: string;
  /** A sector's id, or '' for the area drawn. */
  sectorId: string;
  onEntry: boolean;
  onExit: boolean;
  /** Entries and exits of units are watched: of the kinds ticked, or of every kind when none is. */
  watchUnits: boolean;
  unitKinds: readonly UnitKind[];
  /** Incidents reported inside are watched: of the categories and priorities ticked (none: all). */
  watchIncidents: boolean;
  incidentCategories: readonly IncidentCategory[];
  incidentPriorities: readonly IncidentPriority[];
  atLeast: { count: number; unitKind: UnitKind } | null;
  noUnitMinutes: number | null;
}

/** The form as it opens: entry and exit of every unit kind, no incidents, no coverage rule. */
export const EMPTY_ZONE_FORM: ZoneForm = {
  name: '',
  sectorId: '',
  onEntry: true,
  onExit: true,
  watchUnits: true,
  unitKinds: [],
  watchIncidents: false,
  incidentCategories: [],
  incidentPriorities: [],
  atLeast: null,
  noUnitMinutes: null,
};

/** What can be wrong with the form (the message is `map:zones.problem.<this>`). */
export type ZoneProblem = 'name' | 'nameLong' | 'area' | 'count' | 'minutes' | 'nothing';

/** What is wrong with the form, or the payload of `zone.create`. */
export function zonePayload(
  form: ZoneForm,
  drawn: readonly LngLat[] | null,
): { problem: ZoneProblem } | { payload: CommandPayload<'zone.create'> } {
  const name = form.name.trim();
  if (name.length === 0) return { problem: 'name' };
  if (name.length > 200) return { problem: 'nameLong' };
  let area: CommandPayload<'zone.create'>['area'];
  if (form.sectorId) area = { kind: 'sector', sectorId: form.sectorId };
  else if (drawn && drawn.length >= 3 && drawn.length <= ZONE_LIMITS.maxVertices)
    area = { kind: 'polygon', coordinates: drawn.map(([lon, lat]): [number, number] => [lon, lat]) };
  else return { problem: 'area' };
  const coverage: ZoneCoverageRule[] = [];
  if (form.atLeast) {
    const { count, unitKind } = form.atLeast;
    if (!Number.isInteger(count) || count < 1 || count > ZONE_LIMITS.maxUnitsRequired)
      return { problem: 'count' };
    coverage.push({ rule: 'at_least', count, unitKind });
  }
  if (form.noUnitMinutes !== null) {
    const minutes = form.noUnitMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > ZONE_LIMITS.maxMinutesEmpty)
      return { problem: 'minutes' };
    coverage.push({ rule: 'no_unit', minutes });
  }
  const watches = (form.onEntry || form.onExit) && (form.watchUnits || form.watchIncidents);
  if (!watches && coverage.length === 0) return { problem: 'nothing' };
  // Each value once, in the protocol's order, whatever order they were ticked in.
  const ticked = <T>(all: readonly T[], chosen: readonly T[]): T[] => all.filter((v) => chosen.includes(v));
  return {
    payload: {
      name,
      area,
      onEntry: form.onEntry,
      onExit: form.onExit,
      watchUnits: form.watchUnits,
      unitKinds: form.watchUnits ? ticked(UNIT_KINDS, form.unitKinds) : [],
      watchIncidents: form.watchIncidents,
      incidentCategories: form.watchIncidents ? ticked(INCIDENT_CATEGORIES, form.incidentCategories) : [],
      incidentPriorities: form.watchIncidents ? ticked(INCIDENT_PRIORITIES, form.incidentPriorities) : [],
      coverage,
    },
  };
}

export function createZone(payload: CommandPayload<'zone.create'>): Promise<boolean> {
  return ui.issue('zone.create', payload);
}

export function deleteZone(zoneId: string): Promise<boolean> {
  return ui.issue('zone.delete', { zoneId });
}

/** Moves the map to a zone, whole (a sector's outer ring, or the drawn area). */
export function focusZone(zone: Pick<Zone, 'area'>, sectors: Readonly<Record<string, Sector>>): void {
  const outer = zoneRings(zone.area, sectors)?.[0];
  if (outer) focusPositions(outer);
}

/** A list with a value ticked or unticked. */
export function toggled<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}
