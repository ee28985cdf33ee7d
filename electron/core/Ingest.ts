import { applyEvents } from '../../shared/applyEvent';
import { parseEvent } from '../../shared/protocol/parseEvent';
import { isKnownEventType, type FeedEvent, type UnknownEvent } from '../../shared/protocol/events';
import { INVALID_TYPE_PREFIX } from '../../shared/protocol/parseEvent';
import type { EpochMs } from '../../shared/units';
import type { OperationState } from '../../shared/state';
import type { Clock, ClockTimer } from './clock';
import type { StoredEvent, StoreReader, StoreWriter } from './store/SqliteStore';

/** Counters of what the ingest did, for the status bar and the tests. */
export interface IngestStats {
  committed: number;
  duplicates: number;
  quarantined: number;
  gapRequests: number;
  unknownTypes: number;
  /** Events whose payload failed validation twice, kept in the log as `invalid.<type>` and skipped. */
  skippedInvalid: number;
}

/** How batching behaves. */
export interface IngestOptions {
  /** Longest time an event waits for its transaction. */
  flushMs: number;
  /** Largest transaction. */
  maxBatch: number;
  /** Events held out of order before the furthest are dropped (they are not acknowledged, so resume brings them again). */
  maxPending: number;
}

/** How long an unanswered gap request stands before it is asked again. */
const REASK_MS = 5000;

const DEFAULTS: IngestOptions = { flushMs: 50, maxBatch: 5000, maxPending: 200_000 };

/**
 * The path from the wire to the store: validate, quarantine what is bad, put in seq order, drop
 * duplicates, ask for what is missing, commit in batched transactions, and only then apply. The
 * state it publishes is always the fold of what is committed.
 */
export class Ingest {
  readonly stats: IngestStats = {
    committed: 0,
    duplicates: 0,
    quarantined: 0,
    gapRequests: 0,
    unknownTypes: 0,
    skippedInvalid: 0,
  };
  /** How often each missing seq has come with a payload that fails its schema. */
  private readonly invalidSeen = new Map<number, number>();
  private readonly options: IngestOptions;
  private readonly pending = new Map<number, FeedEvent | UnknownEvent>();
  private ready: (FeedEvent | UnknownEvent)[] = [];
  private quarantineQueue: { reason: string; raw: unknown; receivedAt: number }[] = [];
  private timer: ClockTimer | null = null;
  private lastSeq: number;
  private currentState: OperationState;
  /** The gap last asked for and when, so a burst of out-of-order events asks once, and a lost answer is asked again. */
  private requested = { until: 0, at: 0 };

  constructor(
    private readonly store: StoreReader & StoreWriter,
    private readonly clock: Clock,
    private readonly hooks: {
      /** Called after a commit with the new state. */
      onCommitted: (state: OperationState, events: readonly StoredEvent[]) => void;
      /** Asks the feed for seqs afterSeq+1 .. untilSeq. */
      requestRange: (afterSeq: number, untilSeq: number) => void;
      /** A commit failed (disk full, I/O error): nothing of the batch was applied. */
      onStoreError: (error: unknown) => void;
    },
    initial: { state: OperationState; lastSeq: number },
    options: Partial<IngestOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.currentState = initial.state;
    this.lastSeq = initial.lastSeq;
  }

  /** The seq of the newest committed event. */
  get committedSeq(): number {
    return this.lastSeq;
  }

  /** The fold of everything committed. */
  get state(): OperationState {
    return this.currentState;
  }

  /** Events waiting for an earlier seq. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Takes one `events` message as it came off the wire. */
  receive(batch: unknown): void {
    const receivedAt = this.clock.now();
    if (!Array.isArray(batch)) {
      this.quarantineQueue.push({ reason: 'an events message that is not a list', raw: batch, receivedAt });
      this.schedule();
      return;
    }
    for (const raw of batch as unknown[]) {
      const parsed = parseEvent(raw);
      if (parsed.kind === 'invalid') {
        this.quarantineQueue.push({ reason: parsed.reason, raw, receivedAt });
        const skipped = this.skipIfBadAtSource(parsed.envelope);
        if (skipped) this.pending.set(skipped.seq, skipped);
        continue;
      }
      const event = parsed.event;
      if (event.seq <= this.lastSeq || this.isQueued(event)) {
        this.stats.duplicates++;
        continue;
      }
      if (parsed.kind === 'unknown') this.stats.unknownTypes++;
      this.pending.set(event.seq, event);
    }
    this.drainInOrder();
    this.schedule();
  }

