import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import Database from 'better-sqlite3';
import type { FeatureCollection } from 'geojson';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';

/** The name of the one area the test tile file holds, as the map's probe reports it. */
export const TEST_AREA_NAME = 'Regional test area';
/** The vector layer of the test tile file. */
export const TEST_LAYER = 'landuse';

/** An area over the middle of the operation (Serbia, Kosovo*, North Macedonia), where the map opens. */
const AREA: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: TEST_AREA_NAME },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [19.0, 41.2],
            [23.0, 41.2],
            [23.0, 45.0],
            [19.0, 45.0],
            [19.0, 41.2],
          ],
        ],
      },
    },
  ],
};

/** The tiles (z, x, y counted from the north) that a bounding box covers at one zoom level. */
function tilesOver(z: number, [w, s, e, n]: [number, number, number, number]): [number, number][] {
  const x = (lon: number): number => Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = (lat: number): number => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  const out: [number, number][] = [];
  for (let tx = x(w); tx <= x(e); tx++) for (let ty = y(n); ty <= y(s); ty++) out.push([tx, ty]);
  return out;
}

/** Writes the MBTiles tables and metadata. */
function newMbtiles(path: string, metadata: Record<string, string>): Database.Database {
  const db = new Database(path);
  db.exec(
    'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);',
  );
  const put = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
  for (const [name, value] of Object.entries(metadata)) put.run(name, value);
  return db;
}

/**
 * A small vector MBTiles file as a centre's would be: one polygon (named {@link TEST_AREA_NAME})
 * in layer {@link TEST_LAYER}, zoom 0 to `maxzoom`, rows stored TMS-flipped, gzip-compressed like
 * tippecanoe's. Returns the tiles written, keyed `z/x/y` (rows from the north), as stored.
 */
export function writeVectorMbtiles(
  path: string,
  options: { gzip?: boolean; maxzoom?: number } = {},
): Map<string, Buffer> {
  const maxzoom = options.maxzoom ?? 7;
  const index = new GeoJSONVT(AREA, { maxZoom: maxzoom, indexMaxZoom: maxzoom, buffer: 64 });
  const db = newMbtiles(path, {
    name: 'Test region',
    format: 'pbf',
    minzoom: '0',
    maxzoom: String(maxzoom),
    bounds: '19,41.2,23,45',
    json: JSON.stringify({ vector_layers: [{ id: TEST_LAYER, fields: { name: 'String' } }] }),
  });
  const insert = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  const written = new Map<string, Buffer>();
  for (let z = 0; z <= maxzoom; z++)
    for (const [x, y] of tilesOver(z, [19, 41.2, 23, 45])) {
      const tile = index.getTile(z, x, y);
      if (!tile) continue;
      const pbf = Buffer.from(fromGeojsonVt({ [TEST_LAYER]: tile }, { version: 2, extent: 4096 }));
      const data = options.gzip === false ? pbf : gzipSync(pbf);
      insert.run(z, x, 2 ** z - 1 - y, data);
      written.set(`${z}/${x}/${y}`, data);
    }
  db.close();
  return written;
}

/** A raster MBTiles file of one 256-pixel PNG tile at 0/0/0, all of one colour. */
export function writeRasterMbtiles(path: string, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width: 256, height: 256 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = rgb[0];
    png.data[i + 1] = rgb[1];
    png.data[i + 2] = rgb[2];
    png.data[i + 3] = 255;
  }
  const data = PNG.sync.write(png);
  const db = newMbtiles(path, { name: 'Test raster', format: 'png', minzoom: '0', maxzoom: '0' });
  db.prepare('INSERT INTO tiles VALUES (0, 0, 0, ?)').run(data);
  db.close();
  return data;
}
