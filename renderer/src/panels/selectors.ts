import type { OutboxEntry } from '../../../shared/coreTypes';
import {
  IMPACT_LEVELS,
  UNIT_STATUSES,
  type ImpactLevel,
  type IncidentPriority,
  type UnitKind,
  type UnitStatus,
} from '../../../shared/domain';
import { distance } from '@turf/turf';
import {
  isInactiveUnit,
  isOpenIncident,
  isUnacknowledged,
  unitFreshness,
  type Freshness,
  type FreshnessSettings,
} from '../../../shared/domainRules';
import { getOwn } from '../../../shared/getOwn';
import type { Incident, LinkedCase, Operation, Sector, Unit } from '../../../shared/state';
import { countryName, currentLocale, label, t } from '../i18n/i18n';
import type { IncidentFilters } from '../store/types';

/**
 * Pure derivations for the panels: filters, grouping, counts. The store holds only what the feed
 * sent; everything here is recomputed from it (in `useMemo`), so replay and live always agree.
 */

type Records<T> = Readonly<Record<string, T>>;

/** Callsigns carry numbers ("HR-12" after "HR-2"), so they compare numerically within the text. */
const callsignOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Orders units by callsign, then id so equal callsigns keep a stable order. */
export function compareUnits(
  a: Pick<Unit, 'callsign' | 'unitId'>,
  b: Pick<Unit, 'callsign' | 'unitId'>,
): number {
  return (
    callsignOrder.compare(a.callsign, b.callsign) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0)
  );
}

// ---------------------------------------------------------------------------------------------
// Unit freshness (the rule itself is shared/domainRules.ts, as the map uses it)
// ---------------------------------------------------------------------------------------------

/** When the unit last reported, or null when it never has. */
export function lastReportAt(unit: Pick<Unit, 'position'>): number | null {
  return unit.position?.at ?? null;
}

// ---------------------------------------------------------------------------------------------
// Officer actions still in the outbox
// ---------------------------------------------------------------------------------------------

/** A note sent but not yet confirmed by the server. */
export interface PendingNote {
  commandId: string;
  text: string;
  author: string;
  createdAt: number;
}

/** What the officers asked for that the server has not confirmed yet, by target. */
export interface PendingActions {
  /** Incident ids with an acknowledge waiting. */
  acknowledging: ReadonlySet<string>;
  notes: ReadonlyMap<string, readonly PendingNote[]>;
  /** Incident id → unit ids being assigned. */
  assigning: ReadonlyMap<string, readonly string[]>;
  /** Sector id → impact level being set (the newest request wins, as it will on the server). */
  impacts: ReadonlyMap<string, ImpactLevel>;
  /** Incident ids in a link waiting for the server. */
  linking: ReadonlySet<string>;
  /** `unlinkKey(caseId, incidentId)` of the incidents being taken out of a case. */
  unlinking: ReadonlySet<string>;
}

