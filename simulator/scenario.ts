import TinyQueue from 'tinyqueue';
import {
  COUNTRY_NAMES,
  type Agency,
  type ImpactLevel,
  type IncidentCategory,
  type IncidentStatus,
  type OperationMode,
  type ReadmissionStatus,
  type UnitKind,
  type UnitStatus,
} from '../shared/domain';
import type { EventPayloadInput, EventType, FeedEvent } from '../shared/protocol/events';
import type { OperationState } from '../shared/state';
import { pointInCorridor, type CrossingSite, type Geography, type SectorGeometry } from './geography';
import { CATEGORY_PROFILES, CATEGORY_WEIGHTS, refineCounts } from './incidentCatalogue';
import { AGENCY_CODES, EU_AGENCIES, organisationOf } from './data/organisations';
import { hash32, rngFor, type Rng } from './random';

/** An event before the log gives it a seq and an id. */
export type EventDraft = {
  [T in EventType]: { ts: number; type: T; payload: EventPayloadInput<T> };
}[EventType];

/** What a scenario plays. Everything that changes the stream is here, so the same config gives the same stream. */
export interface ScenarioConfig {
  seed: number;
  operationId: string;
  name: string;
  mode: OperationMode;
  /** Operation time of the first event. */
  startAt: number;
  /** Planned length; the scenario ends the operation when it is reached. */
  durationMs: number;
  /** Mobile units; fixed posts at the crossings come on top. */
  units: number;
  incidentsPerHour: number;
  /** How often a mobile unit reports its position (each unit at its own phase). */
  reportIntervalMs: number;
  fixedPostReportIntervalMs: number;
  /** Whether the simulated operations centre acknowledges incidents that no client has. */
  autoAcknowledge: boolean;
}

/** The reference operation's defaults: a one-week exercise of 300 mobile units. */
export function defaultScenarioConfig(overrides: Partial<ScenarioConfig> = {}): ScenarioConfig {
  const seed = overrides.seed ?? 7;
  return {
    seed,
    operationId: `JO-WB-${seed}`,
    name: 'Joint Operation Western Balkans Border Shield',
    mode: 'exercise',
    startAt: Date.UTC(2026, 9, 5, 6, 0, 0),
    durationMs: 7 * 24 * 3600_000,
    units: 300,
    incidentsPerHour: 12,
    reportIntervalMs: 10_000,
    fixedPostReportIntervalMs: 300_000,
    autoAcknowledge: true,
    ...overrides,
  };
}

/** Speeds in metres per second while moving. */
const SPEED_MPS: Readonly<Record<UnitKind, number>> = {
  foot: 1.3,
  k9: 1.4,
  vehicle: 11,
  boat: 6,
  helicopter: 45,
  drone: 14,
  fixed_post: 0,
};

/** GPS accuracy range in metres. */
const ACCURACY_M: Readonly<Record<UnitKind, readonly [number, number]>> = {
  foot: [4, 15],
  k9: [4, 15],
  vehicle: [3, 10],
  boat: [3, 12],
  helicopter: [5, 20],
  drone: [2, 6],
  fixed_post: [2, 5],
};

const IMPACT_WEIGHT: Readonly<Record<ImpactLevel, number>> = { low: 1, medium: 2, high: 4, critical: 6 };

/** Sector pairs under known migration pressure start at a higher impact level. */
const PRESSURE_PAIRS = new Set(['BA-HR', 'HU-RS', 'GR-MK', 'MK-RS', 'AL-GR', 'BG-RS']);

const HOUR = 3600_000;
const MINUTE = 60_000;
const OPERATIONS_CENTRE = 'JOC watch desk (simulated)';

interface UnitModel {
  unitId: string;
  kind: UnitKind;
  sector: SectorGeometry;
  crossing?: CrossingSite;
  /** Position along the sector line (0..1) and signed offset from it in km. */
  t: number;
  o: number;
  targetT: number;
  targetO: number;
  maxOffsetKm: number;
  status: UnitStatus;
  incidentId: string | null;
  lastAt: number;
  lon: number;
  lat: number;
  heading: number;
  leg: number;
  /** No reports until then: lost contact (radio or GPS failure). */
  silentUntil: number;
}

interface IncidentModel {
  incidentId: string;
  index: number;
  sector: SectorGeometry;
  t: number;
  o: number;
  category: IncidentCategory;
  counts: Partial<Record<string, number>>;
  status: IncidentStatus;
  reportedAt: number;
  assigned: string[];
}

type Task =
  | { at: number; order: number; kind: 'report'; unitId: string }
  | { at: number; order: number; kind: 'shift'; unitId: string }
  | { at: number; order: number; kind: 'arrival' }
  | { at: number; order: number; kind: 'lifecycle'; incidentId: string }
  | { at: number; order: number; kind: 'readmission'; caseId: string }
  | { at: number; order: number; kind: 'impactReview' }
  | { at: number; order: number; kind: 'end' };

type TaskInput = Task extends infer T ? (T extends Task ? Omit<T, 'order'> : never) : never;

/**
 * Plays a seeded joint operation on the real borders: units patrolling their sector corridors,
 * incidents of every category with their lifecycle, readmission handovers at crossing points,
 * sector impact levels that follow the incidents. The stream depends only on the config, the
 * geography and the commands fed back through {@link observe}.
 */

/**
 * Networks behind the incidents: an analyst links incidents of these categories as one case (one
 * smuggling network seen in several sectors). The case's kind of name, by category.
 */
