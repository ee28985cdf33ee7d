import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_LINK_MS, startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { connectBrowserHost } from '../../renderer/src/api/browserApi';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';

const ROOT = process.cwd();
let dir: string;
let server: SimulatorServer;
let host: BrowserHost;
/** What the host logged. */
const hostLog: string[] = [];
/** How far the host's clock (download links, the log's rate limit) is ahead of the real one. */
let clockAhead = 0;

/** A raw GET, so that paths like /../x reach the server unnormalised (and with the headers given). */
function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-host-'));
  server = await SimulatorServer.start({
    port: 0,
    token: 'host-test',
    scenario: defaultScenarioConfig({ units: 30, startAt: Date.UTC(2026, 9, 5, 6) }),
    speed: 0,
    logPath: join(dir, 'server.sqlite'),
  });
  host = await startBrowserHost({
    port: 0,
    rendererDir: join(ROOT, 'out', 'renderer'),
    geoDir: join(ROOT, 'resources', 'geo'),
    dataDir: dir,
    storePath: join(dir, 'store.sqlite'),
    operator: 'Officer Test',
    feed: { url: server.url, token: 'host-test' },
    log: (line) => hostLog.push(line),
    now: () => Date.now() + clockAhead,
  });
}, 120_000);

/** A page's socket with the given handshake: connects, or says why it was refused. */
function openSocket(options: {
  auth?: Record<string, string>;
  headers?: Record<string, string>;
}): Promise<{ socket: ReturnType<typeof io>; refused: string | null }> {
  const socket = io(`http://127.0.0.1:${host.port}`, {
    path: '/host',
    auth: options.auth ?? {},
    extraHeaders: options.headers ?? {},
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, refused: null }));
    socket.once('connect_error', (e) => {
      socket.close();
      resolve({ socket, refused: e.message });
    });
  });
}

