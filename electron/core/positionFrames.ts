import type { PositionFrame, UnitTable } from '../../shared/positionFrame';
import type { Agency, UnitKind, UnitStatus } from '../../shared/domain';
import type { Unit } from '../../shared/state';
import { SendWindow } from './sendWindow';

/** Frames go out at most this often (4 a second), however many reports arrive. */
export const FRAME_INTERVAL_MS = 250;

/**
 * The producer of the position channel: a stable index per unit (append-only within an epoch, a new
 * epoch after a snapshot or an operation change) and typed-array columns written as positions
 * commit. {@link PositionFrames.take} copies the columns into a frame when something moved and the
 * cadence allows; the table is rebuilt only when a unit joined or changed what the map draws it with.
 */
export class PositionFrames {
  private index = new Map<string, number>();
  private unitIds: string[] = [];
  private callsigns: string[] = [];
  private agencies: Agency[] = [];
  private kinds: UnitKind[] = [];
  private statuses: UnitStatus[] = [];
  private lonLat = new Float64Array(0);
  private heading = new Float32Array(0);
  private speed = new Float32Array(0);
  private reportedAt = new Float64Array(0);
  private epoch = 0;
  private version = 0;
  private tableVersion = 0;
  private tableCache: UnitTable | null = null;
  private dirty = false;
  private lastTakenAt = Number.NEGATIVE_INFINITY;
  private newest: PositionFrame | null = null;

  constructor(private readonly intervalMs = FRAME_INTERVAL_MS) {}

  /** Starts a new index from a whole picture (a snapshot, another operation). */
  reset(units: Readonly<Record<string, Unit>>): void {
    this.epoch++;
    this.index = new Map();
    this.unitIds = [];
    this.callsigns = [];
    this.agencies = [];
    this.kinds = [];
    this.statuses = [];
    this.tableVersion = 0;
    this.tableCache = null;
    this.newest = null;
    this.dirty = true;
    this.update(Object.values(units));
  }

  /** Writes the units that changed; only units with a position get an index. */
  update(units: Iterable<Unit>): void {
    for (const unit of units) {
      const p = unit.position;
      let i = this.index.get(unit.unitId);
      if (i === undefined) {
        if (!p) continue;
        i = this.unitIds.length;
        this.index.set(unit.unitId, i);
        this.unitIds.push(unit.unitId);
        this.callsigns.push(unit.callsign);
        this.agencies.push(unit.agency);
        this.kinds.push(unit.kind);
        this.statuses.push(unit.status);
        this.grow(i + 1);
        this.tableChanged();
      } else if (
        this.callsigns[i] !== unit.callsign ||
        this.agencies[i] !== unit.agency ||
        this.kinds[i] !== unit.kind ||
        this.statuses[i] !== unit.status
      ) {
        this.callsigns[i] = unit.callsign;
        this.agencies[i] = unit.agency;
        this.kinds[i] = unit.kind;
        this.statuses[i] = unit.status;
        this.tableChanged();
      }
      if (!p) continue;
      if (
        this.lonLat[2 * i] === p.lon &&
        this.lonLat[2 * i + 1] === p.lat &&
        this.reportedAt[i] === p.at &&
        this.heading[i] === Math.fround(p.heading) &&
        this.speed[i] === Math.fround(p.speed)
      )
        continue;
      this.lonLat[2 * i] = p.lon;
      this.lonLat[2 * i + 1] = p.lat;
      this.heading[i] = p.heading;
      this.speed[i] = p.speed;
      this.reportedAt[i] = p.at;
      this.dirty = true;
    }
  }

  /** Milliseconds until a frame may be taken (0: now), or null when nothing changed. */
  dueIn(now: number): number | null {
    if (!this.dirty) return null;
    return Math.max(0, this.lastTakenAt + this.intervalMs - now);
  }

  /** A frame of the columns when something changed and the interval has passed; else null. */
  take(now: number, seq: number): PositionFrame | null {
    if (this.dueIn(now) !== 0) return null;
    this.dirty = false;
    this.lastTakenAt = now;
    const count = this.unitIds.length;
    this.newest = {
      epoch: this.epoch,
      version: ++this.version,
      seq,
      count,
      tableVersion: this.tableVersion,
      // Copies: the columns go on changing while the frame waits for its socket.
      lonLat: this.lonLat.slice(0, 2 * count).buffer,
      heading: this.heading.slice(0, count).buffer,
      speed: this.speed.slice(0, count).buffer,
      reportedAt: this.reportedAt.slice(0, count).buffer,
    };
    return this.newest;
  }

  /** The newest frame taken in this epoch, for a receiver that joins late. */
  get latest(): PositionFrame | null {
    return this.newest;
  }

  /** The unit table now (one object per version, so it is built once however many receivers). */
  table(): UnitTable {
    this.tableCache ??= {
      epoch: this.epoch,
      version: this.tableVersion,
      unitIds: [...this.unitIds],
      callsigns: [...this.callsigns],
      agencies: [...this.agencies],
      kinds: [...this.kinds],
      statuses: [...this.statuses],
    };
    return this.tableCache;
  }

  private tableChanged(): void {
    this.tableVersion++;
    this.tableCache = null;
    this.dirty = true;
  }

  private grow(size: number): void {
    if (this.heading.length >= size) return;
    const capacity = Math.max(size, this.heading.length * 2, 64);
    const lonLat = new Float64Array(2 * capacity);
    lonLat.set(this.lonLat);
    this.lonLat = lonLat;
    const heading = new Float32Array(capacity);
    heading.set(this.heading);
    this.heading = heading;
    const speed = new Float32Array(capacity);
    speed.set(this.speed);
    this.speed = speed;
    const reportedAt = new Float64Array(capacity);
    reportedAt.set(this.reportedAt);
    this.reportedAt = reportedAt;
  }
}

/**
 * One receiver's window on the frames: at most one frame in flight, and only the newest waiting
 * behind it, so a slow socket never has a queue of pictures to work through. The table goes along
 * whenever the receiver may not have the one the frame belongs to.
 */
export class FrameWindow extends SendWindow<PositionFrame> {
  private sentTable: { epoch: number; version: number } | null = null;

  constructor(
    private readonly table: () => UnitTable,
    /** Sends a frame; `done` is called once the receiver has it (or gave up waiting). */
    send: (frame: PositionFrame, done: () => void) => void,
  ) {
    super(send);
  }

  /** Frames replaced by a newer one before they could be sent. */
  get dropped(): number {
    return this.combined;
  }

  /** A new frame replaces one still waiting. */
  protected combine(_waiting: PositionFrame, next: PositionFrame): PositionFrame {
    return next;
  }

  protected override prepare(frame: PositionFrame): PositionFrame | null {
    const table = this.table();
    // A frame of an older epoch than the table is of no use to anyone.
    if (table.epoch !== frame.epoch) return null;
    const sent = this.sentTable;
    if (!sent || sent.epoch !== table.epoch || sent.version < frame.tableVersion) {
      // The table may be newer than the frame (append-only within an epoch): the frame says so.
      this.sentTable = { epoch: table.epoch, version: table.version };
      return { ...frame, tableVersion: table.version, table };
    }
    return frame;
  }
}