const NETWORK_KINDS: Partial<Record<IncidentCategory, string>> = {
  migrant_smuggling: 'Smuggling network',
  stolen_vehicle: 'Car theft ring',
  drugs: 'Drug route',
  weapons: 'Arms channel',
  human_trafficking: 'Trafficking ring',
};
/** Code names of the networks, after the region's rivers. */
const NETWORK_NAMES = [
  'Drina',
  'Sava',
  'Neretva',
  'Vardar',
  'Morava',
  'Una',
  'Ibar',
  'Lim',
  'Drim',
  'Tara',
  'Timok',
  'Bosna',
];
/** Of the incidents of those categories, the share an analyst ties to the network of the moment. */
const NETWORK_LINK_SHARE = 0.35;
const NETWORK_LINKER = 'Europol liaison, JOC (simulated)';

/** A network being followed: its case once two incidents are linked, then more, up to `size`. */
interface NetworkModel {
  caseId: string;
  title: string;
  incidentIds: string[];
  size: number;
}

/** Where the reference server's model of a readmission case stands. */
interface CaseModel {
  caseId: string;
  status: ReadmissionStatus;
}

/** The status a readmission event leaves a case in. */
const CASE_STATUS_AFTER = {
  'readmission.accepted': 'accepted',
  'readmission.refused': 'refused',
  'readmission.handed_over': 'handed_over',
  'readmission.closed': 'closed',
} as const satisfies Record<string, ReadmissionStatus>;

/**
 * The time limit of the simplified procedure in this scenario: persons held at the crossing point
 * are answered for and handed over the same day, within 6 hours of the request.
 */
const READMISSION_DEADLINE_MS = 6 * 3_600_000;

/** Why a requested country refuses, in the words such answers use. */
const REFUSAL_REASONS = [
  'Entry from our territory not established.',
  'Persons not apprehended within the border area agreed for the simplified procedure.',
  'Request received after the time limit of the simplified procedure.',
  'Nationality stated does not match the documents presented; regular procedure required.',
] as const;

/** Nationalities of persons apprehended on the Western Balkans route, by weight (counts only). */
const NATIONALITIES: readonly (readonly [string, number])[] = [
  ['SY', 30],
  ['AF', 28],
  ['PK', 14],
  ['MA', 8],
  ['BD', 6],
  ['IQ', 5],
  ['TR', 5],
  ['EG', 4],
  ['IN', 3],
  ['TN', 3],
];

/** Splits a number of persons into one to three nationalities. */
function splitByNationality(rng: Rng, persons: number): { nationality: string; persons: number }[] {
  const groups = new Map<string, number>();
  const kinds = Math.min(persons, rng.int(1, 3));
  let left = persons;
  for (let k = 0; k < kinds; k++) {
    const nationality = rng.weighted(NATIONALITIES);
    const share = k === kinds - 1 ? left : rng.int(1, left - (kinds - 1 - k));
    groups.set(nationality, (groups.get(nationality) ?? 0) + share);
    left -= share;
  }
  return [...groups].map(([nationality, count]) => ({ nationality, persons: count }));
}

export class Scenario {
  readonly config: ScenarioConfig;
  private readonly geography: Geography;
  private readonly queue = new TinyQueue<Task>([], (a, b) => a.at - b.at || a.order - b.order);
  private order = 0;
  private readonly units = new Map<string, UnitModel>();
  private readonly incidents = new Map<string, IncidentModel>();
  /** Readmission cases still going: where each stands (officers' answers come in through observe). */
  private readonly cases = new Map<string, CaseModel>();
  /** The network followed now, per category (a restart starts new ones). */
  private readonly networks = new Map<IncidentCategory, NetworkModel>();
  private readonly impact = new Map<string, ImpactLevel>();
  private readonly recentIncidents = new Map<string, number[]>();
  private incidentCount = 0;
  private lastArrivalAt: number;
  private now: number;
  private ended = false;

  constructor(config: ScenarioConfig, geography: Geography) {
    this.config = config;
    this.geography = geography;
    this.now = config.startAt;
    this.lastArrivalAt = config.startAt;
  }

  /** Operation time of the last event produced. */
  get time(): number {
    return this.now;
  }

  /** True once the operation has ended. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** The events that set the operation up: the operation, sectors, crossings, units and their first positions. */
  start(): EventDraft[] {
    const { config } = this;
    const at = config.startAt;
    const out: EventDraft[] = [];
    const countries = [...new Set(this.geography.sectors.flatMap((s) => s.countries))].sort();
    out.push({
      ts: at,
      type: 'operation.started',
      payload: {
        operationId: config.operationId,
        name: config.name,
        mode: config.mode,
        description:
          'Common operational measure against migrant smuggling, irregular crossings and cross-border crime, with simplified readmission at the border.',
        countries,
        agencies: ['Border police', 'Customs', 'Police', ...EU_AGENCIES],
        plannedStartAt: at,
        plannedEndAt: at + config.durationMs,
        startedAt: at,
      },
    });
    for (const sector of this.geography.sectors) {
      const level = this.initialImpact(sector);
      this.impact.set(sector.sectorId, level);
      out.push({
        ts: at,
        type: 'sector.upserted',
        payload: {
          sectorId: sector.sectorId,
          name: sector.name,
          countries: sector.countries,
          line: sector.line,
          corridor: sector.corridor,
          impactLevel: level,
          responsibleAgency: `${organisationOf(sector.countries[0], 'border_police')} / ${organisationOf(sector.countries[1], 'border_police')}`,
        },
      });
    }
    for (const crossing of this.geography.crossings) {
      out.push({ ts: at, type: 'crossing.upserted', payload: { ...crossing } });
    }
    for (const unit of this.createUnits()) {
      this.units.set(unit.model.unitId, unit.model);
      out.push({ ts: at, type: 'unit.upserted', payload: unit.upsert });
      out.push(this.positionEvent(unit.model, at, 0));
      this.schedule({ at: at + this.reportPhase(unit.model), kind: 'report', unitId: unit.model.unitId });
      if (unit.model.kind !== 'fixed_post') {
        const rng = rngFor(this.config.seed, 'shift', unit.model.unitId, 0);
        this.schedule({ at: at + rng.range(2, 12) * HOUR, kind: 'shift', unitId: unit.model.unitId });
      }
    }
    this.scheduleNextArrival();
    this.schedule({ at: at + 6 * HOUR, kind: 'impactReview' });
    this.schedule({ at: at + config.durationMs, kind: 'end' });
    return out;
  }