afterAll(async () => {
  await host?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('listens on loopback only and prints an address with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('serves the page with a strict CSP: no eval, nothing from elsewhere', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the offline map data, and nothing outside its two folders', async () => {
    expect((await get('/geo/countries.json')).status).toBe(200);
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/geo/../../package.json',
      '/geo/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5cpackage.json',
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('"name": "watchfloor"');
    }
  });

  it('refuses the contract without the token, and carries it with the token', async () => {
    const wrong = io(`http://127.0.0.1:${host.port}`, {
      path: '/host',
      auth: { token: 'guess' },
      transports: ['websocket'],
      reconnection: false,
    });
    const refused = await new Promise<string>((resolve) =>
      wrong.once('connect_error', (e) => resolve(e.message)),
    );
    expect(refused).toMatch(/host token/);
    wrong.close();

    const right = io(`http://127.0.0.1:${host.port}`, {
      path: '/host',
      auth: { token: host.token },
      transports: ['websocket'],
      reconnection: false,
    });
    const snapshot = (await right.timeout(10_000).emitWithAck('invoke', 'core:snapshot', {})) as {
      ok: boolean;
      value?: { settings: { operator: string } };
    };
    expect(snapshot.ok).toBe(true);
    expect(snapshot.value?.settings.operator).toBe('Officer Test');
    const bad = (await right.timeout(10_000).emitWithAck('invoke', 'ops:issue', {
      type: 'incident.acknowledge',
      payload: { incidentId: { $gt: '' } },
    })) as {
      ok: boolean;
      error?: string;
    };
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/invalid request/);
    // "Copy diagnostics": the host, the fixed connection and the core's state, never the feed token.
    const diagnostics = (await right.timeout(10_000).emitWithAck('invoke', 'diagnostics:get', {})) as {
      ok: boolean;
      value?: { text: string };
    };
    expect(diagnostics.value?.text).toMatch(/Host: browser host/);
    expect(diagnostics.value?.text).toContain(`127.0.0.1:${new URL(server.url).port}`);
    expect(diagnostics.value?.text).not.toContain('host-test');
    // The connection is fixed here: the settings can be read, not changed.
    const view = (await right.timeout(10_000).emitWithAck('invoke', 'settings:get', {})) as {
      value?: { managed: boolean; preferences: { operator: string } };
    };
    expect(view.value).toMatchObject({ managed: false, preferences: { operator: 'Officer Test' } });
    right.close();
  });

  it('hands out what an export wrote to the page with the token only, and the report to print', async () => {
    server.advanceBy(2 * 3_600_000);
    await new Promise<void>((resolve) => {
      const wait = (): void =>
        void (host.core.ingest.committedSeq === server.lastSeq ? resolve() : setTimeout(wait, 25));
      wait();
    });
    const page = io(`http://127.0.0.1:${host.port}`, {
      path: '/host',
      auth: { token: host.token },
      transports: ['websocket'],
      reconnection: false,
    });
    type Outcome = { ok: boolean; value?: { url: string; fileName: string; bytes: number }; error?: string };
    const csv = (await page
      .timeout(30_000)
      .emitWithAck('invoke', 'export:write', { kind: 'incidents.csv' })) as Outcome;
    expect(csv.ok).toBe(true);
    const url = csv.value!.url;
    expect(url).toMatch(new RegExp(`^/exports/${csv.value!.fileName}\\?key=[0-9a-f]{48}$`));
    // The download key is not the host token: a link in the history opens no contract.
    expect(url).not.toContain(host.token);
    const download = await get(url);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${csv.value!.fileName}"`);
    expect(Buffer.byteLength(download.body)).toBe(csv.value!.bytes);
    // Without the token, with another file name, or outside the folder: nothing.
    for (const path of [
      url.replace(/\?key=.*/, ''),
      url.replace(/key=[0-9a-f]+/, 'key=guess'),
      url.replace(/key=[0-9a-f]+/, `token=${host.token}`),
      url.replace(/^\/exports\/[^?]+/, '/exports/..%2Fstore.sqlite'),
      url.replace(/^\/exports\/[^?]+/, '/exports/%2e%2e%2fstore.sqlite'),
      url.replace(/^\/exports\/[^?]+/, '/exports/.hidden'),
      // A malformed escape, with and without the key, must not bring the host down.
      url.replace(/^\/exports\/[^?]+/, '/exports/%E0%A4%A'),
      '/exports/%E0%A4%A',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get('/geo/countries.json')).status).toBe(200);
    const report = (await page
      .timeout(60_000)
      .emitWithAck('invoke', 'export:write', { kind: 'report.html' })) as Outcome;
    const shown = await get(report.value!.url);
    expect(shown.status).toBe(200);
    expect(shown.headers['content-disposition']).toMatch(/^inline/);
    expect(String(shown.headers['content-security-policy'])).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(shown.body).toMatch(/Incidents total: \d+/);
    // The browser host cannot print by itself, and says what to do instead.
    const pdf = (await page.timeout(30_000).emitWithAck('invoke', 'report:pdf', {})) as Outcome;
    expect(pdf.ok).toBe(false);
    expect(pdf.error).toMatch(/Save as PDF/);
    page.close();
  });

  it('runs offline on a store as it is, for replay without any link', async () => {
    const offline = await startBrowserHost({
      port: 0,
      rendererDir: join(ROOT, 'out', 'renderer'),
      geoDir: join(ROOT, 'resources', 'geo'),
      dataDir: join(dir, 'offline'),
      storePath: join(dir, 'offline-store.sqlite'),
      operator: 'Analyst',
      offline: true,
    });
    try {
      expect(offline.demo).toBeNull();
      expect(offline.core.status.link).toBe('offline');
    } finally {
      await offline.close();
    }
    await expect(
      startBrowserHost({
        port: 0,
        rendererDir: join(ROOT, 'out', 'renderer'),
        geoDir: join(ROOT, 'resources', 'geo'),
        dataDir: join(dir, 'offline'),
        operator: 'Analyst',
        offline: true,
      }),
    ).rejects.toThrow(/needs the store/);
  });

  it('gives a page its replay back after its connection drops, archive and all', async () => {
    const pageId = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    const connect = () =>
      io(`http://127.0.0.1:${host.port}`, {
        path: '/host',
        auth: { token: host.token, page: pageId },
        transports: ['websocket'],
        reconnection: false,
      });
    type Outcome = {
      ok: boolean;
      value?: { path: string; kind: string; source?: { kind: string } };
      error?: string;
    };
    const first = connect();
    const archive = (await first
      .timeout(60_000)
      .emitWithAck('invoke', 'export:write', { kind: 'archive.sqlite' })) as Outcome;
    expect(archive.ok).toBe(true);
    const opened = (await first
      .timeout(30_000)
      .emitWithAck('invoke', 'replay:openArchive', { path: archive.value!.path })) as Outcome;
    expect(opened.value?.kind).toBe('archive');
    first.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = connect();
    const timeline = (await again
      .timeout(30_000)
      .emitWithAck('invoke', 'replay:timeline', { bins: 10 })) as Outcome;
    expect(timeline.value?.source?.kind).toBe('archive');
    // Another page has its own replay, on the live store.
    const other = io(`http://127.0.0.1:${host.port}`, {
      path: '/host',
      auth: { token: host.token },
      transports: ['websocket'],
      reconnection: false,
    });
    const its = (await other
      .timeout(30_000)
      .emitWithAck('invoke', 'replay:timeline', { bins: 10 })) as Outcome;
    expect(its.value?.source?.kind).toBe('live');
    again.close();
    other.close();
  });
});

