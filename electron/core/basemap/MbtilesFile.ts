import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TileFormat } from '../../../shared/basemap';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';

/**
 * A basemap that cannot be used (a tile file, a style server), and why: a message of the core
 * (`basemap.*`), shown in the officer's language; the file name and the system's words stay as they are.
 */
export class BasemapError extends CoreMessageError {}

/** The deepest zoom level a tile file may name (far past any basemap's; keeps 2^z exact). */
export const MAX_TILE_ZOOM = 24;

/** What a tile file says about itself. */
export interface MbtilesInfo {
  name: string;
  format: TileFormat;
  vectorLayers: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number] | null;
}

/** A tile as served: the bytes and their headers. */
export interface Tile {
  data: Buffer;
  contentType: string;
  /** The bytes are gzip-compressed (vector tiles often are): the browser unpacks them. */
  gzip: boolean;
}

const CONTENT_TYPES: Readonly<Record<TileFormat, string>> = {
  pbf: 'application/x-protobuf',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

/** The format a tile's first bytes give away, for files whose metadata does not say. */
function sniffFormat(data: Buffer): TileFormat | null {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp';
  // gzip, or a raw protobuf message (field 3, a layer): a vector tile.
  if ((data[0] === 0x1f && data[1] === 0x8b) || data[0] === 0x1a) return 'pbf';
  return null;
}

/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * An MBTiles file (https://github.com/mapbox/mbtiles-spec), opened read only: `metadata(name,
 * value)` and `tiles(zoom_level, tile_column, tile_row, tile_data)`, rows counted from the south
 * (TMS), each tile a vector tile (gzip or not) or a raster image. Opening checks all of it, so a
 * file that is not one is refused at once with the reason, not when the map asks for tiles.
 */
export class MbtilesFile {
  readonly info: MbtilesInfo;
  private readonly db: Database.Database;
  private readonly tileQuery: Database.Statement<[number, number, number], { tile_data: Buffer }>;

  private constructor(db: Database.Database, info: MbtilesInfo) {
    this.db = db;
    this.info = info;
    this.tileQuery = db.prepare(
      'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
    );
  }

  /** Opens and checks a tile file; a BasemapError says what is wrong with it. */
  static open(path: string): MbtilesFile {
    const name = basename(path);
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new BasemapError(coreMessage('basemap.notAFile', { name }));
      size = stat.size;
    } catch (error) {
      if (error instanceof BasemapError) throw error;
      throw new BasemapError(
        coreMessage('basemap.unreadable', { name, reason: (error as NodeJS.ErrnoException).code ?? 'error' }),
      );
    }
    const header = Buffer.alloc(SQLITE_HEADER.length);
    let fd: number | null = null;
    try {
      fd = openSync(path, 'r');
      readSync(fd, header, 0, header.length, 0);
    } catch (error) {
      throw new BasemapError(
        coreMessage('basemap.unreadable', { name, reason: (error as NodeJS.ErrnoException).code ?? 'error' }),
      );
    } finally {
      if (fd !== null) closeSync(fd);
    }
    if (size < 512 || header.toString('latin1') !== SQLITE_HEADER)
      throw new BasemapError(coreMessage('basemap.notSqlite', { name }));
    let db: Database.Database;
    try {
      const binding = process.env['WATCHFLOOR_SQLITE_BINDING'];
      db = new Database(path, {
        readonly: true,
        fileMustExist: true,
        ...(binding ? { nativeBinding: binding } : {}),
      });
    } catch (error) {
      throw new BasemapError(coreMessage('basemap.cannotOpen', { name, detail: (error as Error).message }));
    }
    try {
      return new MbtilesFile(db, readInfo(db, name));
    } catch (error) {
      db.close();
      if (error instanceof BasemapError) throw error;
      // SQLITE_CORRUPT, SQLITE_NOTADB and the like: the file is damaged.
      throw new BasemapError(coreMessage('basemap.damaged', { name, detail: (error as Error).message }));
    }
  }

  /** The tile at z/x/y (rows counted from the north, as maplibre asks), or null when the file has none. */
  tile(z: number, x: number, y: number): Tile | null {
    const row = this.tileQuery.get(z, x, 2 ** z - 1 - y);
    if (!row || !Buffer.isBuffer(row.tile_data)) return null;
    const data = row.tile_data;
    return {
      data,
      contentType: CONTENT_TYPES[this.info.format],
      gzip: this.info.format === 'pbf' && data[0] === 0x1f && data[1] === 0x8b,
    };
  }

  close(): void {
    this.db.close();
  }
}

/** Reads and checks the metadata and the tiles table's shape. */
function readInfo(db: Database.Database, name: string): MbtilesInfo {
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
      .all()
      .map((r) => r.name),
  );
  if (!tables.has('tiles') || !tables.has('metadata'))
    throw new BasemapError(
      coreMessage('basemap.missingTable', { name, table: tables.has('tiles') ? 'metadata' : 'tiles' }),
    );
  const columns = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('tiles')")
      .all()
      .map((r) => r.name),
  );
  for (const column of ['zoom_level', 'tile_column', 'tile_row', 'tile_data'])
    if (!columns.has(column)) throw new BasemapError(coreMessage('basemap.missingColumn', { name, column }));
  const metadata = new Map(
    db
      .prepare<[], { name: unknown; value: unknown }>('SELECT name, value FROM metadata')
      .all()
      .filter((r) => typeof r.name === 'string' && typeof r.value === 'string')
      .map((r) => [r.name as string, r.value as string]),
  );
  const first = db.prepare<[], { tile_data: unknown }>('SELECT tile_data FROM tiles LIMIT 1').get();
  if (!first || !Buffer.isBuffer(first.tile_data))
    throw new BasemapError(coreMessage('basemap.noTiles', { name }));
  const declared = metadata.get('format')?.toLowerCase();
  const format: TileFormat | null =
    declared === 'pbf' || declared === 'mvt'
      ? 'pbf'
      : declared === 'png' || declared === 'webp'
        ? declared
        : declared === 'jpg' || declared === 'jpeg'
          ? 'jpg'
          : declared === undefined
            ? sniffFormat(first.tile_data)
            : null;
  if (format === null)
    throw new BasemapError(coreMessage('basemap.unknownFormat', { name, format: declared ?? '?' }));
  let vectorLayers: string[] = [];
  if (format === 'pbf') {
    try {
      const json = JSON.parse(metadata.get('json') ?? '{}') as { vector_layers?: unknown };
      if (Array.isArray(json.vector_layers))
        vectorLayers = json.vector_layers
          .map((l: unknown) => (l as { id?: unknown } | null)?.id)
          .filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 128)
          .slice(0, 64);
    } catch {
      // Handled below: without its layer list a vector file cannot be drawn.
    }
    if (vectorLayers.length === 0) throw new BasemapError(coreMessage('basemap.noVectorLayers', { name }));
  }
  const zoom = (key: string, fallback: number): number => {
    const value = Number(metadata.get(key));
    return Number.isInteger(value) && value >= 0 && value <= MAX_TILE_ZOOM ? value : fallback;
  };
  const range = db
    .prepare<[], { lo: number | null; hi: number | null }>(
      'SELECT MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles',
    )
    .get();
  const minzoom = zoom('minzoom', Math.max(0, Math.min(MAX_TILE_ZOOM, range?.lo ?? 0)));
  const maxzoom = Math.max(minzoom, zoom('maxzoom', Math.max(0, Math.min(MAX_TILE_ZOOM, range?.hi ?? 14))));
  const b = (metadata.get('bounds') ?? '').split(',').map(Number);
  const bounds =
    b.length === 4 &&
    b.every(Number.isFinite) &&
    b[0]! >= -180 &&
    b[2]! <= 180 &&
    b[1]! >= -90 &&
    b[3]! <= 90 &&
    b[0]! < b[2]! &&
    b[1]! < b[3]!
      ? (b as [number, number, number, number])
      : null;
  return {
    name: (metadata.get('name') ?? name).slice(0, 200),
    format,
    vectorLayers,
    minzoom,
    maxzoom,
    bounds,
  };
}
