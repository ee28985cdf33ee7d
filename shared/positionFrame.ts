import { AGENCIES, UNIT_KINDS, UNIT_STATUSES, type Agency, type UnitKind, type UnitStatus } from './domain';

/**
 * The position channel: where every unit is, as typed arrays with one index per unit, sent a few
 * times a second whatever the number of reports. A frame is a full picture of the columns, so a
 * receiver that falls behind keeps the newest and loses nothing by dropping the others. The unit
 * table (which id each index is, and what the map draws it with) goes along only when it changed.
 */

/** Most units a frame may carry: beyond the largest operation by far, so a bad count is refused. */
export const MAX_FRAME_UNITS = 200_000;

/** Which unit each index of the frames is, and how the map draws it. Arrays are indexed alike. */
export interface UnitTable {
  /** The index generation: a new one after a snapshot or an operation change (indexes restart). */
  readonly epoch: number;
  /** Grows with every change of the table within an epoch. */
  readonly version: number;
  readonly unitIds: readonly string[];
  readonly callsigns: readonly string[];
  readonly agencies: readonly Agency[];
  readonly kinds: readonly UnitKind[];
  readonly statuses: readonly UnitStatus[];
}

/** One picture of every unit's position, as typed-array columns (ArrayBuffers on the wire). */
export interface PositionFrame {
  readonly epoch: number;
  /** Grows with every frame (across epochs): the newer frame has the greater version. */
  readonly version: number;
  /** The core's committed seq when the frame was taken. */
  readonly seq: number;
  /** Units in the frame: indexes 0 … count-1 of the table. */
  readonly count: number;
  /** The table version the frame's indexes belong to. */
  readonly tableVersion: number;
  /** Float64 lon, lat per unit (count × 2). */
  readonly lonLat: ArrayBuffer;
  /** Float32 degrees per unit. */
  readonly heading: ArrayBuffer;
  /** Float32 km/h per unit. */
  readonly speed: ArrayBuffer;
  /** Float64 epoch ms of each unit's report (operation time). */
  readonly reportedAt: ArrayBuffer;
  /** Present when the receiver may not have this table yet. */
  readonly table?: UnitTable;
}

/** A frame opened as typed arrays, with its table, checked to agree with each other. */
export interface DecodedFrame {
  readonly frame: PositionFrame;
  readonly table: UnitTable;
  readonly lonLat: Float64Array;
  readonly heading: Float32Array;
  readonly speed: Float32Array;
  readonly reportedAt: Float64Array;
}

function isCount(n: unknown, max = Number.MAX_SAFE_INTEGER): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= max;
}

function bufferOf(value: unknown): ArrayBuffer | null {
  return value instanceof ArrayBuffer ? value : null;
}

function stringsOf<T extends string>(value: unknown, allowed?: readonly T[]): T[] | null {
  if (!Array.isArray(value)) return null;
  const set = allowed ? new Set<string>(allowed) : null;
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || item.length > 200) return null;
    if (set && !set.has(item)) return null;
  }
  return value as T[];
}

/**
 * Checks a unit table off the wire: the reason it is refused, or null when it is sound (every
 * array as long as the ids, known agencies, kinds and statuses).
 */
export function unitTableProblem(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object') return 'table is not an object';
  const t = raw as Record<string, unknown>;
  if (!isCount(t.epoch) || !isCount(t.version)) return 'table epoch or version is not a count';
  const ids = stringsOf(t.unitIds);
  if (!ids) return 'table unitIds are not strings';
  if (ids.length > MAX_FRAME_UNITS) return `table has ${ids.length} units, more than ${MAX_FRAME_UNITS}`;
  const columns: [string, unknown, readonly string[] | undefined][] = [
    ['callsigns', t.callsigns, undefined],
    ['agencies', t.agencies, AGENCIES],
    ['kinds', t.kinds, UNIT_KINDS],
    ['statuses', t.statuses, UNIT_STATUSES],
  ];
  for (const [name, column, allowed] of columns) {
    const values = stringsOf(column, allowed);
    if (!values) return `table ${name} are not all known values`;
    if (values.length !== ids.length)
      return `table ${name} has ${values.length} entries for ${ids.length} units`;
  }
  return null;
}

/**
 * Checks a frame off the wire: the reason it is refused, or null when its numbers are sound (counts
 * bounded, each column exactly as long as the count says, positions finite and on the globe). A
 * frame that carries a table must carry a sound one.
 */
export function positionFrameProblem(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object') return 'frame is not an object';
  const f = raw as Record<string, unknown>;
  for (const key of ['epoch', 'version', 'seq', 'tableVersion'] as const)
    if (!isCount(f[key])) return `frame ${key} is not a count`;
  if (!isCount(f.count, MAX_FRAME_UNITS)) return `frame count is not a count up to ${MAX_FRAME_UNITS}`;
  const count = f.count;
  const sizes: [string, unknown, number][] = [
    ['lonLat', f.lonLat, count * 16],
    ['heading', f.heading, count * 4],
    ['speed', f.speed, count * 4],
    ['reportedAt', f.reportedAt, count * 8],
  ];
  for (const [name, value, bytes] of sizes) {
    const buffer = bufferOf(value);
    if (!buffer) return `frame ${name} is not an ArrayBuffer`;
    if (buffer.byteLength !== bytes) return `frame ${name} has ${buffer.byteLength} bytes for ${count} units`;
  }
  const lonLat = new Float64Array(f.lonLat as ArrayBuffer);
  for (let i = 0; i < count; i++) {
    const lon = lonLat[2 * i]!;
    const lat = lonLat[2 * i + 1]!;
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
      return `frame position ${i} is not a longitude and latitude`;
  }
  const reportedAt = new Float64Array(f.reportedAt as ArrayBuffer);
  for (let i = 0; i < count; i++)
    if (!Number.isFinite(reportedAt[i])) return `frame report time ${i} is not finite`;
  const heading = new Float32Array(f.heading as ArrayBuffer);
  const speed = new Float32Array(f.speed as ArrayBuffer);
  for (let i = 0; i < count; i++)
    if (!Number.isFinite(heading[i]) || !Number.isFinite(speed[i]))
      return `frame heading or speed ${i} is not finite`;
  if (f.table !== undefined) {
    const problem = unitTableProblem(f.table);
    if (problem) return problem;
    const table = f.table as UnitTable;
    if (table.epoch !== f.epoch || table.version !== f.tableVersion)
      return 'frame table is not the one the frame names';
    if (table.unitIds.length < count) return `frame has ${count} units but its table ${table.unitIds.length}`;
  }
  return null;
}

/**
 * Opens a checked frame with the table it belongs to, or null when they do not agree (another
 * epoch, or more units than the table names): the receiver waits for the table that goes with it.
 */
export function decodeFrame(frame: PositionFrame, table: UnitTable): DecodedFrame | null {
  if (table.epoch !== frame.epoch || table.version < frame.tableVersion) return null;
  if (table.unitIds.length < frame.count) return null;
  return {
    frame,
    table,
    lonLat: new Float64Array(frame.lonLat),
    heading: new Float32Array(frame.heading),
    speed: new Float32Array(frame.speed),
    reportedAt: new Float64Array(frame.reportedAt),
  };
}
