import { overdueReadmissionCount } from '../../shared/readmission';
import { randomUUID } from 'node:crypto';
import type { ImpactLevel } from '../../shared/domain';
import { checkStructure } from '../../shared/protocol/checkStructure';
import {
  commandSchema,
  snapshotSchema,
  type Command,
  type CommandType,
  type Welcome,
} from '../../shared/protocol/messages';
import { describeZodError } from '../../shared/protocol/parseEvent';
import { operationStateSchema, SNAPSHOT_STRUCTURE_LIMITS } from '../../shared/protocol/stateSchema';
import type { CoreStatus, LinkState } from '../../shared/coreTypes';
import type { OperationState, Unit } from '../../shared/state';
import type { PositionFrame, UnitTable } from '../../shared/positionFrame';
import { getOwn, setOwn } from '../../shared/getOwn';
import { PositionFrames } from './positionFrames';
import { diffStates, isEmptyDelta, type PictureDelta } from '../../shared/pictureDelta';
import { systemClock, type Clock, type ClockTimer } from './clock';
import { FeedClient, type FeedConnection, type FeedTimings } from './feed/FeedClient';
import { Ingest, type IngestOptions } from './Ingest';
import {
  SqliteStore,
  type BookmarkStore,
  type OpenNotice,
  type QueryFigures,
  type ReplayReader,
} from './store/SqliteStore';
import type { OutboxEntry } from '../../shared/coreTypes';

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

