import { overdueReadmissionCount } from '../../shared/readmission';
import { randomUUID } from 'node:crypto';
import { checkStructure } from '../../shared/protocol/checkStructure';
import { snapshotSchema, type Welcome } from '../../shared/protocol/messages';
import { describeZodError } from '../../shared/protocol/parseEvent';
import { operationStateSchema, SNAPSHOT_STRUCTURE_LIMITS } from '../../shared/protocol/stateSchema';
import { coreMessage, type CoreMessage } from '../../shared/coreMessage';
import type { CoreStatus, LinkState } from '../../shared/coreTypes';
import type { OperationState, Unit } from '../../shared/state';
import type { PositionFrame, UnitTable } from '../../shared/positionFrame';
import { getOwn, setOwn } from '../../shared/getOwn';
import { PositionFrames } from './positionFrames';
import { diffStates, isEmptyDelta, type PictureDelta } from '../../shared/pictureDelta';
import { systemClock, type Clock, type ClockTimer } from './clock';
import { FeedClient, type FeedConnection, type FeedTimings } from './feed/FeedClient';
import type { TakConnection } from './tak/TakClient';
import { TakLayer } from './tak/TakLayer';
import { Ingest, type IngestOptions } from './Ingest';
import {
  SqliteStore,
  type BookmarkStore,
  type OpenNotice,
  type QueryFigures,
  type ReplayReader,
} from './store/SqliteStore';
import { Disposables } from './disposables';
import type { OverlayStore } from './store/Overlays';
import { OutboxSender } from './OutboxSender';

/** How to open the core. */
export interface CoreOptions {
  storePath: string;
  /** Absent: offline only (the last known picture, no link). */
  feed?: Omit<FeedConnection, 'clientId'> & { clientId?: string };
  /** Who the officer is, as written in the log of their actions. */
  operator: string;
  /** The operation the connection profile expects: a server that runs another one is refused. */
  expectedOperationId?: string;
  clock?: Clock;
  random?: () => number;
  newId?: () => string;
  /** Deltas to the UI at most this often. */
  deltaIntervalMs?: number;
  /** Position frames at most this often (FRAME_INTERVAL_MS). */
  frameIntervalMs?: number;
  /**
   * Units whose only change is their position go to the panels in a delta at most this often;
   * the map takes them from the position frames.
   */
  positionDeltaIntervalMs?: number;
  feedTimings?: Partial<FeedTimings>;
  /** The profile's TAK server, read only (electron/core/tak); absent: no TAK layer. */
  tak?: TakConnection;
  ingest?: Partial<IngestOptions>;
  log?: (line: string) => void;
}

/** Position-only changes reach the panels (ages, grid references) once a second. */
const POSITION_DELTA_INTERVAL_MS = 1000;

/** Whether a unit changed in nothing but its position (the position frames carry those). */
function onlyMoved(before: Unit | undefined, after: Unit): boolean {
  if (!before || before.position === null) return false;
  for (const key of Object.keys(after) as (keyof Unit)[])
    if (key !== 'position' && before[key] !== after[key]) return false;
  return Object.keys(before).length === Object.keys(after).length;
}

/**
 * The data core both hosts expose: the current picture (from the store at once, then live), deltas
 * batched for the UI, the officers' commands through the outbox, and a status model. Plain Node:
 * the desktop app, the browser host and the tests run this same object.
 */
