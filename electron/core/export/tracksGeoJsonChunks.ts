import type { Agency, UnitKind } from '../../../shared/domain';
import type { Unit } from '../../../shared/state';
import { batched } from './batched';
import { exportMetaJson, isoTime, modeLabel } from './labels';
import { Float64List, validTrackPoints } from './trackPoints';
import type { ExportMeta, TrackPoint, UnitTrack } from './types';

/** A unit's flat properties in the track exports, before the per-track figures (a type, so it is a record of cells). */
export type UnitTrackProperties = {
  operationId: string;
  mode: string;
  unitId: string;
  callsign: string;
  agency: Agency;
  organisation: string;
  country: string;
  kind: UnitKind;
};

/** See {@link UnitTrackProperties}. */
export function unitTrackProperties(unit: Unit, meta: ExportMeta): UnitTrackProperties {
  return {
    operationId: meta.operationId,
    mode: modeLabel(meta.mode),
    unitId: unit.unitId,
    callsign: unit.callsign,
    agency: unit.agency,
    organisation: unit.organisation,
    country: unit.country,
    kind: unit.kind,
  };
}

const position = (p: TrackPoint): string => `[${p.lon},${p.lat}]`;

/**
 * The parts of one unit's Feature. Coordinates are streamed as they are read; the times, which
 * RFC 7946 has no place for inside a geometry, go to a `times` property (the "coordinateProperties"
 * convention of geojson-vt and kepler.gl trips) that can only be written after the geometry, so they
 * are held back meanwhile as plain numbers (8 bytes a point).
 */
function* trackFeature(track: UnitTrack, meta: ExportMeta): Generator<string> {
  const points = validTrackPoints(track.points);
  const first = points.next();
  if (first.done) return;
  const second = points.next();
  const head = `{"type":"Feature","id":${JSON.stringify(track.unit.unitId)},"geometry":`;
  const times = new Float64List();
  times.push(first.value.ts);
  if (second.done) {
    yield `${head}{"type":"Point","coordinates":${position(first.value)}}`;
  } else {
    yield `${head}{"type":"LineString","coordinates":[${position(first.value)},${position(second.value)}`;
    times.push(second.value.ts);
    for (const p of points) {
      yield `,${position(p)}`;
      times.push(p.ts);
    }
    yield ']}';
  }
  const properties = {
    ...unitTrackProperties(track.unit, meta),
    pointCount: times.length,
    startAt: isoTime(times.at(0)),
    endAt: isoTime(times.at(times.length - 1)),
  };
  yield `,"properties":${JSON.stringify(properties).slice(0, -1)},"times":[`;
  for (let i = 0; i < times.length; i++) yield `${i === 0 ? '' : ','}"${isoTime(times.at(i))}"`;
  yield ']}}';
}

function* tracksGeoJsonParts(tracks: Iterable<UnitTrack>, meta: ExportMeta): Generator<string> {
  yield `{"type":"FeatureCollection","watchfloor":${JSON.stringify(exportMetaJson(meta))},"features":[`;
  let count = 0;
  for (const track of tracks) {
    let started = false;
    for (const part of trackFeature(track, meta)) {
      if (!started) {
        started = true;
        if (count++ > 0) yield ',\n';
        else yield '\n';
      }
      yield part;
    }
  }
  yield '\n]}\n';
}

/**
 * Unit tracks as a GeoJSON FeatureCollection, streamed: one LineString Feature per unit with two
 * or more points, a Point for a unit with one, none for a unit without; unit properties plus a
 * `times` array of ISO strings, one per coordinate. Single pass over each (possibly lazy) track.
 */
export function tracksGeoJsonChunks(tracks: Iterable<UnitTrack>, meta: ExportMeta): Generator<string> {
  return batched(tracksGeoJsonParts(tracks, meta));
}
