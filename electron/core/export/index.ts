/**
 * Data export for the after-action review: CSV for spreadsheets, GeoJSON for GIS, GPX and KML for
 * track and map tools. Plain Node, no Electron, so Core, the browser host and tests call it alike.
 */
export { annotationsGeoJson, type AnnotationRecord } from './annotationsGeoJson';
export { bookmarksCsv, BOOKMARK_COLUMNS } from './bookmarksCsv';
export { collectChunks } from './collectChunks';
export { cotFile } from './cotEvents';
export { csvCell } from './csvCell';
export { INCIDENT_COLUMNS, type IncidentRecord } from './incidentRecord';
export { CSV_BOM, incidentsCsv } from './incidentsCsv';
export { incidentsGeoJson } from './incidentsGeoJson';
export { kmlChunks } from './kmlChunks';
export { exportMetaOf, isoTime, modeLabel } from './labels';
export { sectorsGeoJson, type SectorRecord } from './sectorsGeoJson';
export { tracksGeoJsonChunks } from './tracksGeoJsonChunks';
export { tracksGpxChunks } from './tracksGpxChunks';
export type { ExportBookmark, ExportMeta, TrackPoint, UnitTrack } from './types';
export type { WatchfloorCollection } from './watchfloorCollection';
export { writeChunks } from './writeChunks';
export { xmlText } from './xmlText';