export class Core {
  /** Private: each consumer gets its own part (replaySource, bookmarks, outbox), never the whole store. */
  private readonly store: SqliteStore;
  readonly ingest: Ingest;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly options: CoreOptions;
  private readonly feed: FeedClient | null;
  private readonly deltaListeners = new Set<(delta: PictureDelta) => void>();
  private readonly statusListeners = new Set<(status: CoreStatus) => void>();
  private readonly frameListeners = new Set<(frame: PositionFrame) => void>();
  private readonly frames: PositionFrames;
  private frameTimer: ClockTimer | null = null;
  /** Units that only moved since the last delta that carried positions (newest of each). */
  private movedBacklog = new Map<string, Unit>();
  private lastPositionsDeltaAt = Number.NEGATIVE_INFINITY;
  private published: OperationState;
  private deltaTimer: ClockTimer | null = null;
  private deltaDueAt = Infinity;
  /**
   * The seq of the picture the position columns were last brought up to (at publish, not at
   * commit): a frame says which picture its positions are from, so a frame taken between a commit
   * and its publish does not claim the newer seq with the older positions.
   */
  private framesSeq = 0;
  private pendingReset = false;
  private link: LinkState = 'offline';
  private linkError: CoreMessage | null = null;
  private linkFatal = false;
  private clockOffsetMs: number | null = null;
  private operationId: string | null;
  /** The officers' commands: validated, kept in the outbox, sent in order; announces each change. */
  readonly commands: OutboxSender;
  /** The TAK layer: its own link, tracks and table, apart from the operation's picture. */
  readonly tak: TakLayer;
  /** True once the server has answered this connection's resume. */
  private resumed = false;
  /**
   * The snapshot our own resume was told to expect (the ack's operation and seq); any other
   * snapshot is quarantined, so a server cannot replace the picture unasked.
   */
  private awaitedSnapshot: { operationId: string; seq: number } | null = null;
  /** When the server fell silent (see FeedClient's watchdog); null while it answers. */
  private serverSilentSince: number | null = null;
  private readonly notice: OpenNotice;
  private closed = false;
  /** What close() releases, last acquired first (the store goes last). */
  private readonly teardown = new Disposables();

