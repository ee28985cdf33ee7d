import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { Server } from 'socket.io';
import { DEFAULT_VIEW_SETTINGS, type ViewSettings } from '../shared/ipc';
import { Core } from './core/Core';
import { HostContract } from './core/hostContract';
import { contentTypeOf, resolveAppFile } from './core/appFiles';
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
  /** Store file; default: one per operation under dataDir. */
  storePath?: string;
  /** Operation seconds per real second of the demo. */
  demoSpeed?: number;
  /** A smaller demo operation (tests: a page that software WebGL can draw quickly). */
  demoScenario?: Partial<ScenarioConfig>;
  settings?: Partial<ViewSettings>;
  log?: (line: string) => void;
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
  if (managed) {
    workstation = await Workstation.open({
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
      log,
    });
  }
  const currentCore = (): Core => workstation?.core ?? (fixedCore as Core);
  const token = randomBytes(24).toString('hex');
  // Download links carry their own key, not the host token: a link that ends up in the browser's
  // history or on a printed page opens the exports, never the contract.
  const downloadKey = randomBytes(24).toString('hex');
  const exportsDir = join(options.dataDir, 'exports');
  const appVersion = readAppVersion(join(options.rendererDir, '..', '..', 'package.json'));
  const contractOptions = {
    replay: {
      exportsDir,
      geoDir: options.geoDir,
      appVersion,
      exportUrl: (fileName: string) => `/exports/${encodeURIComponent(fileName)}?key=${downloadKey}`,
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
    if (req.method === 'GET' && req.url?.startsWith('/exports/'))
      serveExport(req, res, exportsDir, downloadKey, log);
    else serveStatic(req, res, options, log);
  });
  const io = new Server(http, { path: '/host', serveClient: false, maxHttpBufferSize: 1_000_000 });
  io.use((socket, next) => {
    const offered = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (offered !== token)
      return next(new Error('This page does not carry the host token; open the address the host printed.'));
    next();
  });
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
    const unsubscribe = contract.subscribe((channel, payload) => socket.emit(channel, payload));
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
  const port = (http.address() as AddressInfo).port;
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
      logFile.close();
    },
  };
}

/**
 * Serves a file an export wrote, to the page that holds the token: only a plain file name inside
 * the exports folder. The HTML report is shown (to be printed); everything else is downloaded.
 */
function serveExport(
  req: IncomingMessage,
  res: ServerResponse,
  exportsDir: string,
  key: string,
  log: (line: string) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let name = '';
  if (url.searchParams.get('key') === key) {
    try {
      name = decodeURIComponent(url.pathname.slice('/exports/'.length));
    } catch {
      // A malformed escape is simply not a file of ours.
      name = '';
    }
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) {
    res.writeHead(404).end();
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
    log(`browser host: 404 ${url.pathname}`);
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
  res: ServerResponse,
  options: BrowserHostOptions,
  log: (line: string) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const file =
    req.method === 'GET' ? resolveAppFile(url.pathname, options.rendererDir, options.geoDir) : null;
  if (file === null) {
    res.writeHead(404).end();
    return;
  }
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
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
    log(`browser host: 404 ${url.pathname}`);
    res.writeHead(404).end();
  }
}

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
