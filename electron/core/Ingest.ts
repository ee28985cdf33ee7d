import { applyEvents } from '../../shared/applyEvent';
import { getOwn } from '../../shared/getOwn';
import { parseEvent } from '../../shared/protocol/parseEvent';
import { isKnownEventType, type FeedEvent, type UnknownEvent } from '../../shared/protocol/events';
import { INVALID_TYPE_PREFIX } from '../../shared/protocol/parseEvent';
import { eventEnvelopeSchema } from '../../shared/protocol/events';
import { epochMsSchema, idSchema, seqSchema } from '../../shared/protocol/primitives';
import type { SkippedEvent, SkippedEvents } from '../../shared/coreTypes';
import type { EpochMs } from '../../shared/units';
import type { OperationState } from '../../shared/state';
import type { Clock, ClockTimer } from './clock';
import type { FeedWriter, StoredEvent } from './store/SqliteStore';

/** Counters of what the ingest did, for the status bar and the tests. */
export interface IngestStats {
  committed: number;
  duplicates: number;
  quarantined: number;
  gapRequests: number;
  unknownTypes: number;
  /** Seqs that never came valid, kept in the log as `invalid.<type>` placeholders and skipped. */
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

/** Invalid copies of one seq (its seq readable) after which the server's own copy is taken to be bad. */
export const MAX_INVALID_COPIES = 2;

/**
 * Requests for one missing seq, each answered with items whose seq cannot even be read, after
 * which that seq is given up on. Unreadable items name no seq, so they are counted against the
 * first hole, and only when they come in a batch with no valid event (as an answer to a gap fill
 * does; a live batch that carries one damaged copy beside good events says nothing about the
 * hole). A seq is skipped only when the server answered at least as often as it was asked, so a
 * server that merely does not answer (or a link that lost the event) never causes a skip.
 */
export const MAX_ASKS = 3;

/** Items in one `events` message (§5.2, `eventsBatchSchema`); a larger one is dropped whole. */
export const MAX_BATCH_ITEMS = 5000;

/** Skipped seqs kept for the status bar. */
const RECENT_SKIPS = 5;

/** Seqs whose invalid copies are counted at once; a server sending invalid copies of ever new seqs cannot grow it. */
const MAX_TRACKED_INVALID = 10_000;

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
  /** How often each missing seq has come in a copy that fails validation. */
  private readonly invalidSeen = new Map<number, number>();
  /** The first missing seq: how often it was asked for, and how many unreadable items came meanwhile. */
  private hole = { seq: 0, asks: 0, unreadable: 0, reason: '' };
  private readonly skipped: SkippedEvents = { total: 0, recent: [] };
  private readonly options: IngestOptions;
  private readonly pending = new Map<number, FeedEvent | UnknownEvent>();
  private ready: (FeedEvent | UnknownEvent)[] = [];
  private quarantineQueue: { reason: string; raw: unknown; receivedAt: number }[] = [];
  private timer: ClockTimer | null = null;
  private lastSeq: number;
  /** Operation time of the newest committed event, when this run has seen it. */
  private lastTs: EpochMs | null = null;
  private currentState: OperationState;
  /** The gap last asked for and when, so a burst of out-of-order events asks once, and a lost answer is asked again. */
  private requested = { until: 0, at: 0 };