describe('browser host, against a hostile page or client', () => {
  it('answers only under its own loopback names: a rebound name gets neither the page nor the socket', async () => {
    const own = `127.0.0.1:${host.port}`;
    for (const name of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, 'evil.example']) {
      const answer = await get('/', { host: name });
      expect(answer.status, name).toBe(421);
      expect(answer.headers['content-type']).toMatch(/^text\/plain/);
      expect(answer.body).toContain(own);
      expect(answer.body).not.toMatch(/<html|<script/i);
    }
    for (const name of [own, `localhost:${host.port}`, `[::1]:${host.port}`])
      expect((await get('/', { host: name })).status, name).toBe(200);
    // Even with the token, the socket is refused under another name.
    const rebound = await openSocket({
      auth: { token: host.token },
      headers: { host: `evil.example:${host.port}` },
    });
    expect(rebound.refused).not.toBeNull();
  });

  it("refuses the socket to another site's page, even with the token, and carries it for its own", async () => {
    const own = `127.0.0.1:${host.port}`;
    const foreign = await openSocket({
      auth: { token: host.token },
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.refused).not.toBeNull();
    const lookalike = await openSocket({
      auth: { token: host.token },
      headers: { origin: `http://${own}.evil.example` },
    });
    expect(lookalike.refused).not.toBeNull();
    const ownPage = await openSocket({ auth: { token: host.token }, headers: { origin: `http://${own}` } });
    expect(ownPage.refused).toBeNull();
    const snapshot = (await ownPage.socket.timeout(10_000).emitWithAck('invoke', 'core:snapshot', {})) as {
      ok: boolean;
    };
    expect(snapshot.ok).toBe(true);
    ownPage.socket.close();
  });

  it('keeps the page working across a reload with a cookie, and the token out of the address', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toContain(host.token);
    const cookie = setCookie.split(';')[0]!;
    // The reload: the page at the bare address, and its socket with the cookie only.
    expect((await get('/', { cookie })).status).toBe(200);
    const reloaded = await openSocket({ headers: { cookie } });
    expect(reloaded.refused).toBeNull();
    const snapshot = (await reloaded.socket.timeout(10_000).emitWithAck('invoke', 'core:snapshot', {})) as {
      ok: boolean;
    };
    expect(snapshot.ok).toBe(true);
    reloaded.socket.close();
    // A wrong token sets nothing; a made-up cookie opens nothing.
    const wrong = await get('/?token=guess');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const forged = await openSocket({ headers: { cookie: `${cookie.split('=')[0]}=${'0'.repeat(48)}` } });
    expect(forged.refused).toMatch(/open the address the host printed/);
  });

  it('never writes a requested path whole into the log, and at most 20 such lines a minute', async () => {
    // A minute of its own, after the refusals the tests above caused.
    clockAhead += 61_000;
    await get('/missing-file');
    hostLog.length = 0;
    for (let i = 0; i < 100; i++) expect((await get(`/${'x'.repeat(6000)}-${i}`)).status).toBe(404);
    expect(hostLog.length).toBe(19);
    for (const line of hostLog) expect(line.length).toBeLessThan(160);
    expect(hostLog.join('\n')).toMatch(/404 \/x{63}\.\.\. \(60\d\d characters\)/);
    // The minute is over: the next one says how many were left out.
    clockAhead += 61_000;
    await get('/missing-file');
    expect(hostLog).toContain('browser host: 81 more refused requests in that minute were not logged');
    expect(hostLog.at(-1)).toBe('browser host: 404 /missing-file');
  });

  it('takes an overlay of several megabytes from the page over its socket and keeps it for the operation', async () => {
    const page = await openSocket({ auth: { token: host.token } });
    type Outcome = { ok: boolean; error?: string; value?: unknown };
    const invoke = (channel: string, arg: unknown): Promise<Outcome> =>
      page.socket.timeout(60_000).emitWithAck('invoke', channel, arg) as Promise<Outcome>;
    // The browser host has no dialog: the page reads the file itself.
    expect(await invoke('overlay:chooseFile', {})).toEqual({ ok: true, value: null });
    // A partner's patrol tracks: 200,000 positions, about 4 MB as JSON (socket.io's default
    // limit of 1 MB a message would drop the connection).
    const collection = {
      type: 'FeatureCollection',
      features: Array.from({ length: 100 }, (_, f) => ({
        type: 'Feature',
        properties: { name: `Track ${f}` },
        geometry: {
          type: 'LineString',
          coordinates: Array.from({ length: 2_000 }, (_, i) => [
            19.123456 + i / 10_000,
            45.123456 + f / 1_000,
          ]),
        },
      })),
    };
    expect(JSON.stringify(collection).length).toBeGreaterThan(3_000_000);
    const added = await invoke('overlay:add', { name: 'tracks.geojson', format: 'geojson', collection });
    expect(added).toMatchObject({ ok: true, value: { featureCount: 100, vertexCount: 200_000 } });
    const listed = await invoke('overlay:list', {});
    expect(listed.value).toMatchObject({ overlays: [{ name: 'tracks.geojson', visible: true }] });
    page.socket.close();
  });

  it('refuses a layout with more keys than there are layers, with the reason', async () => {
    const page = await openSocket({ auth: { token: host.token } });
    const layers = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`layer${i}`, true]));
    const outcome = (await page.socket
      .timeout(10_000)
      .emitWithAck('invoke', 'settings:saveLayout', { layout: { panel: 'units', layers } })) as {
      ok: boolean;
      error?: string;
    };
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/at most 32 map layers/);
    page.socket.close();
  });

  it('gives each export its own download link, which opens that file only and expires', async () => {
    const page = await openSocket({ auth: { token: host.token } });
    type Outcome = { ok: boolean; value?: { url: string; fileName: string } };
    const a = (await page.socket
      .timeout(30_000)
      .emitWithAck('invoke', 'export:write', { kind: 'incidents.csv' })) as Outcome;
    const b = (await page.socket
      .timeout(60_000)
      .emitWithAck('invoke', 'export:write', { kind: 'report.html' })) as Outcome;
    page.socket.close();
    const keyOf = (url: string): string => url.replace(/^.*\?key=/, '');
    expect(keyOf(a.value!.url)).not.toBe(keyOf(b.value!.url));
    expect((await get(a.value!.url)).status).toBe(200);
    expect((await get(b.value!.url)).status).toBe(200);
    // A's key does not open B.
    expect((await get(`/exports/${b.value!.fileName}?key=${keyOf(a.value!.url)}`)).status).toBe(404);
    clockAhead += DOWNLOAD_LINK_MS + 1;
    const expired = await get(a.value!.url);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatch(/expired/);
  });
});

