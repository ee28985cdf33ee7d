import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { TakConnection } from './core/tak/TakClient';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { Server } from 'socket.io';
import { DEFAULT_VIEW_SETTINGS, type ViewSettings } from '../shared/ipc';
import { OVERLAY_LIMITS } from '../shared/overlay';
import { Core } from './core/Core';
import { HostContract } from './core/hostContract';
import { contentTypeOf, resolveAppFile } from './host/appFiles';
import { Disposables } from './core/disposables';
import { BasemapServer } from './core/basemap/BasemapServer';
import type { FeedTls } from './core/feed/FeedClient';
import type { ScenarioConfig } from '../simulator/scenario';
import type { SimulatorServer } from '../simulator/server';
import { startDemoOperation } from './demoOperation';
import { RotatingLog } from './core/logging/RotatingLog';
import { ensureParentDir, ensurePrivateDir } from './core/privateFiles';
import { sessionOnlyVault } from './core/workstation/SecretStore';
import { workstationDiagnostics } from './core/workstation/workstationDiagnostics';
import { Workstation, type DemoOperation } from './core/workstation/Workstation';

/** How the browser host runs. */
export interface BrowserHostOptions {
  /** 0 picks a free port. The host listens on 127.0.0.1 only. */
  port: number;
  /** The built renderer (out/renderer) and the offline map data (resources/geo). */
  rendererDir: string;
  geoDir: string;
  /** Where settings, stores and the demo's log live. */
  dataDir: string;
  /** Who is at the console, with a fixed connection (a managed workstation keeps it in its preferences). */
  operator?: string;
  /**
   * An operations server fixed by the caller. Absent (and not offline): the workstation's own
   * connection profiles in dataDir/settings.json decide, the built-in demo until one is set up.
   */
  feed?: { url: string; token: string; tls?: FeedTls };
  /**
   * No link at all: the store as it is, for replay and the after-action review on a laptop away
   * from the network (or of an archive opened in the page). Needs `storePath`.
   */
  offline?: boolean;
  /** A TAK server to read CoT from (the TAK layer), with a fixed connection. */
  tak?: TakConnection;
  /** Store file; default: one per operation under dataDir. */
  storePath?: string;
  /** Operation seconds per real second of the demo. */
  demoSpeed?: number;
  /** A smaller demo operation (tests: a page that software WebGL can draw quickly). */
  demoScenario?: Partial<ScenarioConfig>;
  settings?: Partial<ViewSettings>;
  log?: (line: string) => void;
  /** The clock of download links and of the log's rate limit (tests move it). */
  now?: () => number;
}

/** A running browser host. */
export interface BrowserHost {
  /** The address to open, with the token that guards the contract. */
  url: string;
  port: number;
  token: string;
  /** The core in use (another one after the workstation switches profile). */
  readonly core: Core;
  /** The demo's reference server while the demo operation is in use. */
  readonly demo: SimulatorServer | null;
  /** The workstation's profiles and preferences; null when the connection was fixed by the options. */
  workstation: Workstation | null;
  close(): Promise<void>;
}

