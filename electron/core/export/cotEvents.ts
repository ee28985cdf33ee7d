import type CoTClass from '@tak-ps/node-cot';
import type { UnitKind } from '../../../shared/domain';
import { displayText } from '../../../shared/displayText';
import { isIncidentOnMap } from '../../../shared/domainRules';
import type { Incident, OperationState, Unit } from '../../../shared/state';
import { incidentsInReportOrder } from './incidentRecord';
import { isoTime, isMarkedMode, modeLabel } from './labels';
import type { ExportMeta } from './types';

/**
 * The picture as Cursor-on-Target, for TAK clients (ATAK, WinTAK, iTAK) and TAK Server: one
 * `<event>` per unit with a position and per incident on the map. The XML is made by
 * `@tak-ps/node-cot` (CoT.from_geojson → to_xml). The file is a CoT stream: events one after the
 * other, one a line, as a TAK Server's streaming input takes them (`nc host 8087 < file.cot`) and as
 * the TAK feed client of this application reads them; each line is a well-formed XML document.
 *
 * Types (MIL-STD-2525B function ids in CoT form; "f" friendly):
 * - foot, k9 → a-f-G-U-U-L-C (ground unit, civilian law enforcement)
 * - vehicle → a-f-G-E-V-C (ground equipment, civilian vehicle)
 * - boat → a-f-S-X-L (sea surface, law enforcement vessel: a boat is a surface track, not ground)
 * - helicopter → a-f-A-C-H (air, civil rotary wing)
 * - drone → a-f-A-M-F-Q (air, drone RPV/UAV: the UAV symbol every TAK client draws)
 * - fixed_post → a-f-G-I-i-l-cp (ATAK's incident-management "police checkpoint" installation)
 * Incidents are b-m-p-s-m (a spot map marker): an incident is a report at a place, not an identified
 * track; marking persons crossing a border as hostile (a-h-G) would be wrong, and unknown (a-u-G)
 * would put a track on the map that nobody is tracking.
 */

/** The CoT type of each unit kind, see the module comment. */
export const UNIT_COT_TYPES: Readonly<Record<UnitKind, string>> = {
  foot: 'a-f-G-U-U-L-C',
  k9: 'a-f-G-U-U-L-C',
  vehicle: 'a-f-G-E-V-C',
  boat: 'a-f-S-X-L',
  helicopter: 'a-f-A-C-H',
  drone: 'a-f-A-M-F-Q',
  fixed_post: 'a-f-G-I-i-l-cp',
};

/** A unit kind a newer server knows and this version does not: a friendly ground track. */
export const UNKNOWN_UNIT_COT_TYPE = 'a-f-G';

/** Incidents: a spot map marker. */
export const INCIDENT_COT_TYPE = 'b-m-p-s-m';

/** How an incident's marker is coloured (ARGB as a signed 32-bit integer, as ATAK writes it). */
const PRIORITY_ARGB = { 1: 0xffff3b30, 2: 0xffff9500, 3: 0xffffd60a, 4: 0xff8e8e93 } as const;

/** The `how` of unit positions (machine, GPS: they come from the units' trackers) and of incidents (human entered). */
export const UNIT_HOW = 'm-g';
export const INCIDENT_HOW = 'h-e';

/** What the CoT export needs besides the picture. */
export interface CotOptions {
  /** The moment the picture is of (the export's period end). */
  at: number;
  /** A unit's report is stale this long after it was made (the room's "stale after" setting). */
  staleAfterMs: number;
}

/**
 * The `opex` attribute of the CoT event schema (Event.xsd): "o" operations, "e" exercise, "s"
 * simulation, optionally followed by "-" and a name. Anything not known to be live is marked "e",
 * so training data never reaches a TAK map as a real operation's.
 */
export function cotOpex(mode: string): string {
  return isMarkedMode(mode) ? 'e' : 'o';
}

/** The uid of a unit or an incident: stable across exports, so a TAK client updates its marker. */
export function cotUid(operationId: string, what: 'unit' | 'incident', id: string): string {
  return `watchfloor.${operationId}.${what}.${id}`;
}

/**
 * Workaround for the library's serialiser (xml-js js2xml, called by CoT.to_xml): it escapes only `"`
 * in attribute values, so a callsign with `<` or `&` made an ill-formed event, and in text it first
 * turns every "&amp;" back into "&", so "&amp;" written in a remark came back as "&". Attribute
 * values are therefore given already escaped but for `"`, and text with every `&` escaped (the
 * serialiser's "desanitising" then undoes exactly our escape). Characters XML cannot hold (controls,
 * lone surrogates) are dropped and bidi controls replaced, as in every other export.
 */