  /**
   * Picks the operation up again from a folded log (after the server restarted): the model is
   * rebuilt from the state and the streams continue from the time of the last event.
   */
  restore(state: OperationState, lastEventAt: number): void {
    this.now = lastEventAt;
    this.ended = state.operation?.endedAt != null;
    const sectorsById = new Map(this.geography.sectors.map((s) => [s.sectorId, s]));
    const crossingsById = new Map(this.geography.crossings.map((c) => [c.crossingId, c]));
    for (const sector of Object.values(state.sectors)) this.impact.set(sector.sectorId, sector.impactLevel);
    for (const unit of Object.values(state.units)) {
      const sector = unit.sectorId ? sectorsById.get(unit.sectorId) : undefined;
      if (!sector) continue;
      const rng = rngFor(this.config.seed, 'restore', unit.unitId, lastEventAt);
      const model = this.newUnitModel(
        unit.unitId,
        unit.kind,
        sector,
        rng,
        unit.crossingId ? crossingsById.get(unit.crossingId) : undefined,
      );
      model.status = unit.status;
      model.incidentId = unit.incidentId;
      model.lastAt = unit.position?.at ?? lastEventAt;
      this.units.set(unit.unitId, model);
      this.schedule({ at: lastEventAt + this.reportPhase(model), kind: 'report', unitId: unit.unitId });
      if (unit.kind !== 'fixed_post')
        this.schedule({ at: lastEventAt + rng.range(1, 8) * HOUR, kind: 'shift', unitId: unit.unitId });
    }
    let lastReported = this.config.startAt;
    for (const incident of Object.values(state.incidents)) {
      this.incidentCount++;
      lastReported = Math.max(lastReported, incident.reportedAt);
      const sector = incident.sectorId ? sectorsById.get(incident.sectorId) : undefined;
      if (!sector || incident.status === 'closed') continue;
      this.incidents.set(incident.incidentId, {
        incidentId: incident.incidentId,
        index: this.incidentCount,
        sector,
        t: 0.5,
        o: 0,
        category: incident.category,
        counts: { ...incident.counts },
        status: incident.status,
        reportedAt: incident.reportedAt,
        assigned: [...incident.assignedUnitIds],
      });
      this.schedule({ at: lastEventAt + MINUTE, kind: 'lifecycle', incidentId: incident.incidentId });
    }
    for (const c of Object.values(state.readmissions)) {
      if (c.status === 'closed') continue;
      this.cases.set(c.caseId, { caseId: c.caseId, status: c.status });
      this.schedule({ at: lastEventAt + 10 * MINUTE, kind: 'readmission', caseId: c.caseId });
    }
    this.lastArrivalAt = Math.max(lastReported, lastEventAt);
    if (!this.ended) {
      this.scheduleNextArrival();
      this.schedule({ at: lastEventAt + 6 * HOUR, kind: 'impactReview' });
      this.schedule({ at: Math.max(lastEventAt, this.config.startAt + this.config.durationMs), kind: 'end' });
    }
  }

  /** All events due up to `until` (operation time), in time order. */
  advance(until: number): EventDraft[] {
    const out: EventDraft[] = [];
    for (;;) {
      const task = this.queue.peek();
      if (task === undefined || task.at > until || this.ended) break;
      this.queue.pop();
      this.now = Math.max(this.now, task.at);
      this.run(task, out);
    }
    if (!this.ended) this.now = Math.max(this.now, until);
    return out;
  }

  /** Follows an event that did not come from the scenario (an officer's command), so the play stays consistent. */
  observe(event: FeedEvent): void {
    switch (event.type) {
      case 'readmission.accepted':
      case 'readmission.refused':
      case 'readmission.handed_over':
      case 'readmission.closed': {
        const found = this.cases.get(event.payload.caseId);
        if (found) found.status = CASE_STATUS_AFTER[event.type];
        return;
      }
      case 'incident.acknowledged': {
        const incident = this.incidents.get(event.payload.incidentId);
        if (incident && incident.status === 'reported') incident.status = 'acknowledged';
        return;
      }
      case 'incident.assigned': {
        const incident = this.incidents.get(event.payload.incidentId);
        if (!incident) return;
        if (incident.status === 'reported' || incident.status === 'acknowledged')
          incident.status = 'assigned';
        for (const unitId of event.payload.unitIds) {
          if (!incident.assigned.includes(unitId)) incident.assigned.push(unitId);
        }
        return;
      }
      case 'unit.status_changed': {
        const unit = this.units.get(event.payload.unitId);
        if (!unit) return;
        unit.status = event.payload.status;
        unit.incidentId = event.payload.incidentId ?? null;
        if (unit.status === 'responding' && unit.incidentId) this.sendTo(unit, unit.incidentId);
        return;
      }
      case 'sector.impact_changed':
        this.impact.set(event.payload.sectorId, event.payload.impactLevel);
        return;
      default:
        return;
    }
  }

  private schedule(task: TaskInput): void {
    // Whole milliseconds: event times are integers on the wire.
    this.queue.push({ ...task, at: Math.round(task.at), order: this.order++ });
  }