/**
 * The same core as the desktop app, in a Node process that serves the built renderer on
 * 127.0.0.1 and carries the IPC contract over a local socket guarded by a random token. It is how
 * the dashboard runs without the Electron runtime, how it is tested end to end, and how a wall
 * display can show it.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  // The host's log file (rotated, secrets blacked out) feeds "Copy diagnostics"; lines also go to the caller.
  let knownSecrets: readonly string[] = options.feed ? [options.feed.token] : [];
  ensurePrivateDir(options.dataDir);
  const logFile = new RotatingLog({ dir: join(options.dataDir, 'logs'), secrets: () => knownSecrets });
  // What close() releases at its end, last acquired first (the log file goes last).
  const teardown = new Disposables();
  teardown.add(logFile);
  const log = (line: string): void => {
    logFile.write('info', line);
    options.log?.(line);
  };
  let demo: SimulatorServer | null = null;
  if (options.offline && !options.storePath)
    throw new Error('Offline, the browser host needs the store to open (--store FILE).');
  const startDemo = async (): Promise<DemoOperation> => {
    const started = await startDemoOperation(options.dataDir, options.demoSpeed, options.demoScenario);
    demo = started.server;
    return {
      url: started.url,
      token: started.token,
      stop: async () => {
        await started.server.stop();
        if (demo === started.server) demo = null;
      },
    };
  };
  // A connection fixed on the command line (or none at all, offline) runs as given; otherwise the
  // workstation's own profiles decide, as in the desktop app, with secrets kept for this run only.
  const managed = !options.feed && !options.offline;
  let workstation: Workstation | null = null;
  let fixedCore: Core | null = null;
  const settings: ViewSettings = {
    ...DEFAULT_VIEW_SETTINGS,
    ...(options.operator ? { operator: options.operator } : {}),
    ...options.settings,
  };
  // The centre's basemap (tile file or on-premises style), served below under the page's session.
  const basemap = teardown.add(new BasemapServer({ log }));
  if (managed) {
    workstation = await Workstation.open({
      basemap,
      dataDir: options.dataDir,
      vault: sessionOnlyVault('browser host: tokens are kept in memory for this run only'),
      startDemo,
      canChooseFiles: false,
      log,
    });
  } else {
    // Our own stores folder is owner-only; a folder the user named for --store is theirs to keep as it is.
    if (options.storePath) ensureParentDir(join(options.storePath, '..'));
    else ensurePrivateDir(join(options.dataDir, 'stores'));
    const storePath = options.storePath ?? join(options.dataDir, 'stores', 'operation.sqlite');
    fixedCore = Core.open({
      storePath,
      operator: settings.operator,
      ...(options.feed ? { feed: options.feed } : {}),
      ...(options.tak ? { tak: options.tak } : {}),
      log,
    });
  }
  const currentCore = (): Core => workstation?.core ?? (fixedCore as Core);
  const token = randomBytes(24).toString('hex');
  // What the page's cookie holds after the first visit: a key of its own rather than the token, so
  // that the cookie (which browsers send to every port of 127.0.0.1: cookies know no ports) is not
  // a copy of the printed address.
  const sessionKey = randomBytes(24).toString('hex');
  const now = options.now ?? Date.now;
  // Each download link carries its own key, bound to the one file and expiring, never the host
  // token: a link left in the browser's history or on a printed page opens that file for a while,
  // never another export and never the contract.
  const downloadKeys = new Map<string, { fileName: string; expiresAt: number }>();
  const downloadUrl = (fileName: string): string => {
    const at = now();
    for (const [key, link] of downloadKeys) if (link.expiresAt <= at) downloadKeys.delete(key);
    // Oldest first: a page that exports without end keeps only its newest links.
    while (downloadKeys.size >= MAX_DOWNLOAD_LINKS) downloadKeys.delete(downloadKeys.keys().next().value!);
    const key = randomBytes(24).toString('hex');
    downloadKeys.set(key, { fileName, expiresAt: at + DOWNLOAD_LINK_MS });
    return `/exports/${encodeURIComponent(fileName)}?key=${key}`;
  };
  const logRefused = refusedRequestLog(log, now);
  teardown.add(() => logRefused.flush());
  let port = 0;
  const cookieName = (): string => `watchfloor-host-${port}`;
  const exportsDir = join(options.dataDir, 'exports');
  const appVersion = readAppVersion(join(options.rendererDir, '..', '..', 'package.json'));
  const contractOptions = {
    replay: {
      exportsDir,
      geoDir: options.geoDir,
      appVersion,
      exportUrl: downloadUrl,
    },
    ...(workstation ? { workstation } : {}),
    diagnostics: async () => {
      if (workstation) knownSecrets = await workstation.knownSecrets();
      return workstationDiagnostics({
        host: 'browser host',
        appVersion,
        versions: { node: process.versions.node },
        core: currentCore(),
        workstation,
        log: logFile,
        ...(options.feed ? { fixed: { serverUrl: options.feed.url, token: options.feed.token } } : {}),
      });
    },
  };
  if (workstation) knownSecrets = await workstation.knownSecrets();
  const ws = workstation;
  const newContract = (): HostContract =>
    new HostContract(currentCore(), ws ? () => ws.viewSettings() : settings, contractOptions);

  const http = createServer((req, res) => {
    const refusal = refuseForeign(req, port);
    if (refusal) {
      logRefused(`browser host: refused a request (${refusal.why})`);
      res
        .writeHead(refusal.status, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
        })
        .end(`${refusal.text}\n`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && url.pathname === '/' && offered !== null && sameSecret(offered, token)) {
      // The first visit: the page keeps working across a reload through the cookie, and the token
      // leaves the address before the page is shown, so it stays out of the history.
      url.searchParams.delete('token');
      res
        .writeHead(303, {
          location: `/${url.search}`,
          'set-cookie': `${cookieName()}=${sessionKey}; HttpOnly; SameSite=Strict; Path=/`,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        })
        .end();
      return;
    }
    if (BasemapServer.owns(url.pathname)) {
      // Only the page that holds the session (its cookie) gets the centre's map, and only to draw it.
      const cookie = cookieValue(req.headers.cookie, cookieName());
      if (req.method !== 'GET' || cookie === null || !sameSecret(cookie, sessionKey)) {
        logRefused(`browser host: refused a basemap request without the session`);
        res.writeHead(403, { 'cache-control': 'no-store' }).end();
        return;
      }
      void basemap.serve(url.pathname, url.search).then((answer) => {
        res
          .writeHead(answer.status, { ...answer.headers, 'referrer-policy': 'no-referrer' })
          .end(answer.body ?? undefined);
      });
    } else if (req.method === 'GET' && url.pathname.startsWith('/exports/'))
      serveExport(url, res, exportsDir, downloadKeys, now, logRefused);
    else serveStatic(req, url, res, options, logRefused);
  });
  const io = new Server(http, {
    path: '/host',
    serveClient: false,
    // An overlay (shared/overlay.ts) is the largest thing a page sends: up to its cap as JSON.
    maxHttpBufferSize: OVERLAY_LIMITS.maxBytes + 1_000_000,
    // The socket's handshake passes the same Host check as every page request, and another site's
    // page (a DNS rebinding, a page that got hold of the token) cannot open it from the browser.
    allowRequest: (req, callback) => {
      const refusal = refuseForeign(req, port) ?? refuseForeignOrigin(req);
      if (refusal) logRefused(`browser host: refused a socket (${refusal.why})`);
      callback(refusal ? refusal.text : null, !refusal);
    },
  });
  io.use((socket, next) => {
    const offered = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const cookie = cookieValue(socket.handshake.headers.cookie, cookieName());
    if (
      !(typeof offered === 'string' && sameSecret(offered, token)) &&
      !(cookie !== null && sameSecret(cookie, sessionKey))
    )
      return next(new Error(NO_TOKEN_MESSAGE));
    next();
  });
  /** A page that has not answered a position frame in this long no longer holds the window. */
  const FRAME_ACK_TIMEOUT_MS = 5_000;
  // One contract per page (its replay, its opened archive), kept a while after its connection drops
  // so that socket.io's reconnect finds the page's replay where it was.
  const pages = new Map<
    string,
    { contract: HostContract; connections: number; closing: NodeJS.Timeout | null }
  >();
  io.on('connection', (socket) => {
    const offered = (socket.handshake.auth as { page?: unknown } | undefined)?.page;
    const pageId = typeof offered === 'string' && /^[0-9a-f-]{36}$/.test(offered) ? offered : socket.id;
    let entry = pages.get(pageId);
    if (!entry) {
      entry = { contract: newContract(), connections: 0, closing: null };
      pages.set(pageId, entry);
    }
    if (entry.closing) clearTimeout(entry.closing);
    entry.closing = null;
    entry.connections++;
    const { contract } = entry;
    const unsubscribe = contract.subscribe(
      (channel, payload) => socket.emit(channel, payload),
      // The page answers each frame on arrival: one in flight, so a slow page's socket buffer holds
      // at most one picture, and the newest waits (see FrameWindow). An answer that never comes
      // (a page gone) frees the window after a while.
      (frame, done) => socket.timeout(FRAME_ACK_TIMEOUT_MS).emit('positions:frame', frame, () => done()),
      // Deltas likewise: one in flight, the rest merged into one behind it (see DeltaWindow), so a
      // page that fell behind gets the newest of everything, not a buffer of stale ones.
      (delta, done) => socket.timeout(FRAME_ACK_TIMEOUT_MS).emit('state:delta', delta, () => done()),
    );
    socket.on('invoke', (channel: unknown, arg: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      void contract.invoke(channel, arg).then((outcome) => (ack as (outcome: unknown) => void)(outcome));
    });
    socket.on('disconnect', () => {
      unsubscribe();
      const current = pages.get(pageId);
      if (!current || --current.connections > 0) return;
      current.closing = setTimeout(() => {
        pages.delete(pageId);
        current.contract.close();
      }, PAGE_GRACE_MS);
    });
  });
  // Another profile's core: every page starts over on it. Their contracts belong to the closed core,
  // so they go, and the pages (told to reload) come back with new ones.
  workstation?.onCoreChanged(() => {
    for (const entry of pages.values()) {
      if (entry.closing) clearTimeout(entry.closing);
      entry.contract.close();
    }
    pages.clear();
    if (ws) void ws.knownSecrets().then((secrets) => (knownSecrets = secrets));
    io.emit('host:reload', { reason: 'The workstation switched connection.' });
    io.disconnectSockets(true);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    get core() {
      return currentCore();
    },
    get demo() {
      return demo;
    },
    workstation,
    async close() {
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      for (const entry of pages.values()) {
        if (entry.closing) clearTimeout(entry.closing);
        entry.contract.close();
      }
      pages.clear();
      http.closeAllConnections();
      if (workstation) await workstation.close();
      else currentCore().close();
      teardown.dispose();
    },
  };
}

