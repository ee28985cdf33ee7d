import { batched } from './batched';
import { exportDescription, exportTitle, isoTime, itemPrefix, modeLabel } from './labels';
import { validTrackPoints } from './trackPoints';
import type { ExportMeta, UnitTrack } from './types';
import { xmlDecimal } from './xmlDecimal';
import { xmlText } from './xmlText';

/** The XML declaration and root element of a GPX 1.1 file. */
const GPX_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<gpx version="1.1" creator="Watchfloor" xmlns="http://www.topografix.com/GPX/1/1" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">\n';

function* gpxParts(tracks: Iterable<UnitTrack>, meta: ExportMeta): Generator<string> {
  yield GPX_OPEN;
  // Element order as the GPX 1.1 schema's sequences require (metadata: name, desc, time, keywords).
  yield `<metadata><name>${xmlText(exportTitle(meta))}</name><desc>${xmlText(exportDescription(meta))}</desc>`;
  yield `<time>${isoTime(meta.exportedAt)}</time><keywords>Watchfloor, ${xmlText(modeLabel(meta.mode))}</keywords></metadata>\n`;
  const prefix = itemPrefix(meta);
  for (const { unit, points } of tracks) {
    let open = false;
    for (const p of validTrackPoints(points)) {
      if (!open) {
        open = true;
        const desc = `${unit.agency}, ${unit.organisation}, ${unit.country}, ${unit.kind} (${unit.unitId})`;
        yield `<trk><name>${xmlText(prefix + unit.callsign)}</name><desc>${xmlText(desc)}</desc>`;
        yield `<type>${xmlText(unit.kind)}</type><trkseg>\n`;
      }
      yield `<trkpt lat="${xmlDecimal(p.lat)}" lon="${xmlDecimal(p.lon)}"><time>${isoTime(p.ts)}</time></trkpt>\n`;
    }
    if (open) yield '</trkseg></trk>\n';
  }
  yield '</gpx>\n';
}

/**
 * Unit tracks as GPX 1.1, streamed, for tools that read tracks but not GeoJSON (GPS software,
 * Garmin BaseCamp, most GIS): one <trk> with one <trkseg> per unit that has points. The name and
 * description say the mode, and when it is not live every track's name starts with it too.
 */
export function tracksGpxChunks(tracks: Iterable<UnitTrack>, meta: ExportMeta): Generator<string> {
  return batched(gpxParts(tracks, meta));
}
