import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapServer } from '../../electron/core/basemap/BasemapServer';
import { coreMessageText } from '../../electron/core/i18n/coreTranslations';
import { messageOf, type CoreMessage } from '../../shared/coreMessage';
import { TEST_LAYER, writeRasterMbtiles, writeVectorMbtiles } from './mbtilesFixture';

const dir = mkdtempSync(join(tmpdir(), 'wf-basemap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the tile server of an MBTiles file', () => {
  const vectorFile = join(dir, 'region.mbtiles');
  const written = writeVectorMbtiles(vectorFile, { maxzoom: 6 });
  const server = new BasemapServer();
  beforeAll(() => server.use({ kind: 'mbtiles', file: vectorFile }));
  afterAll(() => server.close());

  it('tells the page what the file holds', () => {
    expect(server.view()).toMatchObject({
      kind: 'mbtiles',
      format: 'pbf',
      vectorLayers: [TEST_LAYER],
      minzoom: 0,
      maxzoom: 6,
      bounds: [19, 41.2, 23, 45],
    });
  });

  it('serves the tile asked for, rows counted from the north while the file counts them from the south', async () => {
    // z6 over the Balkans: the TMS row (from the south) differs from the row asked for.
    const key = [...written.keys()].find((k) => k.startsWith('6/'))!;
    const [z, x, y] = key.split('/').map(Number) as [number, number, number];
    expect(2 ** z - 1 - y).not.toBe(y);
    const answer = await server.serve(`/basemap/tiles/${z}/${x}/${y}`, '?v=1');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-protobuf');
    // The file's tiles are gzip-compressed: the browser is told so and unpacks them.
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.body?.equals(written.get(key)!)).toBe(true);
  });

  it('answers 204 (an empty tile) where the file has none, and 404 outside the tile grid', async () => {
    expect((await server.serve('/basemap/tiles/6/0/0', '')).status).toBe(204);
    expect((await server.serve('/basemap/tiles/2/4/0', '')).status).toBe(404);
    expect((await server.serve('/basemap/tiles/2/0/4', '')).status).toBe(404);
  });

  it('refuses paths that are not z/x/y within bounds', async () => {
    for (const path of [
      '/basemap/tiles/../../../etc/passwd',
      '/basemap/tiles/%2e%2e/%2e%2e/x',
      '/basemap/tiles/1/2',
      '/basemap/tiles/1/0/0/0',
      '/basemap/tiles/-1/0/0',
      '/basemap/tiles/25/0/0',
      '/basemap/tiles/99/0/0',
      '/basemap/tiles/3/0/0.pbf',
      '/basemap/tiles/3/1e3/0',
      '/basemap/tiles/3/999999999999/0',
      '/basemap/style.json',
      '/basemap/remote/style.json',
    ])
      expect((await server.serve(path, '')).status, path).toBe(404);
  });

  it('serves uncompressed vector tiles without a gzip header', async () => {
    const plain = join(dir, 'plain.mbtiles');
    const tiles = writeVectorMbtiles(plain, { gzip: false, maxzoom: 2 });
    const other = new BasemapServer();
    await other.use({ kind: 'mbtiles', file: plain });
    const key = [...tiles.keys()].find((k) => k.startsWith('2/'))!;
    const answer = await other.serve(`/basemap/tiles/${key}`, '');
    other.close();
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body?.equals(tiles.get(key)!)).toBe(true);
  });

  it('serves raster tiles as the images they are', async () => {
    const raster = join(dir, 'raster.mbtiles');
    const png = writeRasterMbtiles(raster, [200, 30, 160]);
    const other = new BasemapServer();
    await other.use({ kind: 'mbtiles', file: raster });
    const answer = await other.serve('/basemap/tiles/0/0/0', '');
    expect(other.view()).toMatchObject({ kind: 'mbtiles', format: 'png', vectorLayers: [] });
    other.close();
    expect(answer.headers['content-type']).toBe('image/png');
    expect(answer.body?.equals(png)).toBe(true);
  });
});