/**
 * Serves a file an export wrote, to whoever holds that file's own link: its key opens that file
 * name only, inside the exports folder, until it expires. The HTML report is shown (to be
 * printed); everything else is downloaded.
 */
function serveExport(
  url: URL,
  res: ServerResponse,
  exportsDir: string,
  downloadKeys: Map<string, { fileName: string; expiresAt: number }>,
  now: () => number,
  logRefused: (line: string) => void,
): void {
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.slice('/exports/'.length));
  } catch {
    // A malformed escape is simply not a file of ours.
    name = '';
  }
  const key = url.searchParams.get('key') ?? '';
  const link = downloadKeys.get(key);
  if (!link || link.fileName !== name || !/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) {
    logRefused(`browser host: 404 ${loggablePath(url.pathname)}`);
    res.writeHead(404).end();
    return;
  }
  if (link.expiresAt <= now()) {
    downloadKeys.delete(key);
    res
      .writeHead(410, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
      .end('This download link has expired: export the file again from the page.\n');
    return;
  }
  const file = join(exportsDir, name);
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    const html = extname(name) === '.html';
    res.writeHead(200, {
      'content-type': html ? 'text/html; charset=utf-8' : contentTypeOf(file),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // The report holds no script and loads nothing: its own policy says so again.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'content-disposition': `${html ? 'inline' : 'attachment'}; filename="${name}"`,
    });
    createReadStream(file).pipe(res);
  } catch {
    logRefused(`browser host: 404 ${loggablePath(url.pathname)}`);
    res.writeHead(404).end();
  }
}

