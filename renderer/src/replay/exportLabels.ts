import type { ExportKind } from '../../../shared/replay';

/** What each export is called on its button and in the command palette. */
export const EXPORT_LABELS: Readonly<Record<ExportKind, string>> = {
  'incidents.csv': 'Incidents (CSV)',
  'incidents.geojson': 'Incidents (GeoJSON)',
  'sectors.geojson': 'Sectors (GeoJSON)',
  'tracks.geojson': 'Tracks (GeoJSON)',
  'tracks.gpx': 'Tracks (GPX)',
  'operation.kml': 'All three (KML)',
  'bookmarks.csv': 'Bookmarks (CSV)',
  'report.html': 'Report (HTML)',
  'archive.sqlite': 'Archive (.sqlite)',
};

/** What each export holds, for the button's hover text and the palette. */
export const EXPORT_DESCRIPTIONS: Readonly<Record<ExportKind, string>> = {
  'incidents.csv': 'Every incident with its lifecycle times and results, one row each (UTC ISO 8601)',
  'incidents.geojson': 'Incidents as GeoJSON points with their properties',
  'sectors.geojson': 'Border sectors: lines and corridors with their impact levels',
  'tracks.geojson': 'Unit tracks as GeoJSON lines',
  'tracks.gpx': 'Unit tracks as GPX, one track per unit',
  'operation.kml': 'Incidents, unit tracks and sectors in one KML file for Google Earth',
  'bookmarks.csv': 'The bookmarks of the operation, shared and local',
  'report.html': 'The after-action report as one self-contained HTML page (open it to print)',
  'archive.sqlite': 'The whole operation as one SQLite archive, to replay on another machine',
};
