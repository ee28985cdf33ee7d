import type { Position } from 'geojson';
import { AGENCIES, IMPACT_LEVELS, INCIDENT_PRIORITIES } from '../../../shared/domain';
import type { OperationState, Unit } from '../../../shared/state';
import { batched } from './batched';
import { INCIDENT_COLUMNS, incidentRecord, incidentsInReportOrder, type Cell } from './incidentRecord';
import { exportDescription, exportTitle, isoTime, itemPrefix } from './labels';
import { rfc7946Rings } from './polygonRings';
import { sectorRecord, sectorsInIdOrder } from './sectorsGeoJson';
import { unitTrackProperties } from './tracksGeoJsonChunks';
import { Float64List, validTrackPoints } from './trackPoints';
import type { ExportMeta, UnitTrack } from './types';
import { xmlDecimal } from './xmlDecimal';
import { xmlText } from './xmlText';

/**
 * The colours of renderer/src/map/colors.ts (electron/core may not import the renderer), so that
 * Google Earth shows a sector or an incident in the colour the operations room knew it by.
 */
const PRIORITY_COLORS = { 1: '#ff3b30', 2: '#ff9500', 3: '#ffd60a', 4: '#8e8e93' } as const;
const IMPACT_COLORS = { low: '#3fa34d', medium: '#e0b000', high: '#e8590c', critical: '#d6336c' } as const;
const AGENCY_COLORS = {
  border_police: '#4dabf7',
  customs: '#ffd43b',
  police: '#748ffc',
  joint_patrol: '#63e6be',
  liaison: '#f783ac',
} as const;

/** The icon of incident placemarks: a plain circle that takes the style's colour. */
const INCIDENT_ICON = 'https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png';

/** Points per track placemark: a longer track is split into parts so the writer's buffer stays bounded. */
export const KML_TRACK_PART_POINTS = 200_000;

/** `#rrggbb` as KML's aabbggrr, with `alpha` 0–255. */
export function kmlColor(hex: string, alpha = 255): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const a = alpha.toString(16).padStart(2, '0');
  return `${a}${match[3]}${match[2]}${match[1]}`.toLowerCase();
}

/**
 * A placemark description. Google Earth renders it as HTML, so untrusted text is escaped twice:
 * once as HTML, so that a title "<script>" shows as text in the balloon, then as XML for the file.
 */
export function kmlDescription(fields: readonly (readonly [string, Cell])[]): string {
  const html = fields
    .filter(([, value]) => value !== null && value !== '')
    .map(
      ([label, value]) =>
        `<b>${xmlText(label)}:</b> ${xmlText(String(value)).replace(/&#13;\n?|\n/g, '<br/>')}`,
    )
    .join('<br/>');
  return `<description>${xmlText(html)}</description>`;
}

function extendedData(fields: readonly (readonly [string, Cell])[]): string {
  const data = fields
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `<Data name="${xmlText(name)}"><value>${xmlText(String(value))}</value></Data>`)
    .join('');
  return `<ExtendedData>${data}</ExtendedData>`;
}

function styles(): string {
  const parts: string[] = [];
  for (const p of INCIDENT_PRIORITIES) {
    parts.push(
      `<Style id="incident-p${p}"><IconStyle><color>${kmlColor(PRIORITY_COLORS[p])}</color>` +
        `<scale>${p <= 2 ? '1.2' : '0.9'}</scale><Icon><href>${INCIDENT_ICON}</href></Icon></IconStyle></Style>`,
    );
  }
  for (const level of IMPACT_LEVELS) {
    const hex = IMPACT_COLORS[level];
    parts.push(
      `<Style id="sector-${level}"><LineStyle><color>${kmlColor(hex)}</color><width>2</width></LineStyle>` +
        `<PolyStyle><color>${kmlColor(hex, 0x55)}</color></PolyStyle></Style>`,
    );
  }
  for (const agency of AGENCIES) {
    parts.push(
      `<Style id="track-${agency}"><LineStyle><color>${kmlColor(AGENCY_COLORS[agency])}</color>` +
        `<width>2</width></LineStyle></Style>`,
    );
  }
  return parts.join('\n') + '\n';
}

function* incidentPlacemarks(state: OperationState, meta: ExportMeta): Generator<string> {
  const incidents = incidentsInReportOrder(state);
  yield `<Folder><name>Incidents (${incidents.length})</name>\n`;
  const prefix = itemPrefix(meta);
  for (const incident of incidents) {
    const record = incidentRecord(state, incident, meta);
    const fields = INCIDENT_COLUMNS.map((c) => [c, record[c]] as const);
    yield (
      `<Placemark><name>${xmlText(`${prefix}P${incident.priority} ${incident.title}`)}</name>` +
      kmlDescription(fields) +
      `<TimeStamp><when>${isoTime(incident.reportedAt)}</when></TimeStamp>` +
      `<styleUrl>#incident-p${incident.priority}</styleUrl>` +
      extendedData([
        ['incidentId', record.incidentId],
        ['mode', record.mode],
        ['category', record.category],
        ['priority', record.priority],
        ['status', record.status],
      ]) +
      `<Point><coordinates>${xmlDecimal(incident.lon)},${xmlDecimal(incident.lat)}</coordinates></Point>` +
      '</Placemark>\n'
    );
  }
  yield '</Folder>\n';
}

function ringCoordinates(ring: readonly Position[]): string {
  return `<LinearRing><coordinates>${ring.map((p) => `${xmlDecimal(p[0]!)},${xmlDecimal(p[1]!)}`).join(' ')}</coordinates></LinearRing>`;
}

