/**
 * Cuts the byte stream of a TAK server into single `<event>` documents. A TAK server's streaming
 * port sends events back to back, with no delimiter and no root element, cut into TCP segments
 * anywhere (inside a tag, inside a UTF-8 character). The splitter holds at most one unfinished
 * event: an event longer than `maxEventChars` is dropped and the stream resynchronised at the next
 * `<event`, and text between events (XML declarations aside) is discarded and counted, so neither a
 * broken nor a hostile server can make it hold more than about `maxEventChars` plus one chunk.
 */

/** Why part of the stream was dropped. */
export type SplitDrop = 'oversized' | 'junk';

export interface SplitterLimits {
  /** The longest event kept, in characters (a TAK position report is under 2,000). */
  maxEventChars: number;
}

export const DEFAULT_SPLITTER_LIMITS: SplitterLimits = { maxEventChars: 64 * 1024 };

const START = '<event';
const END = '</event>';

export class CotSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  /** Text not yet cut: starts at an `<event` when inEvent, otherwise possibly the start of one. */
  private buffer = '';
  /** Inside an event being dropped for its size: skip to its end (or the next start). */
  private skipping = false;

  constructor(
    private readonly onEvent: (xml: string) => void,
    private readonly onDrop: (reason: SplitDrop, chars: number) => void,
    private readonly limits: SplitterLimits = DEFAULT_SPLITTER_LIMITS,
  ) {}

  /** Characters held now (for tests and diagnostics). */
  get held(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.drain();
  }

  private drain(): void {
    for (;;) {
      if (this.skipping) {
        const end = this.buffer.indexOf(END);
        const next = nextStart(this.buffer, 1);
        if (end === -1 && next === -1) {
          // Keep only what could be the beginning of either marker.
          this.buffer = this.buffer.slice(-(END.length - 1));
          return;
        }
        this.skipping = false;
        this.buffer =
          end !== -1 && (next === -1 || end < next)
            ? this.buffer.slice(end + END.length)
            : this.buffer.slice(next);
        continue;
      }
      const start = nextStart(this.buffer, 0);
      if (start === -1) {
        // No event begins here: what cannot be the start of "<event" is junk.
        const keep = partialStartLength(this.buffer);
        this.junk(this.buffer.slice(0, this.buffer.length - keep));
        this.buffer = this.buffer.slice(this.buffer.length - keep);
        return;
      }
      if (start > 0) {
        this.junk(this.buffer.slice(0, start));
        this.buffer = this.buffer.slice(start);
      }
      const end = eventEnd(this.buffer);
      if (end === -1) {
        if (this.buffer.length > this.limits.maxEventChars) {
          this.onDrop('oversized', this.buffer.length);
          this.skipping = true;
          this.buffer = this.buffer.slice(START.length);
          continue;
        }
        return;
      }
      const xml = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      if (xml.length > this.limits.maxEventChars) this.onDrop('oversized', xml.length);
      else this.onEvent(xml);
    }
  }

  /** Text between events: whitespace and XML declarations are normal, anything else is counted. */
  private junk(text: string): void {
    const rest = text.replace(/<\?xml[^>]*\?>/g, '').trim();
    if (rest !== '') this.onDrop('junk', rest.length);
  }
}

/** The index of the next `<event` followed by a tag delimiter, from `from`; -1 if none. */
function nextStart(text: string, from: number): number {
  let i = text.indexOf(START, from);
  while (i !== -1) {
    const after = text[i + START.length];
    if (after === undefined) return i; // may be "<event" cut by the chunk: decided on the next push
    if (after === '>' || after === '/' || /\s/.test(after)) return i;
    i = text.indexOf(START, i + 1);
  }
  return -1;
}

/** How many characters at the end of `text` could begin "<event". */
function partialStartLength(text: string): number {
  for (let n = Math.min(START.length - 1, text.length); n > 0; n--)
    if (START.startsWith(text.slice(text.length - n))) return n;
  return 0;
}

/**
 * The end (exclusive) of the event that starts `text`, or -1 while it is incomplete: after `/>` of
 * a self-closing start tag (attribute values may hold `>`), otherwise after the first `</event>`.
 * CoT events do not nest.
 */
function eventEnd(text: string): number {
  let quote: string | null = null;
  for (let i = START.length; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') {
      if (text[i - 1] === '/') return i + 1;
      const close = text.indexOf(END, i + 1);
      return close === -1 ? -1 : close + END.length;
    }
  }
  return -1;
}