  private constructor(options: CoreOptions, store: SqliteStore, notice: OpenNotice) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
    this.store = store;
    this.teardown.add(store);
    this.notice = notice;
    const { state, position } = store.liveLog.loadState();
    this.operationId = position.operationId;
    this.published = state;
    this.frames = new PositionFrames(options.frameIntervalMs);
    this.frames.reset(state.units);
    this.ingest = new Ingest(
      store.feedWriter(),
      this.clock,
      {
        onCommitted: () => this.scheduleDelta(),
        requestRange: (after, until) => {
          if (this.operationId) void this.feed?.resume(this.operationId, after, until);
        },
        onStoreError: (error) => this.reportStoreError(error),
        onSkipped: () => this.emitStatus(),
      },
      { state, lastSeq: position.lastSeq },
      options.ingest,
    );
    // The columns hold the stored picture's positions, as of its newest event.
    this.framesSeq = this.ingest.committedSeq;
    this.feed = options.feed
      ? new FeedClient(
          { ...options.feed, clientId: options.feed.clientId ?? `watchfloor-${this.newId().slice(0, 8)}` },
          {
            onWelcome: (welcome) => this.onWelcome(welcome),
            onEvents: (raw) => this.ingest.receive(raw),
            onSnapshot: (raw) => this.onSnapshot(raw),
            onHeartbeat: (heartbeat) => {
              // Before the resume is answered the backlog is on its way: asking for it would fetch it twice.
              if (this.resumed) this.ingest.catchUp(heartbeat.lastSeq);
              this.emitStatus();
            },
            onLink: (state, detail) => {
              this.link = state;
              if (state === 'connected') {
                this.linkError = null;
                this.linkFatal = false;
              } else if (detail?.error) {
                this.linkError = detail.error;
                this.linkFatal = detail.fatal ?? false;
              }
              if (state !== 'connected') {
                this.resumed = false;
                this.awaitedSnapshot = null;
                this.ingest.resetRequests();
              }
              this.emitStatus();
            },
            onClockOffset: (offset) => {
              this.clockOffsetMs = Math.round(offset);
              this.emitStatus();
            },
            onBadMessage: (kind, raw, reason) =>
              void this.guard(() =>
                this.store.quarantine.quarantine([
                  { reason: `${kind}: ${reason}`, raw, receivedAt: this.clock.now() },
                ]),
              ),
            onResumeAck: (request, ack) => {
              // Only an ack of ours announces a snapshot; the latest announcement is the one awaited.
              if (ack.ok && ack.mode === 'snapshot')
                this.awaitedSnapshot = { operationId: request.operationId, seq: ack.seq };
            },
            onServerSilent: (since) => {
              this.serverSilentSince = since;
              this.emitStatus();
            },
          },
          this.clock,
          options.random,
          options.feedTimings,
        )
      : null;
    this.commands = new OutboxSender({
      outbox: store.outbox,
      link: this.feed,
      clock: this.clock,
      newId: this.newId,
      operator: options.operator,
      onStoreError: (error) => this.reportStoreError(error),
    });
    // The status carries the outbox's depth.
    this.commands.onChange(() => this.emitStatus());
    // Released in reverse: the link stops, what is buffered is committed, the timers and the
    // sender go, then the store closes (added first above).
    this.teardown.add(this.commands);
    this.teardown.add(() => {
      if (this.deltaTimer) this.clock.clearTimeout(this.deltaTimer);
      if (this.frameTimer) this.clock.clearTimeout(this.frameTimer);
    });
    this.teardown.add(() => this.ingest.flush());
    this.teardown.add(() => this.feed?.stop());
    // Placed on the operation clock: the newest event's time plus what has passed since it came.
    const opNow = (): number => {
      const p = store.liveLog.position();
      const now = this.clock.now();
      return p.lastEventTs === null || p.lastReceivedAt === null
        ? now
        : p.lastEventTs + now - p.lastReceivedAt;
    };
    this.tak = new TakLayer(options.tak ?? null, store.tak, this.clock, opNow, (e) =>
      this.reportStoreError(e),
    );
    this.teardown.add(() => this.tak.stop());
  }

  /**
   * Opens the store and shows the last known picture at once; then connects, when a feed is
   * configured. Throws {@link StoreLockedError} when another instance holds the store.
   */
  static open(options: CoreOptions): Core {
    const { store, notice } = SqliteStore.open(options.storePath, {
      log: options.log,
      now: options.clock?.now.bind(options.clock),
      backgroundCheck: true,
    });
    const core = new Core(options, store, notice);
    core.feed?.start();
    core.tak.start().catch((error: unknown) => core.log(`TAK layer did not start: ${String(error)}`));
    if (notice.check === 'background') void core.checkStoreInBackground();
    if (store.trailBackfillPending()) void core.buildTrailsInBackground();
    return core;
  }

  /** How far the trail table of an upgraded store is built, in percent: null when it is not being built. */
  private trailIndexPercent: number | null = null;

  /** The trail table of a store upgraded from schema 6, built on a worker; the status says how far. */
  private async buildTrailsInBackground(): Promise<void> {
    try {
      await this.store.buildTrailsInBackground({
        onProgress: (percent) => {
          // Said done once it has ended (below), after the store has logged it.
          if (this.closed || percent >= 100) return;
          this.trailIndexPercent = percent;
          this.emitStatus();
        },
      });
    } catch (error) {
      // Not built: trails go on being read in full, and the next start tries again.
      if (!this.closed)
        this.options.log?.(`trail index in the background failed: ${(error as Error).message}`);
    }
    this.trailIndexPercent = null;
    if (!this.closed) this.emitStatus();
  }

  /** What the background check of an uncleanly closed store found: null while it runs. */
  private storeCheck: { sound: boolean; problems: string[] } | null = null;

  /** The store's full check after an unclean shutdown, on a worker; the status says how it goes. */
  private async checkStoreInBackground(): Promise<void> {
    try {
      this.storeCheck = await this.store.checkInBackground();
    } catch (error) {
      // Not checked: the store stays marked open, so the next start checks it.
      this.options.log?.(`store check in the background failed: ${(error as Error).message}`);
      this.storeCheck = { sound: true, problems: [] };
    }
    if (!this.closed) this.emitStatus();
  }

  private storeNotice(): CoreMessage | null {
    if (this.notice.movedAside) return coreMessage('store.movedAside', { path: this.notice.movedAside });
    if (this.notice.check === 'background') {
      if (this.storeCheck === null) return coreMessage('store.checking');
      if (!this.storeCheck.sound)
        return coreMessage('store.damaged', { problems: this.storeCheck.problems.slice(0, 2).join('; ') });
    }
    if (this.trailIndexPercent !== null)
      return coreMessage('store.indexing', { percent: this.trailIndexPercent });
    return null;
  }

  /** The current picture (the fold of everything committed). */
  get state(): OperationState {
    return this.ingest.state;
  }

  /** The status model. */
  get status(): CoreStatus {
    const position = this.store.liveLog.position();
    return {
      link: this.link,
      linkError: this.linkError,
      linkFatal: this.linkFatal,
      serverSilentSince: this.serverSilentSince,
      operationId: this.operationId,
      lastSeq: this.ingest.committedSeq,
      lastEventAt: position.lastEventTs,
      lastReceivedAt: position.lastReceivedAt,
      dataAgeMs:
        position.lastReceivedAt === null ? null : Math.max(0, this.clock.now() - position.lastReceivedAt),
      clockOffsetMs: this.clockOffsetMs,
      outboxDepth: this.commands.depth(),
      quarantineCount: this.store.quarantine.count(),
      readmissionsOverdue:
        position.lastEventTs === null ? 0 : overdueReadmissionCount(this.ingest.state, position.lastEventTs),
      storeBytes: this.store.sizeBytes(),
      storeNotice: this.storeNotice(),
      skippedEvents: this.ingest.skippedEvents,
    };
  }

  /** Calls `listener` with batched deltas (at most one per delta interval). Returns the unsubscribe. */
  subscribe(listener: (delta: PictureDelta) => void): () => void {
    this.deltaListeners.add(listener);
    return () => this.deltaListeners.delete(listener);
  }

  /**
   * Calls `listener` with position frames (at most one per frame interval, only when a unit moved
   * or the table changed). Returns the unsubscribe.
   */
  onFrame(listener: (frame: PositionFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** The unit table the newest frames index into. */
  unitTable(): UnitTable {
    return this.frames.table();
  }

  /** The newest frame taken (null before any, and after a reset until the next). */
  get latestFrame(): PositionFrame | null {
    return this.frames.latest;
  }

  /** Calls `listener` on every status change. */
  onStatus(listener: (status: CoreStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** What replay reads of the live store (its timeline, trails, exports, report). */
  replaySource(): ReplayReader {
    return this.store.reader;
  }

  /** The bookmarks kept on this workstation. */
  get bookmarks(): BookmarkStore {
    return this.store.bookmarks;
  }

  /** The overlays kept on this workstation, per operation. */
  get overlays(): OverlayStore {
    return this.store.overlays;
  }

  /** The store's file. */
  get storePath(): string {
    return this.store.path;
  }

  /** What the store's queries cost and the slow ones, for the diagnostics. */
  storeQueries(): QueryFigures {
    return this.store.queryFigures();
  }

  /**
   * Marks a moment of the operation for everyone (a shared bookmark): the command `bookmark.add`,
   * kept for replay's shared bookmarks (electron/core/replay/ReplayService.ts).
   */
  addBookmark(label: string, at: number, note?: string): string {
    return this.commands.issue('bookmark.add', { label, at, ...(note ? { note } : {}) });
  }

  /** Commits what is buffered and stops the link; the store stays consistent for the next start. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.teardown.dispose();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Runs a store write from a socket handler; a failure is reported, never thrown into socket.io. */
  private guard(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      this.reportStoreError(error);
      return false;
    }
  }

  private reportStoreError(error: unknown): void {
    this.log(`store write failed: ${String(error)}`);
    this.linkError = coreMessage('link.storeWriteFailed', {
      detail: error instanceof Error ? error.message : String(error),
    });
    this.emitStatus();
  }

  private onWelcome(welcome: Welcome): void {
    const expected = this.options.expectedOperationId;
    if (expected && expected !== welcome.operationId) {
      this.linkError = coreMessage('link.operationNotExpected', { server: welcome.operationId, expected });
      this.linkFatal = true;
      this.feed?.stop();
      this.emitStatus();
      return;
    }
    if (this.operationId && this.operationId !== welcome.operationId && this.ingest.committedSeq > 0) {
      this.linkError = coreMessage('link.operationNotStored', {
        server: welcome.operationId,
        store: this.operationId,
      });
      this.linkFatal = true;
      this.feed?.stop();
      this.emitStatus();
      return;
    }
    if (this.operationId !== welcome.operationId) {
      // An empty store takes the operation of the server it meets.
      this.operationId = welcome.operationId;
      if (!this.guard(() => this.store.liveLog.setOperation(welcome.operationId))) return;
    }
    this.ingest.flush();
    this.resumed = false;
    this.awaitedSnapshot = null;
    void this.feed?.resume(welcome.operationId, this.ingest.committedSeq).then((ack) => {
      // Unanswered: the feed's watchdog reconnects, and the next welcome asks again.
      if (!ack?.ok) return;
      this.resumed = true;
      return this.commands.flush();
    });
  }

  private onSnapshot(raw: unknown): void {
    const structural = checkStructure(raw, SNAPSHOT_STRUCTURE_LIMITS);
    const snapshot = structural === null ? snapshotSchema.safeParse(raw) : null;
    const state = snapshot?.success ? operationStateSchema.safeParse(snapshot.data.state) : null;
    if (!snapshot?.success || !state?.success) {
      const reason =
        structural ??
        (snapshot && !snapshot.success
          ? describeZodError(snapshot.error)
          : state && !state.success
            ? describeZodError(state.error)
            : 'invalid');
      this.guard(() =>
        this.store.quarantine.quarantine([
          {
            reason: `snapshot: ${reason}`,
            raw: '(snapshot withheld: too large to keep)',
            receivedAt: this.clock.now(),
          },
        ]),
      );
      this.linkError = coreMessage('link.snapshotInvalid', { reason });
      this.emitStatus();
      return;
    }
    const refusal = this.snapshotRefusal(snapshot.data);
    if (refusal !== null) {
      // The state itself is not kept (it can be large); what identifies the snapshot is.
      const { operationId, seq, ts } = snapshot.data;
      this.guard(() =>
        this.store.quarantine.quarantine([
          {
            reason: `snapshot: ${refusal}`,
            raw: { operationId, seq, ts, state: '(withheld: too large to keep)' },
            receivedAt: this.clock.now(),
          },
        ]),
      );
      this.log(`snapshot refused: ${refusal}`);
      this.linkError = coreMessage('link.snapshotRefused', { reason: refusal });
      this.emitStatus();
      return;
    }
    this.awaitedSnapshot = null;
    const applied = this.guard(() =>
      this.ingest.applySnapshot({
        operationId: snapshot.data.operationId,
        seq: snapshot.data.seq,
        ts: snapshot.data.ts,
        state: state.data,
      }),
    );
    if (!applied) return;
    this.pendingReset = true;
    this.scheduleDelta();
  }

  /**
   * Why a valid snapshot must not be applied, or null when it is the one our own resume was told
   * to expect: for our operation, at the seq the ack announced. Anything else would let a server
   * (or a stray message) replace the picture the officers and the log on disk rely on.
   */
  private snapshotRefusal(snapshot: { operationId: string; seq: number }): string | null {
    const awaited = this.awaitedSnapshot;
    if (awaited === null)
      return `not asked for (no resume of ours announced a snapshot; it was at seq ${snapshot.seq})`;
    const ours = this.operationId ?? awaited.operationId;
    if (snapshot.operationId !== ours || snapshot.operationId !== awaited.operationId)
      return `for operation ${snapshot.operationId}, not ${ours}`;
    if (snapshot.seq !== awaited.seq)
      return `at seq ${snapshot.seq}, but the server's answer to our resume announced seq ${awaited.seq}`;
    return null;
  }

  /**
   * The next delta in `delayMs` at the latest. A commit asks for the usual short pause; withheld
   * moves ask for the positions interval. A sooner request replaces a later one, so a new incident
   * is not held back behind moves waiting for their next positions delta.
   */
  private scheduleDelta(delayMs = this.options.deltaIntervalMs ?? 100): void {
    if (this.closed) return;
    const due = this.clock.now() + delayMs;
    if (this.deltaTimer) {
      if (this.deltaDueAt <= due) return;
      this.clock.clearTimeout(this.deltaTimer);
    }
    this.deltaDueAt = due;
    this.deltaTimer = this.clock.setTimeout(() => {
      this.deltaTimer = null;
      this.publishDelta();
    }, delayMs);
  }

  private publishDelta(): void {
    const next = this.ingest.state;
    const previous = this.published;
    this.published = next;
    const reset = this.pendingReset;
    this.pendingReset = false;
    // Entities are never removed from the live picture, so the changes are all a delta needs.
    const changes = diffStates(previous, next, this.ingest.committedSeq);
    const changedUnits = changes.changed.units;
    if (reset) this.frames.reset(next.units);
    else this.frames.update(Object.values(changedUnits));
    this.framesSeq = changes.seq;
    this.scheduleFrame();
    // Units that only moved wait for the next positions delta (the map has them from the frames);
    // any other change of a unit goes at once, with its position as it is now.
    const now = this.clock.now();
    const units: Record<string, Unit> = {};
    if (reset) this.movedBacklog.clear();
    for (const [id, unit] of Object.entries(changedUnits)) {
      if (!reset && onlyMoved(getOwn(previous.units, id), unit)) this.movedBacklog.set(id, unit);
      else {
        setOwn(units, id, unit);
        this.movedBacklog.delete(id);
      }
    }
    const positionsInterval = this.options.positionDeltaIntervalMs ?? POSITION_DELTA_INTERVAL_MS;
    const backlogged = this.movedBacklog.size > 0;
    if (backlogged && now - this.lastPositionsDeltaAt >= positionsInterval) {
      for (const [id, unit] of this.movedBacklog) setOwn(units, id, unit);
      this.movedBacklog.clear();
      this.lastPositionsDeltaAt = now;
    } else if (backlogged) {
      this.scheduleDelta(this.lastPositionsDeltaAt + positionsInterval - now);
    }
    const delta: PictureDelta = { ...changes, reset, changed: { ...changes.changed, units } };
    // Nothing but withheld moves: no delta (the status still goes, as before).
    const empty = isEmptyDelta(delta);
    if (!empty) for (const listener of this.deltaListeners) listener(delta);
    this.emitStatus();
  }

  private scheduleFrame(): void {
    if (this.frameTimer || this.closed) return;
    const due = this.frames.dueIn(this.clock.now());
    if (due === null) return;
    this.frameTimer = this.clock.setTimeout(() => {
      this.frameTimer = null;
      const frame = this.frames.take(this.clock.now(), this.framesSeq);
      if (frame) for (const listener of this.frameListeners) listener(frame);
      // Changed again meanwhile: the next one at its time.
      this.scheduleFrame();
    }, due);
  }

  private emitStatus(): void {
    if (this.statusListeners.size === 0 || this.closed) return;
    const status = this.status;
    for (const listener of this.statusListeners) listener(status);
  }
}

export type { CoreStatus, PictureDelta };
