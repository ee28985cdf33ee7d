import { gpx, kml } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import {
  checkOverlayCollection,
  OVERLAY_LIMITS,
  overlayFormatOf,
  OverlayRefusal,
  overlayText,
  type OverlayCollection,
  type OverlayFormat,
} from '../../../shared/overlay';

/**
 * A file opened as an overlay, turned into checked GeoJSON in the page. Why here and not in the
 * core: the page has the browser's own XML parser (DOMParser), the core has no XML DOM among its
 * dependencies, and a hostile file parsed here can at worst slow this page, never the core's
 * event loop that stores the feed for every window. The core checks the result again
 * (shared/overlay.ts) before it keeps it.
 */

/** Parses XML text; throws, or returns a document, for text that is not well-formed. */
export type ParseXml = (text: string) => Document;

/** An overlay ready to be kept: its name (the file's), format and checked features. */
export interface ConvertedOverlay {
  name: string;
  format: OverlayFormat;
  collection: OverlayCollection;
}

/** The browser's parser: a document with a parsererror element is text that is not XML. */
export const browserParseXml: ParseXml = (text) => {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new OverlayRefusal('notXml');
  return doc;
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** The format by the file's first bytes, when its name says nothing. */
function sniff(bytes: Uint8Array): OverlayFormat | null {
  if (isZip(bytes)) return 'kmz';
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 2048))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('{')) return 'geojson';
  if (/<gpx[\s>]/.test(head)) return 'gpx';
  if (/<kml[\s>]/.test(head)) return 'kml';
  return null;
}

/** The KML inside a KMZ: `doc.kml` by convention, else the first .kml at the top, else any. */
function kmlOfKmz(bytes: Uint8Array): Uint8Array {
  let files: Record<string, Uint8Array>;
  let declared = 0;
  try {
    files = unzipSync(bytes, {
      // Only the .kml files are inflated, and only while the sizes the zip declares stay under the
      // cap: a zip bomb is refused before it is inflated (fflate inflates into a buffer of the
      // declared size, so a lie about it cannot grow past it).
      filter: (file) => {
        if (!/\.kml$/i.test(file.name) || file.name.includes('__MACOSX')) return false;
        declared += file.originalSize;
        if (declared > OVERLAY_LIMITS.maxBytes) throw new OverlayRefusal('tooBig', file.name);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof OverlayRefusal) throw error;
    throw new OverlayRefusal('badZip', error instanceof Error ? error.message : String(error));
  }
  const names = Object.keys(files).sort(
    (a, b) =>
      Number(!/(^|\/)doc\.kml$/i.test(a)) - Number(!/(^|\/)doc\.kml$/i.test(b)) ||
      a.split('/').length - b.split('/').length,
  );
  const first = names[0];
  if (first === undefined) throw new OverlayRefusal('noKmlInZip');
  return files[first]!;
}

function xmlText(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  // A KML or GPX file never needs a document type, and one is how an XML entity bomb ("billion
  // laughs") or an external entity gets in: refused before any parser sees it.
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new OverlayRefusal('entities');
  if (text.trim() === '') throw new OverlayRefusal('empty');
  return text;
}

function parse(text: string, parseXml: ParseXml): Document {
  let doc: Document;
  try {
    doc = parseXml(text);
  } catch (error) {
    if (error instanceof OverlayRefusal) throw error;
    throw new OverlayRefusal('notXml', error instanceof Error ? error.message : String(error));
  }
  if (!doc.documentElement) throw new OverlayRefusal('notXml');
  return doc;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * togeojson skips a position it cannot read (`NaN,45.3`, `20.1,north`) and draws the rest, which
 * would show a partner's line or area with a corner silently missing: such a file is refused
 * instead. One pass over the coordinate text of a KML, the lat/lon attributes of a GPX.
 */
function checkPositions(doc: Document, root: string): void {
  const bad = (detail: string): never => {
    throw new OverlayRefusal('badCoordinates', detail.slice(0, 80));
  };
  if (root === 'kml') {
    for (const element of Array.from(doc.getElementsByTagName('coordinates'))) {
      const text = (element.textContent ?? '').replace(/\s*,\s*/g, ',').trim();
      if (text === '') continue;
      for (const tuple of text.split(/\s+/)) {
        const parts = tuple.split(',');
        if (parts.length < 2 || parts.length > 3 || !parts.every((p) => NUMBER.test(p))) bad(tuple);
      }
    }
  } else {
    for (const tag of ['wpt', 'trkpt', 'rtept'])
      for (const element of Array.from(doc.getElementsByTagName(tag)))
        for (const attribute of ['lat', 'lon']) {
          const value = (element.getAttribute(attribute) ?? '').trim();
          if (!NUMBER.test(value)) bad(`${attribute}="${value}"`);
        }
  }
}

/** The root element's name without a prefix (`kml`, `gpx`). */
function rootName(doc: Document): string {
  const root = doc.documentElement;
  return (root.localName || root.nodeName).replace(/^.*:/, '').toLowerCase();
}

/**
 * Converts a file's bytes into an overlay: KML, KMZ (its KML), GPX or GeoJSON, by the file's
 * extension or, without one, by its first bytes. Throws an {@link OverlayRefusal} saying why a
 * file is refused: empty, too big, not XML, an XML document type, no KML in a zip, nothing with a
 * position, coordinates that are not numbers, more than the caps allow.
 */
export function convertOverlayFile(
  fileName: string,
  bytes: Uint8Array,
  parseXml: ParseXml,
): ConvertedOverlay {
  if (bytes.length === 0) throw new OverlayRefusal('empty');
  if (bytes.length > OVERLAY_LIMITS.maxBytes) throw new OverlayRefusal('tooBig', `${bytes.length} bytes`);
  const format = overlayFormatOf(fileName) ?? sniff(bytes);
  if (!format) throw new OverlayRefusal('unknownFormat');
  const name =
    overlayText(fileName.replace(/^.*[/\\]/, ''), OVERLAY_LIMITS.maxNameLength) ?? format.toUpperCase();
  let converted: unknown;
  if (format === 'geojson') {
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    if (text.trim() === '') throw new OverlayRefusal('empty');
    try {
      converted = JSON.parse(text);
    } catch (error) {
      throw new OverlayRefusal('notGeoJson', error instanceof Error ? error.message : String(error));
    }
  } else {
    const xml = format === 'kmz' ? kmlOfKmz(bytes) : bytes;
    const doc = parse(xmlText(xml), parseXml);
    const root = rootName(doc);
    // A file named .kml that is really GPX (or the other way round) is read as what it is.
    if (root !== 'gpx' && root !== 'kml')
      throw new OverlayRefusal(format === 'gpx' ? 'notGpx' : 'notKml', root.slice(0, 40));
    checkPositions(doc, root);
    converted = root === 'gpx' ? gpx(doc) : kml(doc);
  }
  return { name, format, collection: checkOverlayCollection(converted) };
}
