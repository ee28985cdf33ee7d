import type { FeatureCollection, Geometry } from 'geojson';
import type { ExportMetaJson } from './labels';

/**
 * A GeoJSON FeatureCollection carrying the export's meta as the foreign member `watchfloor`
 * (RFC 7946 section 6.1), so that the file says which operation and mode it is of.
 */
export type WatchfloorCollection<G extends Geometry | null, P> = FeatureCollection<G, P> & {
  watchfloor: ExportMetaJson;
};
