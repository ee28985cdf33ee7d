import { applyEvents } from '../../../shared/applyEvent';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import { INCIDENT_CATEGORIES, INCIDENT_PRIORITIES, type IncidentPriority } from '../../../shared/domain';
import { getOwn, setOwn } from '../../../shared/getOwn';
import { jsonEqual } from '../../../shared/jsonEqual';
import type { FeedEvent } from '../../../shared/protocol/events';
import { describeZodError, parseEvent } from '../../../shared/protocol/parseEvent';
import { asOperationState, operationStateSchema } from '../../../shared/protocol/stateSchema';
import {
  TRAIL_POINTS_MAX,
  type LogEntry,
  type ReplaySourceInfo,
  type SeekResult,
  type StepTarget,
  type TimelineBookmark,
  type TimelineSummary,
} from '../../../shared/replay';
import { ENTITY_COLLECTIONS, getEmptyState, type OperationState } from '../../../shared/state';
import { diffStates } from '../../../shared/pictureDelta';
import type { ReplayReader, StoredEvent } from '../store/SqliteStore';

/** Where a replay reads: the live store (which goes on filling) or an archive opened read only. */
export interface ReplaySource {
  store: ReplayReader;
  kind: 'live' | 'archive';
  /**
   * Check every event and keyframe against the protocol before folding it: an archive comes from
   * elsewhere and may have been altered. The live store holds only what ingest validated.
   */
  validate?: boolean;
  /** The live picture, for the live store: the timeline's density comes from it without a scan. */
  liveState?: () => OperationState;
}

/** The newest events the event list gets. */
const LOG_ENTRIES = 200;
/** The most reports of a unit one step of playback adds to its trail. */
const TRAIL_STEP_POINTS_MAX = 24;

/** The state at the operation time asked for, and where it came from. */
interface Cursor {
  seq: number;
  state: OperationState;
}

/**
 * One user's replay: the picture at any moment of an operation, from keyframes and the shared
 * reducer, so a replayed moment is exactly the fold of the log up to it. It remembers where it
 * stands, so playing forward folds only the events since the last step, and sends the UI only what
 * changed. Reads share the live store's connection (the feed keeps being stored meanwhile).
 */
export class ReplaySession {
  private cursor: Cursor | null = null;
  /** The moment of the previous seek, to send only the reports since then on a step of playback. */
  private lastAt: number | null = null;
  /** The picture the UI holds (what the last seek sent), to compute the next delta against. */
  private sent: OperationState | null = null;
  private incidentTimes: { count: number; times: number[] } = { count: -1, times: [] };

  constructor(
    readonly source: ReplaySource,
    private readonly operator: string,
  ) {}

  /** What the UI says about the source. */
  info(): ReplaySourceInfo {
    const store = this.source.store;
    const state = this.finalState();
    const operationId = store.position().operationId ?? state.operation?.operationId ?? null;
    const name = state.operation?.name ?? operationId ?? 'operation';
    return {
      kind: this.source.kind,
      label: this.source.kind === 'archive' ? `${name} (archive, read only)` : name,
      path: this.source.kind === 'archive' ? store.path : null,
      operationId,
      readOnly: store.readOnly,
    };
  }

  /** The newest picture of the source: the live state, or the archive's last state. */
  finalState(): OperationState {
    if (this.source.liveState) return this.source.liveState();
    if (!this.archiveFinal) {
      const loaded = this.source.store.loadState().state;
      this.archiveFinal = this.source.validate
        ? this.checkedKeyframe({ seq: -1, state: loaded }).state
        : loaded;
    }
    return this.archiveFinal;
  }
  private archiveFinal: OperationState | null = null;

  /** Incident density over the whole operation, and the bookmarks. */
  timeline(binCount: number, localBookmarks: TimelineBookmark[]): TimelineSummary {
    const { startTs, endTs } = this.source.store.timeRange();
    const state = this.finalState();
    const incidents = Object.values(state.incidents);
    const bins = Math.max(1, Math.min(2000, Math.floor(binCount)));
    const span = startTs !== null && endTs !== null ? Math.max(1, endTs - startTs + 1) : 1;
    const binMs = Math.ceil(span / bins);
    const byPriority = Object.fromEntries(
      INCIDENT_PRIORITIES.map((p) => [p, new Array<number>(bins).fill(0)]),
    ) as Record<IncidentPriority, number[]>;
    const byCategory: TimelineSummary['bins']['byCategory'] = {};
    for (const incident of incidents) {
      if (startTs === null) break;
      const i = Math.floor((incident.reportedAt - startTs) / binMs);
      if (i < 0 || i >= bins) continue;
      byPriority[incident.priority][i]!++;
      (byCategory[incident.category] ??= new Array<number>(bins).fill(0))[i]!++;
    }
    // Keep the categories in the domain's order, so colours stay put from one refresh to the next.
    const ordered: TimelineSummary['bins']['byCategory'] = {};
    for (const c of INCIDENT_CATEGORIES) if (byCategory[c]) ordered[c] = byCategory[c];
    const shared = sharedBookmarks(state);
    return {
      source: this.info(),
      startTs,
      endTs,
      binMs,
      bins: { byPriority, byCategory: ordered },
      incidentCount: incidents.length,
      bookmarks: [...shared, ...localBookmarks].sort((a, b) => a.at - b.at),
    };
  }