/** The key of an incident in a linked case, for {@link PendingActions.unlinking}. */
export function unlinkKey(caseId: string, incidentId: string): string {
  return [caseId, incidentId].join('\u0000');
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function isImpactLevel(value: unknown): value is ImpactLevel {
  return typeof value === 'string' && (IMPACT_LEVELS as readonly string[]).includes(value);
}

/**
 * Reads the pending outbox entries. Payloads are typed loosely in the outbox, so each field is
 * checked before use; an entry that does not fit is skipped rather than trusted.
 */
export function pendingActions(outbox: readonly OutboxEntry[]): PendingActions {
  const acknowledging = new Set<string>();
  const notes = new Map<string, PendingNote[]>();
  const assigning = new Map<string, string[]>();
  const impacts = new Map<string, ImpactLevel>();
  const linking = new Set<string>();
  const unlinking = new Set<string>();
  const ordered = outbox.filter((e) => e.status === 'pending').sort((a, b) => a.createdAt - b.createdAt);
  for (const entry of ordered) {
    const p = entry.payload;
    switch (entry.type) {
      case 'incident.acknowledge': {
        const id = str(p['incidentId']);
        if (id) acknowledging.add(id);
        break;
      }
      case 'incident.add_note': {
        const id = str(p['incidentId']);
        const text = str(p['text']);
        if (!id || text === null) break;
        const list = notes.get(id) ?? [];
        list.push({ commandId: entry.commandId, text, author: entry.issuedBy, createdAt: entry.createdAt });
        notes.set(id, list);
        break;
      }
      case 'incident.assign': {
        const id = str(p['incidentId']);
        const unitIds = p['unitIds'];
        if (!id || !Array.isArray(unitIds)) break;
        const list = assigning.get(id) ?? [];
        for (const u of unitIds) if (typeof u === 'string' && !list.includes(u)) list.push(u);
        assigning.set(id, list);
        break;
      }
      case 'sector.set_impact': {
        const id = str(p['sectorId']);
        const level = p['impactLevel'];
        if (id && isImpactLevel(level)) impacts.set(id, level);
        break;
      }
      case 'incident.link': {
        const ids = p['incidentIds'];
        if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') linking.add(id);
        break;
      }
      case 'incident.unlink': {
        const caseId = str(p['caseId']);
        const id = str(p['incidentId']);
        if (caseId && id) unlinking.add(unlinkKey(caseId, id));
        break;
      }
      default:
        break;
    }
  }
  return { acknowledging, notes, assigning, impacts, linking, unlinking };
}

// ---------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------

/** The linked cases an incident is in, oldest first. */
export function casesOfIncident(
  cases: Readonly<Record<string, LinkedCase>>,
  incidentId: string,
): LinkedCase[] {
  return Object.values(cases)
    .filter((c) => c.incidentIds.includes(incidentId))
    .sort((a, b) => a.openedAt - b.openedAt || (a.caseId < b.caseId ? -1 : 1));
}

/**
 * Incidents an officer may link with `incident`: every other one not in `exclude`, matching the
 * typed text in its title, id or category (as shown), those of the same category first, then the
 * nearest in time. At most `limit`.
 */
export function linkCandidates(
  incidents: Readonly<Record<string, Incident>>,
  incident: Incident,
  exclude: ReadonlySet<string>,
  query: string,
  categoryLabel: (category: Incident['category']) => string,
  limit = 30,
): Incident[] {
  const q = query.trim().toLocaleLowerCase();
  const matches = (i: Incident): boolean =>
    q === '' ||
    i.title.toLocaleLowerCase().includes(q) ||
    i.incidentId.toLocaleLowerCase().includes(q) ||
    categoryLabel(i.category).toLocaleLowerCase().includes(q);
  return Object.values(incidents)
    .filter((i) => i.incidentId !== incident.incidentId && !exclude.has(i.incidentId) && matches(i))
    .sort(
      (a, b) =>
        Number(b.category === incident.category) - Number(a.category === incident.category) ||
        Math.abs(a.reportedAt - incident.reportedAt) - Math.abs(b.reportedAt - incident.reportedAt) ||
        (a.incidentId < b.incidentId ? -1 : 1),
    )
    .slice(0, limit);
}

/** Priorities that raise an alert. */
export function isAlertPriority(priority: IncidentPriority): boolean {
  return priority === 1 || priority === 2;
}

/** Counted over every incident, whatever the feed's filters hide: nothing may slip through unseen. */
export function countUnacknowledged(incidents: Records<Incident>): number {
  let n = 0;
  for (const id in incidents) {
    const incident = getOwn(incidents, id);
    if (incident && isUnacknowledged(incident)) n++;
  }
  return n;
}

/** Newest report first; equal times by id so the order does not jump between renders. */
export function incidentsNewestFirst(incidents: Records<Incident>): Incident[] {
  return Object.values(incidents).sort(
    (a, b) =>
      b.reportedAt - a.reportedAt || (a.incidentId < b.incidentId ? 1 : a.incidentId > b.incidentId ? -1 : 0),
  );
}

/** Free text over the title, the id and the partners' references, case-insensitive. */
export function incidentMatchesText(incident: Incident, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  if (incident.title.toLowerCase().includes(needle)) return true;
  if (incident.incidentId.toLowerCase().includes(needle)) return true;
  return incident.partnerReferences.some((r) => r.reference.toLowerCase().includes(needle));
}

/**
 * Applies the feed's filters; empty lists mean "all". The country filter looks at the countries of
 * the incident's sector (an incident on a border belongs to both sides); an incident without a
 * sector matches no country. The time window counts back from the operation's now.
 */
export function filterIncidents(
  incidents: readonly Incident[],
  filters: IncidentFilters,
  sectors: Records<Sector>,
  opNow: number,
): Incident[] {
  const categories = new Set<string>(filters.categories);
  const priorities = new Set<number>(filters.priorities);
  const statuses = new Set<string>(filters.statuses);
  const countries = new Set(filters.countries);
  const sectorIds = new Set(filters.sectorIds);
  const since = filters.withinMs === null ? null : opNow - filters.withinMs;
  const text = filters.text.trim();
  return incidents.filter((i) => {
    if (categories.size > 0 && !categories.has(i.category)) return false;
    if (priorities.size > 0 && !priorities.has(i.priority)) return false;
    if (statuses.size > 0 && !statuses.has(i.status)) return false;
    if (since !== null && i.reportedAt < since) return false;
    if (sectorIds.size > 0 && (i.sectorId === undefined || !sectorIds.has(i.sectorId))) return false;
    if (countries.size > 0) {
      const sector = i.sectorId === undefined ? undefined : getOwn(sectors, i.sectorId);
      if (!sector || !sector.countries.some((c) => countries.has(c))) return false;
    }
    return text === '' || incidentMatchesText(i, text);
  });
}

/** Incidents whose id is not in `seen`, newest first (the caller records them as seen). */
export function unseenIncidents(seen: ReadonlySet<string>, incidents: Records<Incident>): Incident[] {
  const out: Incident[] = [];
  for (const id in incidents) {
    const incident = getOwn(incidents, id);
    if (incident && !seen.has(id)) out.push(incident);
  }
  return out.sort((a, b) => b.reportedAt - a.reportedAt);
}

/** The countries to offer in filters: the operation's, plus any a sector mentions, by name. */
export function operationCountries(operation: Operation | null, sectors: Records<Sector>): string[] {
  const set = new Set<string>(operation?.countries ?? []);
  for (const s of Object.values(sectors)) for (const c of s.countries) set.add(c);
  const locale = currentLocale();
  return [...set].sort((a, b) => countryName(a).localeCompare(countryName(b), locale));
}

/** A country's name in the language in use, or its code when the list does not know it. */
export { countryName };

/** Sectors by name, for selects and boards. */
export function sectorsByName(sectors: Records<Sector>): Sector[] {
  return Object.values(sectors).sort(
    (a, b) => a.name.localeCompare(b.name) || a.sectorId.localeCompare(b.sectorId),
  );
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

/** How the roster groups units; `countryAgency` is the commander's view: each nation's services apart. */
export const UNIT_GROUPINGS = ['country', 'agency', 'countryAgency', 'sector', 'status'] as const;
/** See {@link UNIT_GROUPINGS}. */
export type UnitGrouping = (typeof UNIT_GROUPINGS)[number];

/** One group of the roster. */
export interface UnitGroup {
  key: string;
  label: string;
  units: Unit[];
}

/** A row of the virtualised roster: a group header or a unit. */
export type RosterRow =
  { type: 'group'; key: string; label: string; count: number } | { type: 'unit'; unit: Unit };

/** How many units are fresh, stale and lost: the roster's chips, counted over every unit. */
export function freshnessCounts(
  units: Records<Unit>,
  opNow: number,
  settings: FreshnessSettings,
): Record<Freshness, number> {
  const counts = { fresh: 0, stale: 0, lost: 0 };
  for (const id in units) {
    const unit = getOwn(units, id);
    if (unit) counts[unitFreshness(unit, opNow, settings)]++;
  }
  return counts;
}

/** The units of one freshness (the roster's stale / lost filter), or all of them when it is null. */
export function filterByFreshness(
  units: readonly Unit[],
  freshness: Exclude<Freshness, 'fresh'> | null,
  opNow: number,
  settings: FreshnessSettings,
): readonly Unit[] {
  if (freshness === null) return units;
  return units.filter((u) => unitFreshness(u, opNow, settings) === freshness);
}

/**
 * The units by callsign, remembering their order. Live, a unit's record changes with every report
 * and status while its callsign hardly ever does, so the order is sorted again only when a unit
 * comes, goes or is renamed, and is otherwise laid over the new records in one pass: sorting 5,000
 * units with the collator took ~20 ms, and the roster did it every second of a live operation.
 */
export class CallsignOrder {
  /** The record keys in callsign order, and each one's callsign when it was sorted. */
  private keys: string[] = [];
  private callsigns = new Map<string, string>();

  constructor(private readonly compare: (a: Unit, b: Unit) => number = compareUnits) {}

  /** Every unit of `units`, by callsign. */
  of(units: Records<Unit>): Unit[] {
    let count = 0;
    for (const key in units) {
      const unit = getOwn(units, key);
      if (!unit) continue;
      count++;
      if (this.callsigns.get(key) !== unit.callsign) return this.sort(units);
    }
    if (count !== this.keys.length) return this.sort(units);
    return this.keys.map((key) => getOwn(units, key)!);
  }

  private sort(units: Records<Unit>): Unit[] {
    const entries = Object.entries(units).sort(([, a], [, b]) => this.compare(a, b));
    this.keys = entries.map(([key]) => key);
    this.callsigns = new Map(entries.map(([key, unit]) => [key, unit.callsign]));
    return entries.map(([, unit]) => unit);
  }
}

/**
 * Units whose callsign contains the query (case-insensitive), by callsign; `order` remembers the
 * order between calls (one per roster), a new one sorts afresh.
 */
export function searchUnits(
  units: Records<Unit>,
  query: string,
  order: CallsignOrder = new CallsignOrder(),
): Unit[] {
  const needle = query.trim().toLowerCase();
  const list = order.of(units);
  return needle === '' ? list : list.filter((u) => u.callsign.toLowerCase().includes(needle));
}

const NO_SECTOR = '\u0000none';

/** The group a unit falls in. */
function groupKey(unit: Unit, by: UnitGrouping): string {
  switch (by) {
    case 'country':
      return unit.country;
    case 'agency':
      return unit.agency;
    case 'countryAgency':
      return [unit.country, unit.agency].join('\u0000');
    case 'status':
      return unit.status;
    case 'sector':
      return unit.sectorId ?? NO_SECTOR;
  }
}

/** The name of the group `unit` falls in, in the language in use. */
function groupLabel(unit: Unit, by: UnitGrouping, sectors: Records<Sector>): string {
  switch (by) {
    case 'country':
      return countryName(unit.country);
    case 'agency':
      return label('agency', unit.agency);
    case 'countryAgency':
      return `${countryName(unit.country)} · ${label('agency', unit.agency)}`;
    case 'status':
      return label('unitStatus', unit.status);
    case 'sector': {
      const sector = unit.sectorId === undefined ? undefined : getOwn(sectors, unit.sectorId);
      return sector?.name ?? (unit.sectorId === undefined ? t('roster:group.noSector') : unit.sectorId);
    }
  }
}

/**
 * Groups units (kept in the given order inside each group), labelled in the language in use.
 * Statuses are ordered as in the lifecycle list (most useful first), everything else by its label;
 * units without a sector last.
 */
export function groupUnits(units: readonly Unit[], by: UnitGrouping, sectors: Records<Sector>): UnitGroup[] {
  const groups = new Map<string, UnitGroup>();
  for (const unit of units) {
    const key = groupKey(unit, by);
    let group = groups.get(key);
    if (!group) {
      // Labelled once per group, not per unit: 5,000 units were 5,000 translations a roster render.
      group = { key, label: groupLabel(unit, by, sectors), units: [] };
      groups.set(key, group);
    }
    group.units.push(unit);
  }
  const list = [...groups.values()];
  if (by === 'status') {
    const rank = (k: string): number => UNIT_STATUSES.indexOf(k as UnitStatus);
    return list.sort((a, b) => rank(a.key) - rank(b.key));
  }
  const locale = currentLocale();
  return list.sort((a, b) => {
    if (a.key === NO_SECTOR) return 1;
    if (b.key === NO_SECTOR) return -1;
    return a.label.localeCompare(b.label, locale);
  });
}

/** Flattens groups into rows for one virtual list; collapsed groups show only their header. */
export function rosterRows(
  groups: readonly UnitGroup[],
  collapsed: ReadonlySet<string> = new Set(),
): RosterRow[] {
  const rows: RosterRow[] = [];
  for (const g of groups) {
    rows.push({ type: 'group', key: g.key, label: g.label, count: g.units.length });
    if (collapsed.has(g.key)) continue;
    for (const unit of g.units) rows.push({ type: 'unit', unit });
  }
  return rows;
}

/**
 * Free to be sent to an incident. Patrolling units count as well as idle ones: a patrol is
 * interrupted for an incident, while responding / on-scene units are already committed.
 */
export function isTaskable(unit: Pick<Unit, 'status'>): boolean {
  return unit.status === 'available' || unit.status === 'patrolling';
}

/**
 * Units this far from an incident are offered as well as those of its sector: the nearest unit may
 * be just across a sector line, and an incident without a sector still gets candidates.
 */
export const ASSIGN_RADIUS_KM = 25;

/**
 * The parts of the assign list: units that can go now, fixed posts (they do not move, so they are
 * apart), and last, marked, those out of contact or off duty, who may never get the order.
 */
export const ASSIGN_GROUPS = ['ready', 'fixedPost', 'unreachable'] as const;
/** See {@link ASSIGN_GROUPS}. */
export type AssignGroup = (typeof ASSIGN_GROUPS)[number];

/** A unit offered for an incident, with what the officer needs to choose. */
export interface AssignCandidate {
  unit: Unit;
  /** Straight line from the unit's last reported position to the incident; null without a position. */
  distanceKm: number | null;
  freshness: Freshness;
  /** How old the last report is (operation time); null without one. */
  ageMs: number | null;
  group: AssignGroup;
}

function assignGroup(unit: Unit, freshness: Freshness): AssignGroup {
  if (freshness === 'lost' || isInactiveUnit(unit)) return 'unreachable';
  return unit.kind === 'fixed_post' ? 'fixedPost' : 'ready';
}

/**
 * Units that can be assigned to the incident: free ones (available, patrolling) and those off duty,
 * of its sector or within {@link ASSIGN_RADIUS_KM}, not already on it. Grouped as in
 * {@link ASSIGN_GROUPS}, nearest first in each group; a unit without a position after those with one.
 * A unit that lost contact keeps its last status, but is never offered among those that can go.
 */
export function assignCandidates(
  units: Records<Unit>,
  incident: Incident,
  opNow: number,
  settings: FreshnessSettings,
): AssignCandidate[] {
  const already = new Set(incident.assignedUnitIds);
  const out: AssignCandidate[] = [];
  for (const id in units) {
    const unit = getOwn(units, id);
    if (!unit || already.has(unit.unitId)) continue;
    if (!isTaskable(unit) && unit.status !== 'off_duty') continue;
    const p = unit.position;
    const distanceKm = p
      ? distance([p.lon, p.lat], [incident.lon, incident.lat], { units: 'kilometers' })
      : null;
    const inSector = incident.sectorId !== undefined && unit.sectorId === incident.sectorId;
    if (!inSector && (distanceKm === null || distanceKm > ASSIGN_RADIUS_KM)) continue;
    const freshness = unitFreshness(unit, opNow, settings);
    out.push({
      unit,
      distanceKm,
      freshness,
      ageMs: p ? opNow - p.at : null,
      group: assignGroup(unit, freshness),
    });
  }
  const rank = (g: AssignGroup): number => ASSIGN_GROUPS.indexOf(g);
  return out.sort(
    (a, b) =>
      rank(a.group) - rank(b.group) ||
      (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
      compareUnits(a.unit, b.unit),
  );
}

// ---------------------------------------------------------------------------------------------
// Sectors
// ---------------------------------------------------------------------------------------------

/** One line of the sector board. */
export interface SectorSummary {
  sector: Sector;
  /** Deployed (on duty) units in the sector by kind. */
  deployedByKind: Partial<Record<UnitKind, number>>;
  deployed: number;
  /** Units that could be sent now (available or patrolling). */
  taskable: number;
  /** Units that cover the sector (see {@link coversSector}); none makes it uncovered. */
  coverage: number;
  /** Incidents reported in the sector in the last 24 h of operation time. */
  incidents24h: number;
  openIncidents: number;
}

/** The window of the sector board's incident count. */
export const SECTOR_INCIDENT_WINDOW_MS = 24 * 3_600_000;

/**
 * Whether a unit covers its sector: on duty and in contact. A unit that lost contact may be anywhere
 * and may not hear the call, so it covers nothing, whatever its last status said.
 */
export function coversSector(unit: Unit, opNow: number, settings: FreshnessSettings): boolean {
  return !isInactiveUnit(unit) && unitFreshness(unit, opNow, settings) !== 'lost';
}

/** The ids of sectors no unit covers, in one pass; the board and the map mark the same ones. */
export function uncoveredSectorIds(
  sectors: Records<Sector>,
  units: Records<Unit>,
  opNow: number,
  settings: FreshnessSettings,
): Set<string> {
  const out = new Set(Object.keys(sectors));
  for (const id in units) {
    const unit = getOwn(units, id);
    if (unit?.sectorId !== undefined && coversSector(unit, opNow, settings)) out.delete(unit.sectorId);
  }
  return out;
}

/** Per-sector figures in one pass over units and incidents, by sector name. */
export function sectorSummaries(
  sectors: Records<Sector>,
  units: Records<Unit>,
  incidents: Records<Incident>,
  opNow: number,
  settings: FreshnessSettings,
): SectorSummary[] {
  const byId = new Map<string, SectorSummary>();
  for (const sector of sectorsByName(sectors)) {
    byId.set(sector.sectorId, {
      sector,
      deployedByKind: {},
      deployed: 0,
      taskable: 0,
      coverage: 0,
      incidents24h: 0,
      openIncidents: 0,
    });
  }
  for (const id in units) {
    const unit = getOwn(units, id);
    if (!unit || unit.sectorId === undefined) continue;
    const s = byId.get(unit.sectorId);
    if (!s || isInactiveUnit(unit)) continue;
    s.deployed++;
    s.deployedByKind[unit.kind] = (s.deployedByKind[unit.kind] ?? 0) + 1;
    if (isTaskable(unit)) s.taskable++;
    if (coversSector(unit, opNow, settings)) s.coverage++;
  }
  const since = opNow - SECTOR_INCIDENT_WINDOW_MS;
  for (const id in incidents) {
    const incident = getOwn(incidents, id);
    if (!incident || incident.sectorId === undefined) continue;
    const s = byId.get(incident.sectorId);
    if (!s) continue;
    if (incident.reportedAt >= since && incident.reportedAt <= opNow) s.incidents24h++;
    if (isOpenIncident(incident)) s.openIncidents++;
  }
  return [...byId.values()];
}

/** How the sector board orders its sectors. */
export const SECTOR_SORTS = ['name', 'coverage', 'impact'] as const;
/** See {@link SECTOR_SORTS}. */
export type SectorSort = (typeof SECTOR_SORTS)[number];

/** Which sectors the board shows by coverage. */
export const COVERAGE_FILTERS = ['all', 'uncovered', 'covered'] as const;
/** See {@link COVERAGE_FILTERS}. */
export type CoverageFilter = (typeof COVERAGE_FILTERS)[number];

/** The sector board's view: by coverage and impact level (null: every level). */
export interface SectorView {
  sort: SectorSort;
  coverage: CoverageFilter;
  impactLevel: ImpactLevel | null;
}

/**
 * The board's sectors filtered and ordered (the summaries come by name). Coverage sorts the least
 * covered first, impact the highest level first, both then by name: the sectors that need the
 * commander come to the top.
 */
export function sectorBoardRows(summaries: readonly SectorSummary[], view: SectorView): SectorSummary[] {
  const list = summaries.filter(
    (s) =>
      (view.coverage === 'all' || (s.coverage === 0) === (view.coverage === 'uncovered')) &&
      (view.impactLevel === null || s.sector.impactLevel === view.impactLevel),
  );
  const impactRank = (s: SectorSummary): number => IMPACT_LEVELS.indexOf(s.sector.impactLevel);
  if (view.sort === 'coverage') return list.sort((a, b) => a.coverage - b.coverage);
  if (view.sort === 'impact') return list.sort((a, b) => impactRank(b) - impactRank(a));
  return list;
}

/** Where to point the map for a sector: the middle vertex of its border line. */
export function sectorCentre(sector: Pick<Sector, 'line'>): [number, number] | null {
  const mid = sector.line[Math.floor(sector.line.length / 2)];
  return mid ? [mid[0], mid[1]] : null;
}

/** The units in a sector, by callsign. */
export function unitsInSector(units: Records<Unit>, sectorId: string): Unit[] {
  return Object.values(units)
    .filter((u) => u.sectorId === sectorId)
    .sort(compareUnits);
}

/** The newest incidents of a sector (or at a crossing's sector), newest first. */
export function recentIncidents(
  incidents: Records<Incident>,
  predicate: (i: Incident) => boolean,
  limit: number,
): Incident[] {
  const out: Incident[] = [];
  for (const id in incidents) {
    const incident = getOwn(incidents, id);
    if (incident && predicate(incident)) out.push(incident);
  }
  return out.sort((a, b) => b.reportedAt - a.reportedAt).slice(0, limit);
}