function* sectorPlacemarks(state: OperationState, meta: ExportMeta): Generator<string> {
  const sectors = sectorsInIdOrder(state);
  yield `<Folder><name>Sectors (${sectors.length})</name>\n`;
  const prefix = itemPrefix(meta);
  for (const sector of sectors) {
    const record = sectorRecord(sector, meta);
    const fields: [string, Cell][] = Object.entries(record);
    const rings = rfc7946Rings(sector.corridor);
    // KML wants outer rings counter-clockwise too; inner ones each in their own innerBoundaryIs.
    const polygon =
      rings === null
        ? ''
        : `<Polygon><tessellate>1</tessellate><outerBoundaryIs>${ringCoordinates(rings[0]!)}</outerBoundaryIs>` +
          rings
            .slice(1)
            .map((r) => `<innerBoundaryIs>${ringCoordinates(r)}</innerBoundaryIs>`)
            .join('') +
          '</Polygon>';
    yield (
      `<Placemark><name>${xmlText(`${prefix}${sector.name} (${sector.impactLevel})`)}</name>` +
      kmlDescription(fields) +
      `<styleUrl>#sector-${sector.impactLevel}</styleUrl>` +
      extendedData([
        ['sectorId', record.sectorId],
        ['mode', record.mode],
        ['impactLevel', record.impactLevel],
      ]) +
      polygon +
      '</Placemark>\n'
    );
  }
  yield '</Folder>\n';
}

/** One track placemark from the buffered part: TimeSpan first, as the schema orders it, then the line. */
function* trackPlacemark(
  unit: Unit,
  meta: ExportMeta,
  part: number | null,
  lons: Float64List,
  lats: Float64List,
  beginAt: number,
  endAt: number,
): Generator<string> {
  const properties = unitTrackProperties(unit, meta);
  const name = `${itemPrefix(meta)}${unit.callsign}${part === null ? '' : ` (part ${part})`}`;
  const fields: [string, Cell][] = [...Object.entries(properties), ['pointCount', lons.length]];
  const single = lons.length === 1;
  const time = single
    ? `<TimeStamp><when>${isoTime(beginAt)}</when></TimeStamp>`
    : `<TimeSpan><begin>${isoTime(beginAt)}</begin><end>${isoTime(endAt)}</end></TimeSpan>`;
  yield (
    `<Placemark><name>${xmlText(name)}</name>` +
    kmlDescription(fields) +
    time +
    `<styleUrl>#track-${unit.agency}</styleUrl>` +
    extendedData([
      ['unitId', unit.unitId],
      ['mode', properties.mode],
      ['callsign', unit.callsign],
    ])
  );
  yield single ? '<Point><coordinates>' : '<LineString><tessellate>1</tessellate><coordinates>';
  for (let i = 0; i < lons.length; i++) {
    yield `${i === 0 ? '' : ' '}${xmlDecimal(lons.at(i))},${xmlDecimal(lats.at(i))}`;
  }
  yield single ? '</coordinates></Point></Placemark>\n' : '</coordinates></LineString></Placemark>\n';
}

/**
 * A unit's placemarks. TimeSpan must precede the geometry, and its end is only known once the
 * track has been read, so positions are held back (16 bytes a point) — at most
 * {@link KML_TRACK_PART_POINTS} of them: a longer track becomes consecutive parts that share their
 * joining point, so the line stays unbroken.
 */
function* unitTrackPlacemarks(track: UnitTrack, meta: ExportMeta, partPoints: number): Generator<string> {
  const lons = new Float64List();
  const lats = new Float64List();
  let beginAt = 0;
  let endAt = 0;
  let part = 1;
  for (const p of validTrackPoints(track.points)) {
    if (lons.length === partPoints) {
      yield* trackPlacemark(track.unit, meta, part++, lons, lats, beginAt, endAt);
      const lon = lons.at(lons.length - 1);
      const lat = lats.at(lats.length - 1);
      lons.clear();
      lats.clear();
      lons.push(lon);
      lats.push(lat);
      beginAt = endAt;
    }
    if (lons.length === 0) beginAt = p.ts;
    lons.push(p.lon);
    lats.push(p.lat);
    endAt = p.ts;
  }
  if (lons.length > 0)
    yield* trackPlacemark(track.unit, meta, part > 1 ? part : null, lons, lats, beginAt, endAt);
}

function* kmlParts(
  state: OperationState,
  tracks: Iterable<UnitTrack>,
  meta: ExportMeta,
  partPoints: number,
): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>';
  yield `<name>${xmlText(exportTitle(meta))}</name><open>1</open>`;
  yield `${kmlDescription([['About', exportDescription(meta)]])}\n`;
  yield styles();
  yield* incidentPlacemarks(state, meta);
  yield* sectorPlacemarks(state, meta);
  yield '<Folder><name>Unit tracks</name>\n';
  for (const track of tracks) yield* unitTrackPlacemarks(track, meta, partPoints);
  yield '</Folder>\n</Document>\n</kml>\n';
}

/**
 * The operation for Google Earth (KML 2.2), streamed: a folder of incidents as Points with the
 * time they were reported, a folder of sector corridors coloured by impact level, and a folder of
 * unit tracks as LineStrings with their TimeSpan, so the time slider replays the operation. The
 * document's name says the mode, and when it is not live every placemark's name does too.
 * `partPoints` is for tests.
 */
export function kmlChunks(
  state: OperationState,
  tracks: Iterable<UnitTrack>,
  meta: ExportMeta,
  partPoints = KML_TRACK_PART_POINTS,
): Generator<string> {
  if (!(partPoints >= 2)) throw new RangeError(`partPoints must be at least 2: ${partPoints}`);
  return batched(kmlParts(state, tracks, meta, partPoints));
}