  /**
   * The moment after (direction 1) or before (-1) `from` at which an incident was reported or a
   * bookmark was set; null when there is none.
   */
  step(
    from: number,
    direction: 1 | -1,
    target: StepTarget,
    bookmarks: readonly TimelineBookmark[],
  ): number | null {
    const times: number[] = [];
    if (target !== 'bookmark') times.push(...this.sortedIncidentTimes());
    if (target !== 'incident') times.push(...bookmarks.map((b) => b.at));
    let best: number | null = null;
    for (const t of times) {
      if (direction === 1 ? t > from && (best === null || t < best) : t < from && (best === null || t > best))
        best = t;
    }
    return best;
  }

  private sortedIncidentTimes(): number[] {
    const incidents = this.finalState().incidents;
    const count = Object.keys(incidents).length;
    if (this.incidentTimes.count !== count) {
      this.incidentTimes = {
        count,
        times: Object.values(incidents)
          .map((i) => i.reportedAt)
          .sort((a, b) => a - b),
      };
    }
    return this.incidentTimes.times;
  }

  /**
   * The picture at `at`. `exact` asks for the trails over `trailWindowMs` before it (a seek, a
   * pause); without it (a step of playback) the UI extends the trails it holds.
   */
  seek(at: number, options: { trailWindowMs: number; exact: boolean }): SeekResult {
    const started = performance.now();
    const { state, seq, path } = this.stateAt(at);
    const first = this.sent === null;
    const delta = first ? null : diffStates(this.sent!, state, seq);
    this.sent = state;
    const units = Object.keys(state.units);
    let trails: SeekResult['trails'] = null;
    let trailsAdded: SeekResult['trailsAdded'] = null;
    if (options.exact || first) {
      trails = thin(this.source.store.trailsBetween(at - options.trailWindowMs, at, units), TRAIL_POINTS_MAX);
    } else if (this.lastAt !== null && at > this.lastAt) {
      // A page that cannot keep up asks for big steps; what one step adds is thinned like a jump's
      // trails, so a slow page is not sent ever more. Pausing fetches the exact trails.
      trailsAdded = thin(
        this.source.store.trailsBetween(Math.max(this.lastAt + 1, at - options.trailWindowMs), at, units),
        TRAIL_STEP_POINTS_MAX,
      );
    } else if (this.lastAt !== null && at < this.lastAt) {
      // Dragged backwards: the trails the UI holds are of later moments. None until the exact seek.
      trails = {};
    }
    this.lastAt = at;
    const log: LogEntry[] = this.source.store.logBefore(at, LOG_ENTRIES);
    return {
      at,
      seq,
      state: first ? state : null,
      delta,
      trails,
      trailsAdded,
      log,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      path,
    };
  }

  /** Forgets what the UI holds: the next seek sends the whole picture. */
  resetView(): void {
    this.sent = null;
    this.lastAt = null;
  }