  private run(task: Task, out: EventDraft[]): void {
    switch (task.kind) {
      case 'report':
        return this.report(task.unitId, task.at, out);
      case 'shift':
        return this.shift(task.unitId, task.at, out);
      case 'arrival':
        this.reportIncident(task.at, out);
        this.scheduleNextArrival();
        return;
      case 'lifecycle':
        return this.lifecycle(task.incidentId, task.at, out);
      case 'readmission':
        return this.readmissionStep(task.caseId, task.at, out);
      case 'impactReview':
        this.reviewImpact(task.at, out);
        this.schedule({ at: task.at + 6 * HOUR, kind: 'impactReview' });
        return;
      case 'end':
        out.push({
          ts: task.at,
          type: 'operation.ended',
          payload: { operationId: this.config.operationId, endedAt: task.at },
        });
        this.ended = true;
        return;
    }
  }

  // ---- readmission -------------------------------------------------------------------------

  /**
   * The simplified readmission procedure behind a handover incident: the country where the persons
   * were apprehended asks its neighbour to take them back at the crossing within 6 hours. Most
   * cases are answered within hours and handed over soon after; about one in eight is refused,
   * and about one in twelve is answered only after its deadline (so a watch officer sees overdue
   * cases). Counts by nationality only.
   */
  private requestReadmission(
    incidentId: string,
    index: number,
    readmission: { fromCountry: string; toCountry: string; crossingId: string; persons: number },
    at: number,
    out: EventDraft[],
  ): void {
    const caseId = `RA-${this.config.seed}-${String(index).padStart(6, '0')}`;
    const rng = rngFor(this.config.seed, 'readmission', caseId);
    const deadlineAt = at + READMISSION_DEADLINE_MS;
    out.push({
      ts: at,
      type: 'readmission.requested',
      payload: {
        caseId,
        requestingCountry: readmission.fromCountry,
        requestedCountry: readmission.toCountry,
        crossingId: readmission.crossingId,
        incidentIds: [incidentId],
        persons: splitByNationality(rng, Math.max(1, readmission.persons)),
        requestedAt: at,
        deadlineAt,
        by: `Border Police, ${COUNTRY_NAMES[readmission.fromCountry] ?? readmission.fromCountry}`,
      },
    });
    const late = rng.chance(0.08);
    this.cases.set(caseId, { caseId, status: 'requested' });
    this.schedule({
      at: late ? deadlineAt + rng.range(0.5, 3) * HOUR : at + rng.range(0.25, 3) * HOUR,
      kind: 'readmission',
      caseId,
    });
  }

  /** The next step of a case, unless an officer has already taken it. */
  private readmissionStep(caseId: string, at: number, out: EventDraft[]): void {
    const found = this.cases.get(caseId);
    if (!found) return;
    const rng = rngFor(this.config.seed, 'readmission', caseId, found.status);
    switch (found.status) {
      case 'requested': {
        const refuse = rng.chance(0.12);
        out.push(
          refuse
            ? {
                ts: at,
                type: 'readmission.refused',
                payload: { caseId, by: 'Border Police duty officer', reason: rng.pick(REFUSAL_REASONS), at },
              }
            : {
                ts: at,
                type: 'readmission.accepted',
                payload: { caseId, by: 'Border Police duty officer', at },
              },
        );
        found.status = refuse ? 'refused' : 'accepted';
        this.schedule({
          at: at + rng.range(0.5, 2) * HOUR,
          kind: 'readmission',
          caseId,
        });
        return;
      }
      case 'accepted': {
        out.push({
          ts: at,
          type: 'readmission.handed_over',
          payload: { caseId, by: 'Border Police crossing point shift', at },
        });
        found.status = 'handed_over';
        this.schedule({ at: at + rng.range(0.5, 2) * HOUR, kind: 'readmission', caseId });
        return;
      }
      case 'refused':
      case 'handed_over': {
        out.push({ ts: at, type: 'readmission.closed', payload: { caseId, at } });
        this.cases.delete(caseId);
        return;
      }
      case 'closed':
        this.cases.delete(caseId);
        return;
    }
  }

  // ---- units ---------------------------------------------------------------------------------

  private initialImpact(sector: SectorGeometry): ImpactLevel {
    const rng = rngFor(this.config.seed, 'impact', sector.sectorId);
    if (PRESSURE_PAIRS.has(sector.countries.join('-')))
      return rng.weighted([
        ['medium', 2],
        ['high', 5],
        ['critical', 1],
      ]);
    return rng.weighted([
      ['low', 6],
      ['medium', 3],
      ['high', 1],
    ]);
  }

