import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';

const ROOT = process.cwd();
let dir: string;
let server: SimulatorServer;
let host: BrowserHost;

/** A raw GET, so that paths like /../x reach the server unnormalised. */
function get(
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'GET' }, (res) => {
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
  });
}, 120_000);

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
    const bad = (await right
      .timeout(10_000)
      .emitWithAck('invoke', 'ops:acknowledge', { incidentId: { $gt: '' } })) as {
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