/** Pause before resending a command that got no final answer while the link stayed up. */
const OUTBOX_RETRY_MS = 5000;

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
  private pendingReset = false;
  private link: LinkState = 'offline';
  private linkError: string | null = null;
  private linkFatal = false;
  private clockOffsetMs: number | null = null;
  private operationId: string | null;
  private sending = false;
  /** Set when a command was issued while a round was running, so that round goes once more. */
  private outboxDirty = false;
  private outboxRetry: ClockTimer | null = null;
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

  private constructor(options: CoreOptions, store: SqliteStore, notice: OpenNotice) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
    this.store = store;
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
    if (notice.check === 'background') void core.checkStoreInBackground();
    return core;
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

  private storeNotice(): string | null {
    if (this.notice.movedAside)
      return `The local store was damaged and has been moved aside to ${this.notice.movedAside}; the picture is being rebuilt from the server.`;
    if (this.notice.check !== 'background') return null;
    if (this.storeCheck === null)
      return 'Watchfloor was not closed cleanly last time: the local store is being checked in the background. The picture is usable meanwhile.';
    if (!this.storeCheck.sound)
      return `The background check found the local store damaged (${this.storeCheck.problems.slice(0, 2).join('; ')}). Restart Watchfloor: the store will be moved aside and the picture rebuilt from the server.`;
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
      outboxDepth: this.store.outbox.depth(),
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

  /** The officers' commands, newest last, with where each stands. */
  outbox(): OutboxEntry[] {
    return this.store.outbox.list();
  }

  /** The pending commands and the most recent others, oldest first: what the UI shows of the outbox. */
  outboxRecent(): OutboxEntry[] {
    return this.store.outbox.recent();
  }

  /** What replay reads of the live store (its timeline, trails, exports, report). */
  replaySource(): ReplayReader {
    return this.store.reader;
  }

  /** The bookmarks kept on this workstation. */
  get bookmarks(): BookmarkStore {
    return this.store.bookmarks;
  }

  /** The store's file. */
  get storePath(): string {
    return this.store.path;
  }

  /** What the store's queries cost and the slow ones, for the diagnostics. */
  storeQueries(): QueryFigures {
    return this.store.queryFigures();
  }

  /** Acknowledges an incident. Returns the command id; the effect arrives as an event. */
  acknowledge(incidentId: string): string {
    return this.issue('incident.acknowledge', { incidentId });
  }

  /** Adds a note to an incident. */
  addNote(incidentId: string, text: string): string {
    return this.issue('incident.add_note', { incidentId, text });
  }

  /** Sends units to an incident. */
  assign(incidentId: string, unitIds: string[]): string {
    return this.issue('incident.assign', { incidentId, unitIds });
  }

  /** Changes a sector's impact level. */
  setImpact(sectorId: string, impactLevel: ImpactLevel, reason?: string): string {
    return this.issue('sector.set_impact', { sectorId, impactLevel, ...(reason ? { reason } : {}) });
  }

  /** Marks a moment of the operation. */
  /** The requested country accepts a readmission case. */
  acceptReadmission(caseId: string): string {
    return this.issue('readmission.accept', { caseId });
  }

  /** The requested country refuses a readmission case, with the reason. */
  refuseReadmission(caseId: string, reason: string): string {
    return this.issue('readmission.refuse', { caseId, reason });
  }

  /**
   * Links incidents as one case: a new case named `title` (its id is the command id returned), or
   * more incidents for the case `caseId`.
   */
  linkIncidents(link: { caseId?: string; title?: string; incidentIds: readonly string[] }): string {
    return this.issue('incident.link', {
      ...(link.caseId !== undefined ? { caseId: link.caseId } : {}),
      ...(link.title !== undefined ? { title: link.title } : {}),
      incidentIds: [...link.incidentIds],
    });
  }

  /** Takes an incident out of a linked case. */
  unlinkIncident(caseId: string, incidentId: string): string {
    return this.issue('incident.unlink', { caseId, incidentId });
  }

  /** The persons of an accepted case were handed over at the crossing point. */
  recordHandover(caseId: string, persons?: readonly { nationality: string; persons: number }[]): string {
    return this.issue('readmission.record_handover', { caseId, ...(persons ? { persons } : {}) });
  }

  addBookmark(label: string, at: number, note?: string): string {
    return this.issue('bookmark.add', { label, at, ...(note ? { note } : {}) });
  }

  /**
   * Validates a command, writes it to the outbox (committed before anything else happens), and
   * sends it when the link is up. Throws with a clear message on invalid input.
   */
  issue(type: CommandType, payload: Record<string, unknown>): string {
    const commandId = this.newId();
    const parsed = commandSchema.safeParse({ id: commandId, type, by: this.options.operator, payload });
    if (!parsed.success)
      throw new Error(`That ${type.replace('.', ' ')} is not valid: ${describeZodError(parsed.error)}`);
    this.store.outbox.add({
      commandId,
      type,
      payload: parsed.data.payload,
      issuedBy: this.options.operator,
      createdAt: this.clock.now(),
    });
    this.emitStatus();
    void this.flushOutbox();
    return commandId;
  }

  /** Commits what is buffered and stops the link; the store stays consistent for the next start. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.feed?.stop();
    this.ingest.flush();
    if (this.deltaTimer) this.clock.clearTimeout(this.deltaTimer);
    if (this.frameTimer) this.clock.clearTimeout(this.frameTimer);
    if (this.outboxRetry) this.clock.clearTimeout(this.outboxRetry);
    this.store.close();
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
    this.linkError = `The local store could not be written (${error instanceof Error ? error.message : String(error)}); what was not stored will be fetched again from the server.`;
    this.emitStatus();
  }

  private onWelcome(welcome: Welcome): void {
    const expected = this.options.expectedOperationId;
    if (expected && expected !== welcome.operationId) {
      this.linkError = `This server runs operation ${welcome.operationId}, not ${expected} as the connection profile expects: check the server address or the profile.`;
      this.linkFatal = true;
      this.feed?.stop();
      this.emitStatus();
      return;
    }
    if (this.operationId && this.operationId !== welcome.operationId && this.ingest.committedSeq > 0) {
      this.linkError = `The server runs operation ${welcome.operationId}, but this store holds ${this.operationId}; open a store for that operation.`;
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
      return this.flushOutbox();
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
      this.linkError = `The server sent a snapshot that failed validation (${reason}); keeping the last good picture.`;
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
      this.linkError = `The server sent a snapshot that was not applied (${refusal}); keeping the picture as it was.`;
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
   * Sends pending commands in order, one at a time, until none is left; a command issued meanwhile
   * is picked up by the next round. It stops at the first command without a final answer (no
   * answer in time, or a server error) so that later ones never overtake it, and tries again
   * after a pause while the link is up (a reconnect also starts a round).
   */
  private async flushOutbox(): Promise<void> {
    if (!this.feed?.connected || this.closed) return;
    if (this.sending) {
      this.outboxDirty = true;
      return;
    }
    this.sending = true;
    try {
      do {
        this.outboxDirty = false;
        for (const entry of this.store.outbox.list('pending')) {
          if (this.closed || !this.feed.connected) return;
          const command = {
            id: entry.commandId,
            type: entry.type,
            by: entry.issuedBy,
            payload: entry.payload,
          } as Command;
          let answer: Awaited<ReturnType<FeedClient['send']>> | Error;
          try {
            answer = await this.feed.send(command);
          } catch (error) {
            answer = error instanceof Error ? error : new Error(String(error));
          }
          if (this.closed) return;
          const now = this.clock.now();
          if (!(answer instanceof Error) && answer.ok) {
            this.store.outbox.result(entry.commandId, { status: 'acked', seqs: answer.seqs }, now);
          } else if (
            !(answer instanceof Error) &&
            (answer.error.code === 'rejected' || answer.error.code === 'bad_request')
          ) {
            this.store.outbox.result(
              entry.commandId,
              { status: 'rejected', error: answer.error.message },
              now,
            );
          } else {
            // No final answer: it stays pending and goes again (the id makes a repeat safe).
            this.store.outbox.attempt(
              entry.commandId,
              answer instanceof Error ? answer.message : answer.error.message,
              now,
            );
            this.emitStatus();
            this.retryOutboxLater();
            return;
          }
          this.emitStatus();
        }
      } while (this.outboxDirty);
    } catch (error) {
      this.reportStoreError(error);
    } finally {
      this.sending = false;
    }
  }

  private retryOutboxLater(): void {
    if (this.outboxRetry || this.closed) return;
    this.outboxRetry = this.clock.setTimeout(() => {
      this.outboxRetry = null;
      void this.flushOutbox();
    }, OUTBOX_RETRY_MS);
  }

  private scheduleDelta(delayMs = this.options.deltaIntervalMs ?? 100): void {
    if (this.deltaTimer || this.closed) return;
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
      const frame = this.frames.take(this.clock.now(), this.ingest.committedSeq);
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