/** The app's version, written into archives; "unknown" rather than a failed start. */
function readAppVersion(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Serves the renderer and the map data: only files below those two folders, never anything else. */
function serveStatic(
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
  options: BrowserHostOptions,
  logRefused: (line: string) => void,
): void {
  const file =
    req.method === 'GET' ? resolveAppFile(url.pathname, options.rendererDir, options.geoDir) : null;
  try {
    if (file === null || !statSync(file).isFile()) throw new Error('not a file');
    const body = readFileSync(file);
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...(extname(file) === '.html' ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
    });
    res.end(body);
  } catch {
    logRefused(`browser host: 404 ${loggablePath(url.pathname)}`);
    res.writeHead(404).end();
  }
}

/** Why a request is not answered: the status, a short text for the client, a short note for the log. */
interface Refusal {
  status: number;
  text: string;
  why: string;
}

/**
 * The Host check: the host answers only under its own loopback names. A page of another site whose
 * name was rebound to 127.0.0.1 sends its own name here, and gets neither the page nor the socket.
 */
function refuseForeign(req: IncomingMessage, port: number): Refusal | null {
  const host = req.headers.host ?? '';
  if (OWN_HOSTS.some((name) => host === `${name}:${port}`)) return null;
  return {
    status: 421,
    text: `This Watchfloor host answers only at http://127.0.0.1:${port}/ (open the address it printed).`,
    why: `Host ${JSON.stringify(loggablePath(host))}`,
  };
}