describe('a file that is not a usable MBTiles file', () => {
  const good = join(dir, 'good.mbtiles');
  writeVectorMbtiles(good, { maxzoom: 1 });

  const cases: [string, () => string, RegExp][] = [
    ['missing', () => join(dir, 'nowhere.mbtiles'), /cannot be read \(ENOENT\)/],
    [
      'a folder',
      () => {
        mkdirSync(join(dir, 'folder.mbtiles'), { recursive: true });
        return join(dir, 'folder.mbtiles');
      },
      /is not a file/,
    ],
    [
      'a text file',
      () => {
        writeFileSync(join(dir, 'notes.mbtiles'), 'not a database\n'.repeat(100));
        return join(dir, 'notes.mbtiles');
      },
      /not an MBTiles file \(not an SQLite database\)/,
    ],
    [
      'another SQLite database',
      () => {
        const path = join(dir, 'store.sqlite');
        const db = new Database(path);
        db.exec('CREATE TABLE events (id INTEGER); INSERT INTO events VALUES (1);');
        db.close();
        return path;
      },
      /SQLite database but not an MBTiles file: it has no tiles table/,
    ],
    [
      'the wrong tiles schema',
      () => {
        const path = join(dir, 'schema.mbtiles');
        const db = new Database(path);
        db.exec(
          'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (z INTEGER, x INTEGER, y INTEGER, data BLOB);',
        );
        db.close();
        return path;
      },
      /its tiles table has no zoom_level column/,
    ],
    [
      'damaged',
      () => {
        const path = join(dir, 'damaged.mbtiles');
        const bytes = Buffer.alloc(8192, 0x5a);
        bytes.write('SQLite format 3\0', 0, 'latin1');
        writeFileSync(path, bytes);
        return path;
      },
      /is damaged/,
    ],
  ];
  for (const [what, make, message] of cases)
    it(`is refused with the reason (${what}), and the basemap in use stays`, async () => {
      const server = new BasemapServer();
      await server.use({ kind: 'mbtiles', file: good });
      const before = server.view();
      const refusal = await server.use({ kind: 'mbtiles', file: make() }).then(
        () => null,
        (error: unknown) => messageOf(error),
      );
      expect(refusal?.text).toMatch(message);
      // Its own code, so the officer reads it in their language (never the generic `failed`).
      expect(refusal?.code).toMatch(/^basemap\./);
      expect(coreMessageText(refusal!, 'sq')).not.toBe(refusal?.text);
      expect(server.view()).toEqual(before);
      expect((await server.serve('/basemap/tiles/0/0/0', '')).status).toBe(200);
      server.close();
    });
});

describe('an on-premises style', () => {
  let styleServer: Server;
  let origin = '';
  const requests: string[] = [];
  const style = (o: string) => ({
    version: 8,
    sources: { region: { type: 'vector', tiles: [`${o}/tiles/{z}/{x}/{y}.pbf`] } },
    glyphs: `${o}/fonts/{fontstack}/{range}.pbf`,
    layers: [{ id: 'land', type: 'fill', source: 'region', 'source-layer': 'land' }],
  });
  beforeAll(async () => {
    styleServer = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/style.json')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(style(origin)));
      else if (req.url === '/other.json')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":1}');
      else if (req.url === '/tiles/1/0/0.pbf')
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from([1, 2, 3]));
      else if (req.url === '/moved') res.writeHead(302, { location: 'http://192.0.2.1/style.json' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => styleServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(styleServer.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => styleServer.close(() => resolve())));

  it("is fetched and checked, then served to the page with its server's files", async () => {
    const server = new BasemapServer();
    await server.use({ kind: 'style', url: `${origin}/style.json` });
    expect(server.view()).toMatchObject({ kind: 'style', url: `${origin}/style.json`, origin });
    const served = await server.serve('/basemap/style.json', '');
    expect(JSON.parse(served.body!.toString())).toEqual(style(origin));
    const tile = await server.serve('/basemap/remote/tiles/1/0/0.pbf', '');
    expect(tile.status).toBe(200);
    expect(tile.headers['content-type']).toBe('application/x-protobuf');
    expect([...tile.body!]).toEqual([1, 2, 3]);
    expect((await server.serve('/basemap/remote/tiles/9/0/0.pbf', '')).status).toBe(404);
    server.close();
  });

  it("never reaches another server through the page's paths", async () => {
    const server = new BasemapServer();
    await server.use({ kind: 'style', url: `${origin}/style.json` });
    requests.length = 0;
    for (const path of [
      '/basemap/remote//192.0.2.1/style.json',
      '/basemap/remote/../x',
      '/basemap/remote/a/../../x',
    ])
      expect((await server.serve(path, '')).status, path).toBe(404);
    expect(requests).toEqual([]);
    // A redirect could lead anywhere: it is not followed.
    expect((await server.serve('/basemap/remote/moved', '')).status).toBe(502);
    server.close();
  });

  it('is refused with the reason when the address gives no style, and the basemap in use stays', async () => {
    const server = new BasemapServer({ timeoutMs: 2000 });
    await expect(server.use({ kind: 'style', url: `${origin}/other.json` })).rejects.toThrow(
      /does not give a map style \(a MapLibre style has version 8/,
    );
    const missing = await server.use({ kind: 'style', url: `${origin}/missing.json` }).then(
      () => null,
      (error: unknown): CoreMessage => messageOf(error),
    );
    expect(missing).toMatchObject({ code: 'basemap.styleRefused', params: { status: 404 } });
    expect(missing?.text).toMatch(/refused the style \(HTTP 404\)/);
    expect(coreMessageText(missing!, 'sr-Cyrl')).toBe(
      'Сервер стила је одбио стил (HTTP 404): проверите адресу.',
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      server.use({ kind: 'style', url: `http://127.0.0.1:${closedPort}/style.json` }),
    ).rejects.toThrow(/did not answer \(ECONNREFUSED\)/);
    await expect(server.use({ kind: 'style', url: 'http://203.0.113.5/style.json' })).rejects.toThrow(
      /plain http is accepted only to this computer or a private address/,
    );
    expect(server.view()).toEqual({ kind: 'builtin' });
    server.close();
  });
});
