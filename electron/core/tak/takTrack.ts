import { displayText } from '../../../shared/displayText';
import type { TakTrack } from '../../../shared/tak';
import type CoT from '@tak-ps/node-cot';

/**
 * One CoT event from a TAK server as a track of the TAK layer, parsed by `@tak-ps/node-cot` and
 * then checked here: the library checks the event's shape against its schema, not that a position
 * is on the globe, that times are times or that text is of a sane length. Everything from the
 * server is untrusted.
 */

/** Why an event was refused (the count per reason is shown in diagnostics). */
export type TakRefusal = 'oversized' | 'junk' | 'not_xml' | 'invalid' | 'stale' | 'control';

const MAX_TEXT = 200;
const MAX_REMARKS = 2_000;
/** C0 controls but tab, LF and CR; DEL and the C1 controls. */
const CONTROLS = /[^\P{Cc}\t\n\r]/gu;

/** Text from the server as it may be stored and shown: bidi controls neutralised, controls dropped, bounded. */
function text(value: unknown, max: number): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return displayText(String(value).replace(CONTROLS, '')).slice(0, max);
}

function time(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The track of an event, or why it was refused. Server pings and other tasking (`t-` types) carry
 * no position of anything: "control". An event already stale when it arrives is "stale".
 */
export function parseTakEvent(
  library: typeof CoT,
  xml: string,
  receivedAt: number,
): { track: TakTrack } | { refused: TakRefusal; detail: string } {
  let cot: CoT;
  try {
    cot = new library(xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      refused: /character|tag|entity|root|closed|attribute|xml/i.test(message) ? 'not_xml' : 'invalid',
      detail: message.slice(0, 200),
    };
  }
  const attributes = cot.raw.event._attributes;
  const type = text(attributes.type, 64);
  if (type.startsWith('t-')) return { refused: 'control', detail: type };
  const uid = text(attributes.uid, MAX_TEXT);
  const lat = Number(cot.raw.event.point?._attributes?.lat);
  const lon = Number(cot.raw.event.point?._attributes?.lon);
  const at = time(attributes.time);
  const stale = time(attributes.stale);
  if (uid === '' || !/^[a-z](-[A-Za-z0-9_.]+)*$/.test(type))
    return { refused: 'invalid', detail: `uid or type: ${uid.slice(0, 40)} ${type}` };
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return { refused: 'invalid', detail: `position ${String(lat)}, ${String(lon)}` };
  if (at === null || stale === null) return { refused: 'invalid', detail: 'time or stale is not a time' };
  if (stale <= receivedAt) return { refused: 'stale', detail: `${uid} stale at ${attributes.stale}` };
  const detail = cot.raw.event.detail;
  const remarks = detail?.remarks?._text ?? detail?.remarks?._cdata ?? '';
  return {
    track: {
      uid,
      type,
      how: text(attributes.how, 16),
      callsign: text(detail?.contact?._attributes?.callsign ?? uid, MAX_TEXT),
      remarks: text(remarks, MAX_REMARKS),
      lon,
      lat,
      time: at,
      stale,
      receivedAt,
    },
  };
}