  private createUnits(): { model: UnitModel; upsert: EventPayloadInput<'unit.upserted'> }[] {
    const { seed, units: total } = this.config;
    const sectors = this.geography.sectors;
    const out: { model: UnitModel; upsert: EventPayloadInput<'unit.upserted'> }[] = [];
    const quotas = shareByLength(sectors, total);
    let n = 0;
    const serials = new Map<string, number>();
    for (let i = 0; i < sectors.length; i++)
      for (let q = 0; q < quotas[i]!; q++) {
        const sector = sectors[i]!;
        const rng = rngFor(seed, 'unit', n);
        const agency = rng.weighted<Agency>([
          ['border_police', 60],
          ['customs', 14],
          ['police', 10],
          ['joint_patrol', 13],
          ['liaison', 3],
        ]);
        const kind = this.drawKind(rng, sector, agency);
        const country = agency === 'liaison' ? 'EU' : rng.pick(sector.countries);
        const organisation =
          agency === 'liaison'
            ? `${rng.pick(EU_AGENCIES)} liaison`
            : agency === 'joint_patrol'
              ? `Joint patrol ${sector.countries.join('/')}`
              : organisationOf(country, agency);
        const serialKey = `${country}-${AGENCY_CODES[agency]}`;
        const serial = (serials.get(serialKey) ?? 100) + 1;
        serials.set(serialKey, serial);
        const unitId = `U${String(n + 1).padStart(4, '0')}`;
        const model = this.newUnitModel(unitId, kind, sector, rng);
        model.status = 'patrolling';
        out.push({
          model,
          upsert: {
            unitId,
            callsign: `${serialKey} ${serial}`,
            agency,
            organisation,
            country,
            kind,
            sectorId: sector.sectorId,
            status: 'patrolling',
          },
        });
        n++;
      }
    for (const crossing of this.geography.crossings) {
      const sector = sectors.find((s) => s.sectorId === crossing.sectorId);
      if (!sector) continue;
      for (const country of crossing.countries) {
        const unitId = `P-${crossing.crossingId}-${country}`.slice(0, 64);
        const model = this.newUnitModel(unitId, 'fixed_post', sector, rngFor(seed, 'post', unitId), crossing);
        model.status = 'available';
        const sideName =
          crossing.name.split('/')[crossing.countries.indexOf(country)]?.trim() ?? crossing.name;
        out.push({
          model,
          upsert: {
            unitId,
            callsign: `BCP ${sideName}`,
            agency: 'border_police',
            organisation: organisationOf(country, 'border_police'),
            country,
            kind: 'fixed_post',
            sectorId: sector.sectorId,
            crossingId: crossing.crossingId,
            status: 'available',
          },
        });
      }
    }
    return out;
  }

  private drawKind(rng: Rng, sector: SectorGeometry, agency: Agency): UnitKind {
    if (agency === 'liaison')
      return rng.weighted<UnitKind>([
        ['vehicle', 3],
        ['foot', 1],
      ]);
    if (agency === 'customs')
      return rng.weighted<UnitKind>([
        ['vehicle', 6],
        ['k9', 2],
        ['foot', 1],
      ]);
    const kinds: (readonly [UnitKind, number])[] = [
      ['vehicle', 40],
      ['foot', 25],
      ['k9', 8],
      ['drone', 6],
      ['helicopter', 2],
    ];
    if (sector.water) kinds.push(['boat', 18]);
    return rng.weighted(kinds);
  }

  private newUnitModel(
    unitId: string,
    kind: UnitKind,
    sector: SectorGeometry,
    rng: Rng,
    crossing?: CrossingSite,
  ): UnitModel {
    const maxOffsetKm = kind === 'boat' ? Math.min(0.15, sector.corridorKm * 0.1) : sector.corridorKm * 0.85;
    let t = rng.next();
    let o = rng.range(-maxOffsetKm, maxOffsetKm);
    if (crossing) {
      t = this.crossingT(sector, crossing);
      o = crossing.countries[0] === sector.countries[0] ? -0.15 : 0.15;
    }
    const p = pointInCorridor(sector, t, o);
    return {
      unitId,
      kind,
      sector,
      crossing,
      t,
      o,
      targetT: t,
      targetO: o,
      maxOffsetKm,
      status: 'available',
      incidentId: null,
      lastAt: this.config.startAt,
      lon: p.lon,
      lat: p.lat,
      heading: Math.round(((p.bearing % 360) + 360) % 360),
      leg: 0,
      silentUntil: 0,
    };
  }

  /** Where along its sector line a crossing lies (0..1), found by the nearest line vertex. */
  private crossingT(sector: SectorGeometry, crossing: CrossingSite): number {
    let best = 0;
    let bestD = Infinity;
    const n = sector.line.length;
    sector.line.forEach(([lon, lat], i) => {
      const d = (lon - crossing.lon) ** 2 + (lat - crossing.lat) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    });
    return n > 1 ? best / (n - 1) : 0;
  }

  private reportPhase(unit: UnitModel): number {
    const interval =
      unit.kind === 'fixed_post' ? this.config.fixedPostReportIntervalMs : this.config.reportIntervalMs;
    return 1 + (hash32(this.config.seed, 'phase', unit.unitId) % interval);
  }

  private report(unitId: string, at: number, out: EventDraft[]): void {
    const unit = this.units.get(unitId);
    if (!unit) return;
    const interval =
      unit.kind === 'fixed_post' ? this.config.fixedPostReportIntervalMs : this.config.reportIntervalMs;
    this.schedule({ at: at + interval, kind: 'report', unitId });
    const dtMs = at - unit.lastAt;
    const moved = this.move(unit, dtMs, at, out);
    if (at < unit.silentUntil) return;
    const rng = rngFor(this.config.seed, 'report', unitId, at);
    // Now and then a unit falls silent (dead radio, no GPS fix): the picture must show it going stale.
    if (unit.kind !== 'fixed_post' && rng.chance(0.0001)) unit.silentUntil = at + rng.range(15, 75) * MINUTE;
    out.push(this.positionEvent(unit, at, dtMs > 0 ? moved / (dtMs / 1000) : 0, rng));
  }

  private positionEvent(unit: UnitModel, at: number, speed: number, rng?: Rng): EventDraft {
    const [lo, hi] = ACCURACY_M[unit.kind];
    return {
      ts: at,
      type: 'unit.position',
      payload: {
        unitId: unit.unitId,
        lon: round(unit.lon, 6),
        lat: round(unit.lat, 6),
        heading: unit.heading,
        speed: Math.min(150, round(speed, 1)),
        accuracy: Math.round(rng ? rng.range(lo, hi) : lo),
        at,
      },
    };
  }

