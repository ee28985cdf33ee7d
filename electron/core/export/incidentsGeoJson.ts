import type { Point } from 'geojson';
import type { OperationState } from '../../../shared/state';
import { incidentRecord, incidentsInReportOrder, type IncidentRecord } from './incidentRecord';
import { exportMetaJson } from './labels';
import type { ExportMeta } from './types';
import type { WatchfloorCollection } from './watchfloorCollection';

/**
 * The incidents as GeoJSON Points in report order, for GIS tools (QGIS, kepler.gl). Properties are
 * the same flat record as the CSV's, times as ISO strings; each feature repeats the operation id
 * and mode because GIS tools keep feature properties and drop the collection's foreign members.
 */
export function incidentsGeoJson(
  state: OperationState,
  meta: ExportMeta,
): WatchfloorCollection<Point, IncidentRecord> {
  return {
    type: 'FeatureCollection',
    watchfloor: exportMetaJson(meta),
    features: incidentsInReportOrder(state).map((incident) => ({
      type: 'Feature',
      id: incident.incidentId,
      geometry: { type: 'Point', coordinates: [incident.lon, incident.lat] },
      properties: incidentRecord(state, incident, meta),
    })),
  };
}