  /**
   * An event whose envelope is sound but whose payload fails its schema leaves a hole in the
   * sequence, which is asked for again. When the server sends the same bad event a second time,
   * its own copy is bad: waiting for a good one would stop the picture for good (a buggy or
   * hostile server could stall every workstation with one event). The seq is then kept in the log
   * as `invalid.<type>` with an empty payload, never applied, so the sequence goes on; both copies
   * are in the quarantine, whose count the status bar shows.
   */
  private skipIfBadAtSource(
    envelope: { seq: number; id: string; ts: EpochMs; type: string } | undefined,
  ): UnknownEvent | null {
    if (!envelope || envelope.seq <= this.lastSeq || this.pending.has(envelope.seq)) return null;
    if (envelope.seq < this.lastSeq + 1 + this.ready.length) return null;
    const seen = (this.invalidSeen.get(envelope.seq) ?? 0) + 1;
    this.invalidSeen.set(envelope.seq, seen);
    if (seen < 2) return null;
    this.invalidSeen.delete(envelope.seq);
    this.stats.skippedInvalid++;
    return {
      seq: envelope.seq,
      id: envelope.id,
      ts: envelope.ts,
      type: `${INVALID_TYPE_PREFIX}${envelope.type}`,
      payload: {},
    };
  }

  /** After a heartbeat: asks for anything the server has that is neither committed nor on its way. */
  catchUp(serverLastSeq: number): void {
    const next = this.lastSeq + this.ready.length + 1;
    if (serverLastSeq >= next && !this.pending.has(next)) this.ask(next, serverLastSeq);
  }

  /** Forgets what was asked for, so the next gap is asked again (after a reconnect). */
  resetRequests(): void {
    this.requested = { until: 0, at: 0 };
  }

  private ask(fromSeq: number, untilSeq: number): void {
    const now = this.clock.now();
    if (untilSeq <= this.requested.until && now - this.requested.at < REASK_MS) return;
    this.requested = { until: untilSeq, at: now };
    this.stats.gapRequests++;
    this.hooks.requestRange(fromSeq - 1, untilSeq);
  }

  /** Replaces everything with a server snapshot (the log was too far behind to resume). */
  applySnapshot(snapshot: { operationId: string; seq: number; ts: number; state: OperationState }): void {
    this.flush();
    this.store.commitSnapshot({ ...snapshot, receivedAt: this.clock.now() });
    this.currentState = snapshot.state;
    this.lastSeq = snapshot.seq;
    for (const seq of [...this.pending.keys()]) if (seq <= snapshot.seq) this.pending.delete(seq);
    this.resetRequests();
    this.drainInOrder();
    this.hooks.onCommitted(this.currentState, []);
    this.schedule();
  }

  private isQueued(event: FeedEvent | UnknownEvent): boolean {
    const held = this.pending.get(event.seq);
    if (held) {
      if (held.id !== event.id) {
        this.quarantineQueue.push({
          reason: `seq ${event.seq} arrived twice with different ids`,
          raw: event,
          receivedAt: this.clock.now(),
        });
      }
      return true;
    }
    const readyStart = this.lastSeq + 1;
    return event.seq < readyStart + this.ready.length;
  }

  /** Moves events that continue the sequence from `pending` to `ready`; asks for the gap otherwise. */
  private drainInOrder(): void {
    let next = this.lastSeq + this.ready.length + 1;
    for (let event = this.pending.get(next); event; event = this.pending.get(next)) {
      this.pending.delete(next);
      this.ready.push(event);
      next++;
    }
    if (this.pending.size === 0) return;
    if (this.pending.size > this.options.maxPending) {
      const seqs = [...this.pending.keys()].sort((a, b) => b - a);
      for (const seq of seqs.slice(0, this.pending.size - this.options.maxPending)) this.pending.delete(seq);
    }
    let firstHeld = Infinity;
    for (const seq of this.pending.keys()) if (seq < firstHeld) firstHeld = seq;
    this.ask(next, firstHeld - 1);
  }

  private schedule(): void {
    if (this.ready.length >= this.options.maxBatch) {
      this.flush();
      return;
    }
    if (this.timer || (this.ready.length === 0 && this.quarantineQueue.length === 0)) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.options.flushMs);
  }

  /** Commits what is ready in one transaction, then applies it. */
  flush(): void {
    if (this.timer) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.quarantineQueue.length > 0) {
      const entries = this.quarantineQueue;
      this.quarantineQueue = [];
      this.store.quarantine(entries);
      this.stats.quarantined += entries.length;
    }
    while (this.ready.length > 0) {
      const batch = this.ready.splice(0, this.options.maxBatch);
      // Unknown types are stored but not applied: the reducer passes over them.
      const next = applyEvents(this.currentState, batch);
      const stored: StoredEvent[] = batch.map((e) => ({
        seq: e.seq,
        id: e.id,
        ts: e.ts,
        type: e.type,
        payload: e.payload,
        known: isKnownEventType(e.type),
      }));
      try {
        // Committed first; the state moves only once the transaction has succeeded.
        this.store.commitBatch({
          events: stored,
          previous: this.currentState,
          next,
          receivedAt: this.clock.now(),
        });
      } catch (error) {
        // Nothing was acknowledged: drop what is held and let the next catch-up fetch it again.
        this.ready = [];
        this.pending.clear();
        this.requested = { until: 0, at: 0 };
        this.hooks.onStoreError(error);
        return;
      }
      this.currentState = next;
      this.lastSeq = batch[batch.length - 1]!.seq;
      for (const seq of this.invalidSeen.keys()) if (seq <= this.lastSeq) this.invalidSeen.delete(seq);
      this.stats.committed += batch.length;
      this.hooks.onCommitted(next, stored);
    }
  }
}