  /** Moves a unit along its corridor for dtMs; returns the metres covered. */
  private move(unit: UnitModel, dtMs: number, at: number, out: EventDraft[]): number {
    unit.lastAt = at;
    const moving = unit.status === 'patrolling' || unit.status === 'responding';
    if (!moving || dtMs <= 0 || unit.kind === 'fixed_post') return 0;
    const L = Math.max(unit.sector.lengthKm, 0.001);
    let remainingKm = (SPEED_MPS[unit.kind] * dtMs) / 1_000_000;
    let coveredKm = 0;
    for (let guard = 0; remainingKm > 1e-9 && guard < 50; guard++) {
      const dx = (unit.targetT - unit.t) * L;
      const dy = unit.targetO - unit.o;
      const d = Math.hypot(dx, dy);
      if (d <= remainingKm) {
        unit.t = unit.targetT;
        unit.o = unit.targetO;
        remainingKm -= d;
        coveredKm += d;
        if (unit.status === 'responding') {
          unit.status = 'on_scene';
          out.push({
            ts: at,
            type: 'unit.status_changed',
            payload: {
              unitId: unit.unitId,
              status: 'on_scene',
              ...(unit.incidentId ? { incidentId: unit.incidentId } : {}),
              at,
            },
          });
          break;
        }
        this.nextLeg(unit);
      } else {
        const f = remainingKm / d;
        unit.t += (unit.targetT - unit.t) * f;
        unit.o += (unit.targetO - unit.o) * f;
        coveredKm += remainingKm;
        remainingKm = 0;
      }
    }
    const previous = { lon: unit.lon, lat: unit.lat };
    const p = pointInCorridor(unit.sector, unit.t, unit.o);
    unit.lon = p.lon;
    unit.lat = p.lat;
    if (previous.lon !== p.lon || previous.lat !== p.lat) unit.heading = Math.round(bearingDeg(previous, p));
    return coveredKm * 1000;
  }

  private nextLeg(unit: UnitModel): void {
    unit.leg++;
    const rng = rngFor(this.config.seed, 'leg', unit.unitId, unit.leg);
    // Patrols work a stretch of a few kilometres at a time rather than crossing the whole sector.
    const spanKm =
      unit.kind === 'helicopter' || unit.kind === 'drone'
        ? 40
        : unit.kind === 'vehicle' || unit.kind === 'boat'
          ? 15
          : 4;
    const dt = Math.min(1, spanKm / Math.max(unit.sector.lengthKm, 0.001));
    unit.targetT = clamp(unit.t + rng.range(-dt, dt), 0, 1);
    unit.targetO = rng.range(-unit.maxOffsetKm, unit.maxOffsetKm);
  }

  private sendTo(unit: UnitModel, incidentId: string): void {
    const incident = this.incidents.get(incidentId);
    if (!incident || incident.sector !== unit.sector) return;
    unit.targetT = incident.t;
    unit.targetO = clamp(incident.o, -unit.maxOffsetKm, unit.maxOffsetKm);
  }

  private shift(unitId: string, at: number, out: EventDraft[]): void {
    const unit = this.units.get(unitId);
    if (!unit) return;
    const rng = rngFor(this.config.seed, 'shift', unitId, at);
    if (unit.status === 'responding' || unit.status === 'on_scene') {
      this.schedule({ at: at + HOUR, kind: 'shift', unitId });
      return;
    }
    let next: UnitStatus;
    let stay: number;
    if (unit.status === 'off_duty' || unit.status === 'out_of_service') {
      next = 'patrolling';
      stay = rng.range(6, 12) * HOUR;
    } else {
      next = rng.weighted<UnitStatus>([
        ['off_duty', 80],
        ['available', 16],
        ['out_of_service', 4],
      ]);
      stay = next === 'available' ? rng.range(0.5, 2) * HOUR : rng.range(2, 8) * HOUR;
    }
    this.move(unit, at - unit.lastAt, at, out);
    unit.status = next;
    out.push({ ts: at, type: 'unit.status_changed', payload: { unitId, status: next, at } });
    this.schedule({ at: at + stay, kind: 'shift', unitId });
  }

  // ---- incidents -----------------------------------------------------------------------------

  private scheduleNextArrival(): void {
    const rng = rngFor(this.config.seed, 'arrival', this.incidentCount);
    const mean = HOUR / Math.max(this.config.incidentsPerHour, 1e-6);
    this.lastArrivalAt += Math.max(1000, Math.round(rng.exponential(mean)));
    this.schedule({ at: this.lastArrivalAt, kind: 'arrival' });
  }