/** A browser always says which page opens a socket: only the host's own page may. */
function refuseForeignOrigin(req: IncomingMessage): Refusal | null {
  const origin = req.headers.origin;
  if (origin === undefined || origin === `http://${req.headers.host ?? ''}`) return null;
  return {
    status: 403,
    text: 'Only the page this host serves may connect.',
    why: `Origin ${JSON.stringify(loggablePath(origin))}`,
  };
}

/** The names of this machine the page may be opened under. */
const OWN_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Compares a secret in constant time, so that the answer's timing gives none of it away. */
function sameSecret(offered: string, secret: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header, or null. */
function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * What of a requested path (or header) goes into the log: the first characters, without control or
 * bidi characters, and the length of the rest; a request cannot write a long line or forge one.
 */
function loggablePath(path: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is taken out
  const clean = path.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return clean.length > LOGGED_PATH_CHARS
    ? `${clean.slice(0, LOGGED_PATH_CHARS)}... (${path.length} characters)`
    : clean;
}

/**
 * The log of refused requests (404s, foreign hosts): at most REFUSED_LINES_PER_MINUTE lines a
 * minute, then one line saying how many more were not logged, so that a client cannot flush the
 * log (and the lines diagnostics copy) with requests.
 */
function refusedRequestLog(
  log: (line: string) => void,
  now: () => number,
): ((line: string) => void) & { flush(): void } {
  let windowStart = -Infinity;
  let logged = 0;
  let suppressed = 0;
  const flush = (): void => {
    if (suppressed > 0)
      log(`browser host: ${suppressed} more refused requests in that minute were not logged`);
    suppressed = 0;
  };
  const write = (line: string): void => {
    const at = now();
    if (at - windowStart >= 60_000) {
      flush();
      windowStart = at;
      logged = 0;
    }
    if (logged < REFUSED_LINES_PER_MINUTE) {
      logged++;
      log(line);
    } else suppressed++;
  };
  return Object.assign(write, { flush });
}

/** How many refused requests a minute are logged one by one. */
const REFUSED_LINES_PER_MINUTE = 20;
/** How much of a refused path is logged. */
const LOGGED_PATH_CHARS = 64;
/** How long a download link opens its file. */
export const DOWNLOAD_LINK_MS = 10 * 60_000;
/** How many download links are valid at once (the newest). */
const MAX_DOWNLOAD_LINKS = 200;
/** What a page that carries neither the token nor the cookie is told. */
const NO_TOKEN_MESSAGE = 'This page does not carry the host token; open the address the host printed.';

/** How long a page's replay outlives its dropped connection. */
const PAGE_GRACE_MS = 60_000;

/** The page's CSP: nothing from elsewhere, no eval; maplibre's workers come from blob: URLs. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
