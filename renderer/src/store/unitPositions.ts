import { useSyncExternalStore } from 'react';
import {
  decodeFrame,
  positionFrameProblem,
  type DecodedFrame,
  type PositionFrame,
  type UnitTable,
} from '../../../shared/positionFrame';
import { MAX_DRAW_INTERVAL_MS, MAX_GATE_WAIT_MS, mapDrawGate, mapDrawPace, type DrawGate } from './drawPace';

/** Frames go on screen at most this often, and less often when the map's redraws cost more. */
const MIN_APPLY_INTERVAL_MS = 250;

/** What the page's position intake needs from its surroundings (injected in tests). */
export interface UnitPositionsOptions {
  /** Runs `apply` once `delayMs` has passed and the page is about to draw. */
  schedule?: (apply: () => void, delayMs: number) => void;
  now?: () => number;
  /** The least time between two frames on screen. */
  minIntervalMs?: () => number;
  /** Whether the page is shown: a hidden page applies nothing, and the newest frame once shown. */
  visible?: () => boolean;
  log?: (line: string) => void;
  /**
   * A change the officer must see waiting to be drawn: frames wait while it is held (so the map's
   * frame that carries it is a cheap one) and go on when it is released.
   */
  gate?: Pick<DrawGate, 'heldFor' | 'onRelease'>;
}

function drawThen(apply: () => void, delayMs: number): void {
  // Outside a page (tests of the store) there is no drawing to wait for.
  setTimeout(
    () => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(apply) : apply()),
    delayMs,
  );
}

/**
 * The page's side of the position channel. Frames are full pictures, so when the page falls behind
 * (busy redrawing, hidden) it keeps only the newest not yet shown and drops the others: it catches
 * up in one step, never drawing a stale picture after a newer one. Tables are kept as they come,
 * since a frame that was dropped may have been the one that carried a new table. A malformed frame
 * is dropped with its reason logged, whatever sent it.
 */
export class UnitPositions {
  private table: UnitTable | null = null;
  private waiting: PositionFrame | null = null;
  private current: DecodedFrame | null = null;
  private scheduled = false;
  /** Since when the frame waiting has waited for the gate (null: it has not). */
  private gateWaitFrom: number | null = null;
  /** Bumped when a scheduled apply is replaced by an earlier one (the gate opened). */
  private plans = 0;
  private lastAppliedAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<() => void>();
  private readonly schedule: (apply: () => void, delayMs: number) => void;
  private readonly now: () => number;
  private readonly minIntervalMs: () => number;
  private readonly visible: () => boolean;
  private readonly log: (line: string) => void;
  private readonly gate: Pick<DrawGate, 'heldFor' | 'onRelease'>;
  /** Frames replaced by a newer one before they went on screen. */
  dropped = 0;
  /** Frames refused as malformed. */
  refused = 0;

  constructor(options: UnitPositionsOptions = {}) {
    this.schedule = options.schedule ?? drawThen;
    this.now = options.now ?? (() => performance.now());
    this.minIntervalMs = options.minIntervalMs ?? (() => mapDrawPace.interval(MIN_APPLY_INTERVAL_MS));
    this.visible =
      options.visible ?? (() => typeof document === 'undefined' || document.visibilityState !== 'hidden');
    this.log = options.log ?? ((line) => console.warn(line));
    this.gate = options.gate ?? mapDrawGate;
    // The change is drawn: a frame held back for it goes on now, not when its wait would have ended.
    this.gate.onRelease(() => {
      if (!this.scheduled) return;
      this.scheduled = false;
      this.plans++;
      this.plan();
    });
  }

  /** The frame on screen, with its table (null before the first). */
  get shown(): DecodedFrame | null {
    return this.current;
  }

  /**
   * Whether the map will redraw for positions soon: a frame waits to go on screen, or one went on
   * within the position frames' slowest pace (they are flowing, the next one is on its way), and the
   * page is shown.
   */
  get redrawDue(): boolean {
    if (!this.visible()) return false;
    return this.waiting !== null || this.now() - this.lastAppliedAt < MAX_DRAW_INTERVAL_MS;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DecodedFrame | null => this.current;

  /** A frame off the wire. */
  receive(raw: unknown): void {
    const problem = positionFrameProblem(raw);
    if (problem !== null) {
      this.refused++;
      // eslint-disable-next-line i18next/no-literal-string -- a line for the developer console, not the officer
      this.log(`position frame dropped: ${problem}`);
      return;
    }
    const frame = raw as PositionFrame;
    const table = frame.table;
    if (
      table &&
      (!this.table ||
        table.epoch > this.table.epoch ||
        (table.epoch === this.table.epoch && table.version >= this.table.version))
    )
      this.table = table;
    // Older than what is held (a reordering, a reconnect): of no use.
    const newest = this.waiting ?? this.current?.frame;
    if (newest && newest.version >= frame.version) return;
    if (this.waiting) this.dropped++;
    this.waiting = frame;
    this.plan();
  }

  /** The page was shown again: the newest frame goes on screen at once. */
  wake(): void {
    this.plan();
  }

  private plan(): void {
    if (this.scheduled || !this.waiting || !this.visible()) return;
    this.scheduled = true;
    const now = this.now();
    const delay = Math.max(0, this.lastAppliedAt + this.minIntervalMs() - now, this.heldFor(now));
    const plan = ++this.plans;
    this.schedule(() => {
      if (plan === this.plans) this.apply();
    }, delay);
  }

  /** How long the gate holds the waiting frame from `now`, within its share of the wait. */
  private heldFor(now: number): number {
    const held = this.gate.heldFor(now);
    if (held === 0) return 0;
    this.gateWaitFrom ??= now;
    return Math.max(0, Math.min(held, this.gateWaitFrom + MAX_GATE_WAIT_MS - now));
  }

  private apply(): void {
    this.scheduled = false;
    const frame = this.waiting;
    if (!frame || !this.table) return;
    if (!this.visible()) return;
    // Held since it was planned: it waits for the change to be drawn (never dropped for it).
    if (this.heldFor(this.now()) > 0) {
      this.plan();
      return;
    }
    const decoded = decodeFrame(frame, this.table);
    // Its table has not come yet (it travels with a later frame of the same epoch).
    if (!decoded) return;
    this.waiting = null;
    this.gateWaitFrom = null;
    this.current = decoded;
    this.lastAppliedAt = this.now();
    for (const listener of this.listeners) listener();
  }
}

/** The frame on screen, re-rendering when a newer one is applied. */
export function useUnitFrame(positions: UnitPositions): DecodedFrame | null {
  return useSyncExternalStore(positions.subscribe, positions.getSnapshot);
}