  /**
   * The fold of the log up to the newest event at or before `at`. From where the last seek stood
   * when moving forward with no keyframe in between; otherwise from the newest keyframe at or
   * before the target (a snapshot also leaves a keyframe, so a fold never crosses a hole in the log).
   */
  stateAt(at: number): { state: OperationState; seq: number; path: SeekResult['path'] } {
    const store = this.source.store;
    let target = store.eventAtOrBefore(at);
    // A snapshot has no row in the log, only its keyframe: from its time on, it is the picture.
    const snapshot = store.keyframeAfter(target?.seq ?? 0, at);
    if (snapshot) target = snapshot;
    if (!target) {
      this.cursor = { seq: 0, state: getEmptyState() };
      return { state: this.cursor.state, seq: 0, path: 'empty' };
    }
    const cursor = this.cursor;
    if (cursor && cursor.seq === target.seq) return { state: cursor.state, seq: cursor.seq, path: 'same' };
    let base: Cursor;
    let path: SeekResult['path'];
    if (cursor && cursor.seq < target.seq && store.keyframeSeqIn(cursor.seq, target.seq) === undefined) {
      base = cursor;
      path = 'forward';
    } else {
      const keyframe = this.checkedKeyframe(store.keyframeAtOrBefore(target.seq));
      base = keyframe
        ? { seq: keyframe.seq, state: this.share(keyframe.state) }
        : { seq: 0, state: getEmptyState() };
      path = 'keyframe';
    }
    let state = base.state;
    for (const page of store.eventsBetween(base.seq, target.seq)) {
      state = applyEvents(
        state,
        this.source.validate ? this.checked(page) : (page as unknown as FeedEvent[]),
      );
    }
    this.cursor = { seq: target.seq, state };
    return { state, seq: target.seq, path };
  }

  /**
   * A keyframe decodes to all-new objects. Entities equal to what the UI already holds are
   * replaced by those objects, so the delta (a reference comparison) sends only real changes and
   * the map keeps its buffers for the sector geometry.
   */
  private share(state: OperationState): OperationState {
    const held = this.sent;
    if (!held) return state;
    const out = { ...state } as { -readonly [K in keyof OperationState]: OperationState[K] };
    if (held.operation && jsonEqual(held.operation, state.operation)) out.operation = held.operation;
    for (const kind of ENTITY_COLLECTIONS) {
      const before = held[kind] as Record<string, unknown>;
      const after = state[kind] as Record<string, unknown>;
      const merged: Record<string, unknown> = {};
      for (const [id, entity] of Object.entries(after)) {
        const old = getOwn(before, id);
        setOwn(merged, id, old !== undefined && jsonEqual(old, entity) ? old : entity);
      }
      (out as Record<string, unknown>)[kind] = merged;
    }
    return out;
  }

  /** Events of an archive that failed the protocol's checks and were left out of the picture. */
  rejected = 0;

  private checked(page: readonly StoredEvent[]): FeedEvent[] {
    const out: FeedEvent[] = [];
    for (const raw of page) {
      const parsed = parseEvent({
        seq: raw.seq,
        id: raw.id,
        ts: raw.ts,
        type: raw.type,
        payload: raw.payload,
      });
      if (parsed.kind === 'known') out.push(parsed.event);
      else this.rejected++;
    }
    return out;
  }

  private checkedKeyframe<T extends { seq: number; state: OperationState }>(keyframe: T): T;
  private checkedKeyframe<T extends { seq: number; state: OperationState }>(
    keyframe: T | undefined,
  ): T | undefined;
  private checkedKeyframe<T extends { seq: number; state: OperationState }>(
    keyframe: T | undefined,
  ): T | undefined {
    if (!keyframe || !this.source.validate) return keyframe;
    const parsed = operationStateSchema.safeParse(keyframe.state);
    if (!parsed.success)
      throw new CoreMessageError(
        keyframe.seq === -1
          ? coreMessage('replay.keyframeInvalidAtEnd', { reason: describeZodError(parsed.error) })
          : coreMessage('replay.keyframeInvalid', {
              seq: keyframe.seq,
              reason: describeZodError(parsed.error),
            }),
      );
    return { ...keyframe, state: asOperationState(parsed.data) };
  }

  /** Who adds bookmarks from this session. */
  get author(): string {
    return this.operator;
  }
}

/** Thins each trail evenly to at most `max` points, always keeping the newest (where the unit is). */
export function thin<T>(trails: Record<string, T[]>, max: number): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const [id, points] of Object.entries(trails)) {
    if (points.length <= max) {
      setOwn(out, id, points);
      continue;
    }
    const step = points.length / max;
    const kept: T[] = [];
    for (
      let i = points.length - 1;
      i >= 0 && kept.length < max;
      i = Math.floor(points.length - 1 - kept.length * step)
    )
      kept.push(points[i]!);
    setOwn(out, id, kept.reverse());
  }
  return out;
}

/** The bookmarks that came through the feed, as the timeline shows them. */
export function sharedBookmarks(state: OperationState): TimelineBookmark[] {
  return Object.values(state.bookmarks).map((b) => ({
    bookmarkId: b.bookmarkId,
    at: b.at,
    label: b.label,
    ...(b.note ? { note: b.note } : {}),
    author: b.author,
    shared: true,
  }));
}
