import { EXPORT_KINDS, type ExportKind } from '../../../shared/replay';
import { t } from '../i18n/i18n';

/**
 * What each export is called and what it holds, in the language in use (the `replay` namespace's
 * `exportLabel` and `exportAbout`). File names, extensions and formats (CSV, GeoJSON, KML) are
 * not translated.
 */

/** Google Earth is a product's name: kept as it is in every language and script. */
const GOOGLE_EARTH = 'Google Earth';
/** The TAK family (ATAK, WinTAK, TAK Server), likewise. */
const TAK = 'TAK';

const LABELS: Readonly<Record<ExportKind, () => string>> = {
  'incidents.csv': () => t('replay:exportLabel.incidentsCsv'),
  'incidents.geojson': () => t('replay:exportLabel.incidentsGeojson'),
  'sectors.geojson': () => t('replay:exportLabel.sectorsGeojson'),
  'tracks.geojson': () => t('replay:exportLabel.tracksGeojson'),
  'tracks.gpx': () => t('replay:exportLabel.tracksGpx'),
  'operation.kml': () => t('replay:exportLabel.operationKml'),
  'picture.cot': () => t('replay:exportLabel.pictureCot'),
  'bookmarks.csv': () => t('replay:exportLabel.bookmarksCsv'),
  'report.html': () => t('replay:exportLabel.reportHtml'),
  'archive.sqlite': () => t('replay:exportLabel.archiveSqlite'),
  'annotations.geojson': () => t('replay:exportLabel.annotationsGeojson'),
};

const DESCRIPTIONS: Readonly<Record<ExportKind, () => string>> = {
  'incidents.csv': () => t('replay:exportAbout.incidentsCsv'),
  'incidents.geojson': () => t('replay:exportAbout.incidentsGeojson'),
  'sectors.geojson': () => t('replay:exportAbout.sectorsGeojson'),
  'tracks.geojson': () => t('replay:exportAbout.tracksGeojson'),
  'tracks.gpx': () => t('replay:exportAbout.tracksGpx'),
  'operation.kml': () => t('replay:exportAbout.operationKml', { app: GOOGLE_EARTH }),
  'picture.cot': () => t('replay:exportAbout.pictureCot', { app: TAK }),
  'bookmarks.csv': () => t('replay:exportAbout.bookmarksCsv'),
  'report.html': () => t('replay:exportAbout.reportHtml'),
  'archive.sqlite': () => t('replay:exportAbout.archiveSqlite'),
  'annotations.geojson': () => t('replay:exportAbout.annotationsGeojson'),
};

/** What an export is called on its button and in the command palette: "Incidents (CSV)". */
export function exportLabel(kind: ExportKind): string {
  return LABELS[kind]();
}

/** What an export holds, for the button's hover text and the palette. */
export function exportDescription(kind: ExportKind): string {
  return DESCRIPTIONS[kind]();
}

/** A record whose values are translated each time they are read, so they follow a language switch. */
function translatedRecord(
  source: Readonly<Record<ExportKind, () => string>>,
): Readonly<Record<ExportKind, string>> {
  const out = {} as Record<ExportKind, string>;
  for (const kind of EXPORT_KINDS) Object.defineProperty(out, kind, { enumerable: true, get: source[kind] });
  return out;
}

/** What each export is called, read in the language in use (prefer `exportLabel(kind)`). */
export const EXPORT_LABELS: Readonly<Record<ExportKind, string>> = translatedRecord(LABELS);

/** What each export holds, read in the language in use (prefer `exportDescription(kind)`). */
export const EXPORT_DESCRIPTIONS: Readonly<Record<ExportKind, string>> = translatedRecord(DESCRIPTIONS);