describe("the page's side of the browser host", () => {
  /** The page's address bar and history, as connectBrowserHost uses them. */
  const addressBar = (search: string) => {
    const shown: string[] = [];
    const location = {
      origin: `http://127.0.0.1:${host.port}`,
      pathname: '/',
      search,
      hash: '',
      replace: (to: string) => shown.push(to),
      reload: () => shown.push('(reload)'),
    } as unknown as Location;
    const history = {
      replaceState: (_: unknown, __: string, to: string) => shown.push(to),
    } as unknown as History;
    return { location, history, shown };
  };

  it('carries the contract with the token from the address, and takes it out of the address', async () => {
    const bar = addressBar(`?token=${host.token}&lang=sq`);
    const api = connectBrowserHost(bar.location, bar.history);
    const snapshot = await api.invoke('core:snapshot', {});
    expect(snapshot.ok).toBe(true);
    expect(bar.shown).toEqual(['/?lang=sq']);
  });

  it('tells a page opened with neither the token nor the cookie to open the printed address, at once', async () => {
    const bar = addressBar('');
    const api = connectBrowserHost(bar.location, bar.history);
    const started = Date.now();
    const snapshot = await api.invoke('core:snapshot', {});
    expect(snapshot.ok).toBe(false);
    expect(snapshot.ok ? '' : snapshot.error).toMatch(/open the address the host printed/);
    expect(Date.now() - started).toBeLessThan(5_000);
    // And every call after it, without waiting.
    expect(await api.invoke('settings:get', {})).toMatchObject({ ok: false });
    expect(bar.shown).toEqual([]);
  }, 15_000);
});