  private reportIncident(at: number, out: EventDraft[]): void {
    const index = ++this.incidentCount;
    const rng = rngFor(this.config.seed, 'incident', index);
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const profile = CATEGORY_PROFILES[category];
    let sector: SectorGeometry;
    let t: number;
    let o: number;
    let crossing: CrossingSite | undefined;
    if (category === 'readmission_handover' && this.geography.crossings.length > 0) {
      crossing = rng.pick(this.geography.crossings);
      sector = this.geography.sectors.find((s) => s.sectorId === crossing!.sectorId) ?? this.pickSector(rng);
      t = this.crossingT(sector, crossing);
      o = 0;
    } else {
      sector = this.pickSector(rng);
      t = rng.next();
      o = rng.range(-0.8, 0.8) * sector.corridorKm;
    }
    const p = crossing ? { lon: crossing.lon, lat: crossing.lat } : pointInCorridor(sector, t, o);
    const counts = profile.counts(rng);
    const priority = rng.weighted(profile.priorities);
    const incidentId = `INC-${this.config.seed}-${String(index).padStart(6, '0')}`;
    const place = crossing ? `BCP ${crossing.name}` : sector.name;
    const year = new Date(at).getUTCFullYear();
    const partnerReferences =
      profile.reference && rng.chance(profile.reference.share)
        ? [profile.reference.make(rng, year, rng.pick(sector.countries))]
        : undefined;
    const reporter = this.nearestUnit(
      sector,
      t,
      (u) => u.status !== 'off_duty' && u.status !== 'out_of_service',
    );
    const readmission = crossing
      ? (() => {
          const from = rng.pick(crossing.countries);
          const to = crossing.countries[0] === from ? crossing.countries[1] : crossing.countries[0];
          return {
            fromCountry: from,
            toCountry: to,
            crossingId: crossing.crossingId,
            persons: counts.readmittedPersons ?? 1,
          };
        })()
      : undefined;
    const description = readmission
      ? `Persons apprehended in the border area of ${COUNTRY_NAMES[readmission.fromCountry] ?? readmission.fromCountry}, to be handed over to ${COUNTRY_NAMES[readmission.toCountry] ?? readmission.toCountry} under the simplified readmission procedure.`
      : `Reported in sector ${sector.name} (${sector.countries.map((c) => COUNTRY_NAMES[c] ?? c).join(' / ')}).`;
    out.push({
      ts: at,
      type: 'incident.reported',
      payload: {
        incidentId,
        category,
        priority,
        title: profile.title(counts, place),
        description,
        counts,
        ...(partnerReferences ? { partnerReferences } : {}),
        ...(readmission ? { readmission } : {}),
        lon: round(p.lon, 6),
        lat: round(p.lat, 6),
        sectorId: sector.sectorId,
        ...(reporter ? { reportedBy: reporter.unitId } : {}),
        reportedAt: at,
      },
    });
    if (readmission) this.requestReadmission(incidentId, index, readmission, at, out);
    this.linkToNetwork(incidentId, index, category, at, out);
    this.incidents.set(incidentId, {
      incidentId,
      index,
      sector,
      t,
      o,
      category,
      counts,
      status: 'reported',
      reportedAt: at,
      assigned: [],
    });
    const recent = this.recentIncidents.get(sector.sectorId) ?? [];
    recent.push(at);
    this.recentIncidents.set(sector.sectorId, recent);
    this.schedule({ at: at + this.delay(index, 'acknowledged', priority), kind: 'lifecycle', incidentId });
  }

  /**
   * Some incidents of the network categories are tied to the network followed for that category:
   * the case opens with its second incident and closes to new ones after a few (a new network is
   * followed then). Its own random stream, so the incidents' draws are as before.
   */
  private linkToNetwork(
    incidentId: string,
    index: number,
    category: IncidentCategory,
    at: number,
    out: EventDraft[],
  ): void {
    const kind = NETWORK_KINDS[category];
    if (kind === undefined) return;
    const rng = rngFor(this.config.seed, 'network', index);
    if (!rng.chance(NETWORK_LINK_SHARE)) return;
    let network = this.networks.get(category);
    if (network === undefined) {
      const caseId = `LC-${this.config.seed}-${String(index).padStart(6, '0')}`;
      const name = NETWORK_NAMES[hash32(caseId) % NETWORK_NAMES.length]!;
      network = { caseId, title: `${kind} ${name}`, incidentIds: [], size: rng.int(3, 6) };
      this.networks.set(category, network);
    }
    network.incidentIds.push(incidentId);
    if (network.incidentIds.length === 2) {
      out.push({
        ts: at,
        type: 'incident.linked',
        payload: {
          caseId: network.caseId,
          title: network.title,
          incidentIds: [...network.incidentIds],
          by: NETWORK_LINKER,
          at,
        },
      });
    } else if (network.incidentIds.length > 2) {
      out.push({
        ts: at,
        type: 'incident.linked',
        payload: { caseId: network.caseId, incidentIds: [incidentId], by: NETWORK_LINKER, at },
      });
    }
    if (network.incidentIds.length >= network.size) this.networks.delete(category);
  }

  private pickSector(rng: Rng): SectorGeometry {
    const weights = this.geography.sectors.map(
      (s, i) => [i, IMPACT_WEIGHT[this.impact.get(s.sectorId) ?? 'low'] * Math.sqrt(s.lengthKm)] as const,
    );
    return this.geography.sectors[rng.weighted(weights)]!;
  }

  /** Minutes until the next lifecycle step, drawn per incident so a restart keeps them. */
  private delay(index: number, step: IncidentStatus, priority = 3): number {
    const rng = rngFor(this.config.seed, 'delay', index, step);
    const urgency = priority <= 2 ? 0.5 : 1;
    switch (step) {
      case 'acknowledged':
        return Math.round(rng.range(1, 8) * urgency * MINUTE);
      case 'assigned':
        return Math.round(rng.range(2, 15) * urgency * MINUTE);
      case 'resolved':
        return Math.round(rng.range(25, 180) * MINUTE);
      case 'closed':
        return Math.round(rng.range(10, 60) * MINUTE);
      default:
        return 5 * MINUTE;
    }
  }