const NOT_XML_TEXT = /[^\P{Cc}\t\n\r]|[\uD800-\uDFFF\uFFFE\uFFFF]/gu;
function clean(text: string): string {
  return displayText(text).replace(NOT_XML_TEXT, '');
}
/** An attribute value for the library: markup escaped, `"` left for the serialiser, whitespace kept as references. */
export function cotAttribute(text: string): string {
  return clean(text).replace(/[&<>\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
/** Element text for the library: only `&` escaped (see above); the serialiser escapes `<` and `>`. */
export function cotText(text: string): string {
  return clean(text).replace(/\r\n?/g, '\n').replace(/&/g, '&amp;');
}

type CoTModule = typeof CoTClass;
let library: Promise<CoTModule> | null = null;
/** The library, loaded on first use: importing it takes over a second (protobuf, schemas). */
export function loadCot(): Promise<CoTModule> {
  library ??= import('@tak-ps/node-cot').then((m) => m.default);
  return library;
}

function unitRemarks(unit: Unit, meta: ExportMeta): string {
  const mode = isMarkedMode(meta.mode) ? `${modeLabel(meta.mode)} — ` : '';
  return (
    `${mode}${unit.callsign}: ${unit.kind}, ${unit.status}, ${unit.agency} ` +
    `(${unit.organisation}, ${unit.country}). Operation ${meta.operationName} (${meta.operationId}).`
  );
}

function incidentRemarks(incident: Incident, meta: ExportMeta): string {
  const mode = isMarkedMode(meta.mode) ? `${modeLabel(meta.mode)} — ` : '';
  const description = incident.description ? `\n${incident.description}` : '';
  return (
    `${mode}P${incident.priority} ${incident.category}, ${incident.status}: ${incident.title}${description}` +
    `\nOperation ${meta.operationName} (${meta.operationId}).`
  );
}

/** A point event made by the library, then given what from_geojson has no property for. */
function event(
  CoT: CoTModule,
  props: {
    uid: string;
    type: string;
    how: string;
    callsign: string;
    remarks: string;
    time: number;
    stale: number;
    lon: number;
    lat: number;
    ce?: number;
    course?: number;
    speed?: number;
  },
  meta: ExportMeta,
): CoTClass {
  const cot = CoT.from_geojson({
    type: 'Feature',
    id: cotAttribute(props.uid),
    properties: {
      type: props.type,
      how: props.how,
      callsign: cotAttribute(props.callsign),
      time: isoTime(props.time),
      start: isoTime(props.time),
      stale: isoTime(Math.max(props.time, props.stale)),
      remarks: cotText(props.remarks),
      ...(props.course !== undefined ? { course: props.course } : {}),
      ...(props.speed !== undefined ? { speed: props.speed } : {}),
    },
    geometry: { type: 'Point', coordinates: [props.lon, props.lat] },
  });
  const raw = cot.raw.event;
  raw._attributes.opex = cotOpex(meta.mode);
  if (props.ce !== undefined && Number.isFinite(props.ce) && props.ce >= 0)
    raw.point._attributes.ce = props.ce;
  // The library stamps its own processing time into _flow-tags_: an export says only what was.
  if (raw.detail) delete raw.detail['_flow-tags_'];
  return cot;
}

/** The events of the picture, units first (by callsign), then incidents in report order. */
export async function cotEvents(
  state: OperationState,
  meta: ExportMeta,
  options: CotOptions,
): Promise<CoTClass[]> {
  const CoT = await loadCot();
  const events: CoTClass[] = [];
  const units = Object.values(state.units).sort((a, b) => a.callsign.localeCompare(b.callsign));
  for (const unit of units) {
    const p = unit.position;
    if (p === null || !Number.isFinite(p.at)) continue;
    events.push(
      event(
        CoT,
        {
          uid: cotUid(meta.operationId, 'unit', unit.unitId),
          type: Object.hasOwn(UNIT_COT_TYPES, unit.kind) ? UNIT_COT_TYPES[unit.kind] : UNKNOWN_UNIT_COT_TYPE,
          how: UNIT_HOW,
          callsign: unit.callsign,
          remarks: unitRemarks(unit, meta),
          time: p.at,
          stale: p.at + options.staleAfterMs,
          lon: p.lon,
          lat: p.lat,
          ce: p.accuracy,
          ...(Number.isFinite(p.heading) ? { course: p.heading } : {}),
          ...(Number.isFinite(p.speed) ? { speed: p.speed } : {}),
        },
        meta,
      ),
    );
  }
  for (const incident of incidentsInReportOrder(state)) {
    if (!isIncidentOnMap(incident)) continue;
    const ended = incident.resolvedAt ?? incident.closedAt;
    const cot = event(
      CoT,
      {
        uid: cotUid(meta.operationId, 'incident', incident.incidentId),
        type: INCIDENT_COT_TYPE,
        how: INCIDENT_HOW,
        callsign: `P${incident.priority} ${incident.title}`,
        remarks: incidentRemarks(incident, meta),
        time: incident.reportedAt,
        // Open: as current as a unit report made at the moment exported; resolved: until then.
        stale: ended ?? options.at + options.staleAfterMs,
        lon: incident.lon,
        lat: incident.lat,
      },
      meta,
    );
    const detail = cot.raw.event.detail as Record<string, unknown>;
    detail['color'] = { _attributes: { argb: String(PRIORITY_ARGB[incident.priority] | 0) } };
    events.push(cot);
  }
  return events;
}

/**
 * One event as one line: the serialiser writes no whitespace between elements, so a line break in
 * its output is inside text and may be written as a character reference instead.
 */
export function cotLine(cot: CoTClass): string {
  return cot.to_xml().replace(/\n/g, '&#10;');
}

/** The CoT stream file: one event a line. */
export async function cotFile(state: OperationState, meta: ExportMeta, options: CotOptions): Promise<string> {
  const events = await cotEvents(state, meta, options);
  return events.map((e) => `${cotLine(e)}\n`).join('');
}
