import { sendArgSchemas, type PushAck, type Pushes } from '../../shared/ipc';
import type { PictureDelta } from '../../shared/pictureDelta';
import type { PositionFrame } from '../../shared/positionFrame';
import { describeZodError } from '../../shared/protocol/parseEvent';
import { isTrustedSender, type SenderFrame } from './senderCheck';

/** A page that has not answered a push in this long no longer holds the window (as in the browser host). */
export const PUSH_ACK_TIMEOUT_MS = 5_000;

/** Refused answers logged one by one; after that, one line in this many (a page stuck in a loop). */
const LOGGED_REFUSALS = 10;
const REFUSALS_PER_LINE = 1_000;

type Kind = PushAck['kind'];
const CHANNEL: Record<Kind, 'positions:frame' | 'state:delta'> = {
  frame: 'positions:frame',
  delta: 'state:delta',
};

interface InFlight {
  n: number;
  payload: Pushes['positions:frame'] | Pushes['state:delta'];
  done: () => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface PushAcksOptions {
  /** Sends a push to the page with its number (webContents.send with the number after the payload). */
  send: (channel: 'positions:frame' | 'state:delta', payload: unknown, n: number) => void;
  /** A line for the log: an answer refused. */
  log: (line: string) => void;
  timeoutMs?: number;
}

/**
 * The desktop app's side of the send windows (electron/core/sendWindow.ts) over Electron IPC: each
 * frame and delta goes out numbered, and its window is told `done` when the page answers that
 * number on `push:ack` (from our own top frame, in the contract's form), or after
 * {@link PUSH_ACK_TIMEOUT_MS}, so that a busy or hidden page is sent one frame and one delta at a
 * time, the newest waiting behind them, and a page that never answers does not stop the picture.
 */
export class PushAcks {
  /** Numbers go on across subscriptions, so a late answer to an old one never frees a new one. */
  private last = 0;
  private readonly inFlight = new Map<Kind, InFlight>();
  private refusals = 0;
  private readonly timeoutMs: number;

  constructor(private readonly options: PushAcksOptions) {
    this.timeoutMs = options.timeoutMs ?? PUSH_ACK_TIMEOUT_MS;
  }

  /** HostContract.subscribe's `sendFrame`. */
  readonly sendFrame = (frame: PositionFrame, done: () => void): void => this.send('frame', frame, done);

  /** HostContract.subscribe's `sendDelta`. */
  readonly sendDelta = (delta: PictureDelta, done: () => void): void => this.send('delta', delta, done);

  /** The number of the push of this kind waiting for its answer (null: none). */
  inFlightNumber(kind: Kind): number | null {
    return this.inFlight.get(kind)?.n ?? null;
  }

  /**
   * An answer on `push:ack`. Refused (and logged) unless it came from our own page in its top frame
   * and has the contract's form; an answer to a number no longer in flight (late, after the
   * timeout, or a second listener's) changes nothing.
   */
  ack(frame: SenderFrame | null | undefined, arg: unknown): void {
    if (!isTrustedSender(frame)) return this.refuse('not the Watchfloor page');
    const parsed = sendArgSchemas['push:ack'].safeParse(arg);
    if (!parsed.success) return this.refuse(describeZodError(parsed.error));
    const { kind, n } = parsed.data;
    if (this.inFlight.get(kind)?.n === n) this.release(kind);
  }

  /**
   * The page (re)loaded: what was in flight may have gone to the page before, or before its
   * listeners were there. The frame goes again under a new number (it may carry the unit table the
   * next ones rely on); the delta's window is freed (a new page loads the whole picture first).
   */
  pageLoaded(): void {
    const frame = this.inFlight.get('frame');
    if (frame) {
      clearTimeout(frame.timer);
      this.inFlight.delete('frame');
      this.send('frame', frame.payload, frame.done);
    }
    if (this.inFlight.has('delta')) this.release('delta');
  }

  /** Forgets what is in flight without answering it (its windows are gone with their subscription). */
  forget(): void {
    for (const entry of this.inFlight.values()) clearTimeout(entry.timer);
    this.inFlight.clear();
  }

  private send(kind: Kind, payload: InFlight['payload'], done: () => void): void {
    const previous = this.inFlight.get(kind);
    if (previous) clearTimeout(previous.timer);
    const n = ++this.last;
    const timer = setTimeout(() => {
      if (this.inFlight.get(kind)?.n === n) this.release(kind);
    }, this.timeoutMs);
    this.inFlight.set(kind, { n, payload, done, timer });
    this.options.send(CHANNEL[kind], payload, n);
  }

  private release(kind: Kind): void {
    const entry = this.inFlight.get(kind);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.inFlight.delete(kind);
    entry.done();
  }

  private refuse(reason: string): undefined {
    this.refusals++;
    if (this.refusals <= LOGGED_REFUSALS || this.refusals % REFUSALS_PER_LINE === 0)
      this.options.log(`push:ack refused (${this.refusals} so far): ${reason}`);
    return undefined;
  }
}