  private lifecycle(incidentId: string, at: number, out: EventDraft[]): void {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const rng = rngFor(this.config.seed, 'lifecycle', incident.index, incident.status);
    switch (incident.status) {
      case 'reported': {
        if (!this.config.autoAcknowledge) {
          // Leave it to the officers; look again later in case they assign without acknowledging.
          this.schedule({ at: at + 10 * MINUTE, kind: 'lifecycle', incidentId });
          return;
        }
        incident.status = 'acknowledged';
        out.push({
          ts: at,
          type: 'incident.acknowledged',
          payload: { incidentId, by: OPERATIONS_CENTRE, at },
        });
        this.schedule({ at: at + this.delay(incident.index, 'assigned'), kind: 'lifecycle', incidentId });
        return;
      }
      case 'acknowledged': {
        const units = this.pickResponders(incident, rng);
        if (units.length === 0) {
          this.schedule({ at: at + 5 * MINUTE, kind: 'lifecycle', incidentId });
          return;
        }
        incident.status = 'assigned';
        incident.assigned.push(...units.map((u) => u.unitId));
        out.push({
          ts: at,
          type: 'incident.assigned',
          payload: { incidentId, unitIds: units.map((u) => u.unitId), by: OPERATIONS_CENTRE, at },
        });
        for (const unit of units) {
          this.move(unit, at - unit.lastAt, at, out);
          unit.status = 'responding';
          unit.incidentId = incidentId;
          this.sendTo(unit, incidentId);
          out.push({
            ts: at,
            type: 'unit.status_changed',
            payload: { unitId: unit.unitId, status: 'responding', incidentId, at },
          });
        }
        this.schedule({ at: at + this.delay(incident.index, 'resolved'), kind: 'lifecycle', incidentId });
        return;
      }
      case 'assigned': {
        incident.status = 'resolved';
        const profile = CATEGORY_PROFILES[incident.category];
        const counts =
          incident.category === 'readmission_handover' ? incident.counts : refineCounts(rng, incident.counts);
        out.push({
          ts: at,
          type: 'incident.resolved',
          payload: { incidentId, outcome: rng.pick(profile.outcome), counts, at },
        });
        const responder = incident.assigned[0];
        if (responder && rng.chance(0.4)) {
          out.push({
            ts: at,
            type: 'incident.note_added',
            payload: {
              incidentId,
              noteId: `${incidentId}-N1`,
              author: responder,
              text: `Debrief: ${rng.pick(profile.outcome).toLowerCase()}. Report to follow through national channels.`,
              at,
            },
          });
        }
        for (const unitId of incident.assigned) {
          const unit = this.units.get(unitId);
          if (!unit || unit.incidentId !== incidentId) continue;
          this.move(unit, at - unit.lastAt, at, out);
          unit.status = 'patrolling';
          unit.incidentId = null;
          this.nextLeg(unit);
          out.push({ ts: at, type: 'unit.status_changed', payload: { unitId, status: 'patrolling', at } });
        }
        this.schedule({ at: at + this.delay(incident.index, 'closed'), kind: 'lifecycle', incidentId });
        return;
      }
      case 'resolved': {
        incident.status = 'closed';
        out.push({ ts: at, type: 'incident.closed', payload: { incidentId, at } });
        this.incidents.delete(incidentId);
        return;
      }
      case 'closed':
        this.incidents.delete(incidentId);
        return;
    }
  }

  private pickResponders(incident: IncidentModel, rng: Rng): UnitModel[] {
    const free = (u: UnitModel): boolean =>
      u.sector === incident.sector &&
      u.kind !== 'fixed_post' &&
      (u.status === 'patrolling' || u.status === 'available') &&
      u.silentUntil <= this.now;
    const first = this.nearestUnit(incident.sector, incident.t, free);
    if (!first) return [];
    const second = rng.chance(0.35)
      ? this.nearestUnit(incident.sector, incident.t, (u) => free(u) && u !== first)
      : undefined;
    return second ? [first, second] : [first];
  }

  private nearestUnit(
    sector: SectorGeometry,
    t: number,
    accept: (u: UnitModel) => boolean,
  ): UnitModel | undefined {
    let best: UnitModel | undefined;
    let bestD = Infinity;
    for (const unit of this.units.values()) {
      if (unit.sector !== sector || !accept(unit)) continue;
      const d = Math.abs(unit.t - t);
      if (d < bestD) {
        bestD = d;
        best = unit;
      }
    }
    return best;
  }

  private reviewImpact(at: number, out: EventDraft[]): void {
    const levels: ImpactLevel[] = ['low', 'medium', 'high', 'critical'];
    for (const sector of this.geography.sectors) {
      const recent = (this.recentIncidents.get(sector.sectorId) ?? []).filter((x) => x > at - 24 * HOUR);
      this.recentIncidents.set(sector.sectorId, recent);
      const current = this.impact.get(sector.sectorId) ?? 'low';
      const rank = levels.indexOf(current);
      // Raise a level on a busy day, lower one after a quiet one: the way EUROSUR ratings follow events.
      const target =
        recent.length >= 8 ? Math.min(rank + 1, 3) : recent.length <= 1 ? Math.max(rank - 1, 0) : rank;
      if (target === rank) continue;
      const level = levels[target]!;
      this.impact.set(sector.sectorId, level);
      out.push({
        ts: at,
        type: 'sector.impact_changed',
        payload: {
          sectorId: sector.sectorId,
          impactLevel: level,
          reason: `${recent.length} incidents in the last 24 hours`,
          by: OPERATIONS_CENTRE,
          at,
        },
      });
    }
  }
}

/**
 * Shares `total` units among sectors by length (largest remainder), at least two per sector when
 * there are enough, so that no stretch of border starts the operation empty.
 */
function shareByLength(sectors: readonly SectorGeometry[], total: number): number[] {
  const floor = total >= sectors.length * 2 ? 2 : 0;
  const rest = total - floor * sectors.length;
  const totalKm = sectors.reduce((s, x) => s + x.lengthKm, 0) || 1;
  const exact = sectors.map((s) => (rest * s.lengthKm) / totalKm);
  const quotas = exact.map((x) => floor + Math.floor(x));
  let missing = total - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; missing > 0; k = (k + 1) % byRemainder.length, missing--) quotas[byRemainder[k]![1]]!++;
  return quotas;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Initial bearing from a to b in degrees, 0..360. */
function bearingDeg(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const toRad = Math.PI / 180;
  const y = Math.sin((b.lon - a.lon) * toRad) * Math.cos(b.lat * toRad);
  const x =
    Math.cos(a.lat * toRad) * Math.sin(b.lat * toRad) -
    Math.sin(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.cos((b.lon - a.lon) * toRad);
  return (((Math.atan2(y, x) / toRad) % 360) + 360) % 360;
}