  constructor(
    private readonly store: FeedWriter,
    private readonly clock: Clock,
    private readonly hooks: {
      /** Called after a commit with the new state. */
      onCommitted: (state: OperationState, events: readonly StoredEvent[]) => void;
      /** Asks the feed for seqs afterSeq+1 .. untilSeq. */
      requestRange: (afterSeq: number, untilSeq: number) => void;
      /** A commit failed (disk full, I/O error): nothing of the batch was applied. */
      onStoreError: (error: unknown) => void;
      /** A seq was given up on and logged as a placeholder (for the status warning). */
      onSkipped?: (skipped: SkippedEvent) => void;
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

  /** The seqs given up on in this run. */
  get skippedEvents(): SkippedEvents {
    return { total: this.skipped.total, recent: [...this.skipped.recent] };
  }

  /** Takes one `events` message as it came off the wire. */
  receive(batch: unknown): void {
    const receivedAt = this.clock.now();
    const refusal = batchRefusal(batch);
    if (refusal !== null) {
      // Dropped whole (§5.2): nothing of it is applied, and what it carried comes back as a gap.
      this.quarantineQueue.push({ reason: refusal, raw: batch, receivedAt });
      this.schedule();
      return;
    }
    let unreadable: string | null = null;
    let valid = 0;
    for (const raw of batch as unknown[]) {
      const parsed = parseEvent(raw);
      if (parsed.kind === 'invalid') {
        this.quarantineQueue.push({ reason: parsed.reason, raw, receivedAt });
        const envelope = parsed.envelope ?? readEnvelope(raw);
        if (envelope === null) unreadable = parsed.reason;
        else {
          const skipped = this.skipIfBadAtSource(envelope, parsed.reason);
          if (skipped) this.pending.set(skipped.seq, skipped);
        }
        continue;
      }
      const event = parsed.event;
      valid++;
      if (event.seq <= this.lastSeq || this.isQueued(event)) {
        this.stats.duplicates++;
        continue;
      }
      if (parsed.kind === 'unknown') this.stats.unknownTypes++;
      this.pending.set(event.seq, event);
    }
    this.takeInOrder();
    if (unreadable !== null && valid === 0) {
      // Counted against the first hole once this batch's good items are in place.
      const hole = this.holeAt(this.nextSeq());
      hole.unreadable++;
      hole.reason = unreadable;
      this.skipStuckHole();
    }
    this.askForHole();
    this.schedule();
  }

  /**
   * An invalid item whose seq can be read (a payload that fails its schema, a bad id or time, a
   * structure `checkStructure` refuses) leaves a hole in the sequence, which is asked for again.
   * When the same seq comes invalid a second time, the server's own copy is bad: waiting for a good
   * one would stop the picture for good (a buggy or hostile server could stall every workstation
   * with one event). The seq is then kept in the log as `invalid.<type>` with an empty payload,
   * never applied, so the sequence goes on; every copy is in the quarantine.
   */
  private skipIfBadAtSource(envelope: ReadEnvelope, reason: string): UnknownEvent | null {
    if (envelope.seq < this.nextSeq() || this.pending.has(envelope.seq)) return null;
    const seen = (this.invalidSeen.get(envelope.seq) ?? 0) + 1;
    if (seen === 1 && this.invalidSeen.size >= MAX_TRACKED_INVALID) {
      const oldest = this.invalidSeen.keys().next();
      if (!oldest.done) this.invalidSeen.delete(oldest.value);
    }
    this.invalidSeen.set(envelope.seq, seen);
    if (seen < MAX_INVALID_COPIES) return null;
    this.invalidSeen.delete(envelope.seq);
    return this.placeholder(envelope, reason);
  }

  /** Gives up on the first hole when it was asked for often enough and answered only with unreadable items. */
  private skipStuckHole(): void {
    const hole = this.hole;
    if (hole.seq !== this.nextSeq() || hole.asks < MAX_ASKS || hole.unreadable < MAX_ASKS) return;
    if (this.pending.has(hole.seq)) return;
    this.pending.set(hole.seq, this.placeholder({ seq: hole.seq }, hole.reason));
    this.takeInOrder();
  }

  /** The never-applied log entry that holds a skipped seq, reported to the status bar. */
  private placeholder(envelope: ReadEnvelope, reason: string): UnknownEvent {
    const { seq } = envelope;
    const at = this.clock.now();
    this.stats.skippedInvalid++;
    this.skipped.total++;
    this.skipped.recent.push({ seq, reason, at });
    if (this.skipped.recent.length > RECENT_SKIPS) this.skipped.recent.shift();
    this.hooks.onSkipped?.({ seq, reason, at });
    // A time it did not carry is borrowed from a neighbour, so a placeholder never moves the operation's clock.
    const before = this.pending.get(seq - 1)?.ts ?? this.ready[this.ready.length - 1]?.ts ?? this.lastTs;
    return {
      seq,
      id: envelope.id ?? `${INVALID_TYPE_PREFIX}${seq}`,
      ts: envelope.ts ?? before ?? this.pending.get(seq + 1)?.ts ?? (at as EpochMs),
      type: `${INVALID_TYPE_PREFIX}${envelope.type ?? 'unreadable'}`,
      payload: {},
    };
  }

  /** After a heartbeat: asks for the first hole the server can fill, and only for that hole. */
  catchUp(serverLastSeq: number): void {
    const next = this.nextSeq();
    if (serverLastSeq < next || this.pending.has(next)) return;
    // Whatever is held after the hole is not asked for again: re-sending it would only be dropped.
    this.ask(next, Math.min(serverLastSeq, this.firstHeld() - 1));
  }

  /** The seq after the last committed or ready one: the first one missing. */
  private nextSeq(): number {
    return this.lastSeq + this.ready.length + 1;
  }

  /** The lowest held seq (all of them lie after a hole), or Infinity. */
  private firstHeld(): number {
    let first = Infinity;
    for (const seq of this.pending.keys()) if (seq < first) first = seq;
    return first;
  }

  /** The counters of the hole starting at `seq`, started afresh when the first hole moves on. */
  private holeAt(seq: number): { seq: number; asks: number; unreadable: number; reason: string } {
    if (this.hole.seq !== seq) this.hole = { seq, asks: 0, unreadable: 0, reason: '' };
    return this.hole;
  }

  /** Forgets what was asked for, so the next gap is asked again (after a reconnect). */
  resetRequests(): void {
    this.requested = { until: 0, at: 0 };
  }

  private ask(fromSeq: number, untilSeq: number): void {
    const now = this.clock.now();
    if (untilSeq <= this.requested.until && now - this.requested.at < REASK_MS) return;
    this.requested = { until: untilSeq, at: now };
    this.holeAt(fromSeq).asks++;
    this.stats.gapRequests++;
    this.hooks.requestRange(fromSeq - 1, untilSeq);
  }

  /** Replaces everything with a server snapshot (the log was too far behind to resume). */
  applySnapshot(snapshot: { operationId: string; seq: number; ts: number; state: OperationState }): void {
    this.flush();
    this.store.commitSnapshot({ ...snapshot, receivedAt: this.clock.now() });
    this.currentState = snapshot.state;
    this.lastSeq = snapshot.seq;
    this.lastTs = snapshot.ts as EpochMs;
    for (const seq of [...this.pending.keys()]) if (seq <= snapshot.seq) this.pending.delete(seq);
    this.resetRequests();
    this.takeInOrder();
    this.askForHole();
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

  /** Moves events that continue the sequence from `pending` to `ready`. */
  private takeInOrder(): void {
    let next = this.nextSeq();
    for (let event = this.pending.get(next); event; event = this.pending.get(next)) {
      this.pending.delete(next);
      this.ready.push(event);
      next++;
    }
    if (this.pending.size > this.options.maxPending) {
      const seqs = [...this.pending.keys()].sort((a, b) => b - a);
      for (const seq of seqs.slice(0, this.pending.size - this.options.maxPending)) this.pending.delete(seq);
    }
  }

  /** Asks for the first hole when events are held after it. */
  private askForHole(): void {
    if (this.pending.size === 0) return;
    this.ask(this.nextSeq(), this.firstHeld() - 1);
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
      this.lastTs = batch[batch.length - 1]!.ts;
      for (const seq of this.invalidSeen.keys()) if (seq <= this.lastSeq) this.invalidSeen.delete(seq);
      this.stats.committed += batch.length;
      this.hooks.onCommitted(next, stored);
    }
  }
}

/** What could be read of an invalid item's envelope: the seq it would hold, and what else is sound. */
interface ReadEnvelope {
  seq: number;
  id?: string;
  ts?: EpochMs;
  type?: string;
}

/** Why an `events` message is dropped whole (§5.2), or null when it is a list of 1–5,000 items. */
function batchRefusal(batch: unknown): string | null {
  if (!Array.isArray(batch)) return 'an events message that is not a list';
  if (batch.length === 0) return 'an events message with no items';
  if (batch.length > MAX_BATCH_ITEMS)
    return `an events message of ${batch.length} items, more than the ${MAX_BATCH_ITEMS} allowed: dropped whole`;
  return null;
}

/**
 * The seq of an item that failed validation, when it can be read at all, with its id, time and
 * type where those are sound. Reads own fields only and checks each with its wire schema, so a
 * hostile item gives nothing it did not carry.
 */
function readEnvelope(raw: unknown): ReadEnvelope | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const field = (key: string): unknown => getOwn(raw as Readonly<Record<string, unknown>>, key);
  const seq = seqSchema.safeParse(field('seq'));
  if (!seq.success) return null;
  const id = idSchema.safeParse(field('id'));
  const ts = epochMsSchema.safeParse(field('ts'));
  const type = eventEnvelopeSchema.shape.type.safeParse(field('type'));
  return {
    seq: seq.data,
    ...(id.success ? { id: id.data } : {}),
    ...(ts.success ? { ts: ts.data } : {}),
    ...(type.success ? { type: type.data } : {}),
  };
}
