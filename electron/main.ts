import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { MenuCommand } from '../shared/ipc';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVOKE_CHANNEL_NAMES, IPC_PREFIX } from '../shared/ipcChannels';
import { CONTENT_SECURITY_POLICY } from './browserHost';
import { HostContract } from './core/hostContract';
import { RotatingLog } from './core/logging/RotatingLog';
import { ensurePrivateDir, writePrivateFile } from './core/privateFiles';
import { resolveSqliteBinding } from './core/store/sqliteBinding';
import { guardWebContents, permissionCheckHandler, permissionRequestHandler } from './host/windowGuards';
import { restoreWindowBounds } from './host/windowState';
import { Workstation } from './core/workstation/Workstation';
import { workstationDiagnostics } from './core/workstation/workstationDiagnostics';
import { safeStorageVault } from './safeStorageVault';
import { invokeFromFrame } from './host/senderCheck';
import { PushAcks } from './host/pushAcks';
import { contentTypeOf, resolveAppFile } from './host/appFiles';
import { startDemoOperation } from './demoOperation';
import { coreMessage, messageOf } from '../shared/coreMessage';
import { coreMessageText } from './core/i18n/coreTranslations';
import { localeTagLanguage } from './core/i18n/environmentLanguage';
import { BasemapServer } from './core/basemap/BasemapServer';

/**
 * The Electron main process: one window, locked down per Electron's security checklist, showing
 * the same renderer and the same core as the browser host, over IPC instead of a socket.
 */

const APP_ORIGIN = 'app://watchfloor';
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const geoDir = app.isPackaged
  ? join(process.resourcesPath, 'geo')
  : fileURLToPath(new URL('../../resources/geo/', import.meta.url));

// The store loads better-sqlite3 built for Electron's ABI (openDatabase reads this); a packaged
// app always takes its own copy from its resources, whatever the environment says.
const sqliteBinding = resolveSqliteBinding({
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  env: process.env,
});
if (sqliteBinding) process.env['WATCHFLOOR_SQLITE_BINDING'] = sqliteBinding;

// Before ready: app:// is a standard, secure scheme, so the page has a real origin and no file:// rights.
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** The centre's basemap (tile file or on-premises style), served under app://watchfloor/basemap/. */
const basemap = new BasemapServer({});

/**
 * Serves app://watchfloor/... from the built renderer, /geo/ from the map data and /basemap/ from
 * the centre's basemap (so the page's content policy stays 'self'); nothing else.
 */
function serveApp(request: Request): Response | Promise<Response> {
  const url = new URL(request.url);
  if (url.host === 'watchfloor' && BasemapServer.owns(url.pathname)) {
    if (request.method !== undefined && request.method !== 'GET') return new Response(null, { status: 405 });
    return basemap
      .serve(url.pathname, url.search)
      .then((answer) => new Response(answer.body, { status: answer.status, headers: answer.headers }));
  }
  const file = url.host === 'watchfloor' ? resolveAppFile(url.pathname, rendererDir, geoDir) : null;
  if (file === null) return new Response(null, { status: 404 });
  try {
    const headers: Record<string, string> = { 'content-type': contentTypeOf(file) };
    if (extname(file) === '.html') headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return new Response(readFileSync(file), { headers });
  } catch {
    return new Response(null, { status: 404 });
  }
}

/**
 * The application menu from the page's own command list. Single-key shortcuts are shown but not
 * registered, so they never steal a key typed into a field; Ctrl/Cmd ones are registered.
 */
function buildMenu(commands: readonly MenuCommand[], run: (id: string) => void): Menu {
  const item = (c: MenuCommand): Electron.MenuItemConstructorOptions => ({
    label: c.label,
    click: () => run(c.id),
    ...(c.shortcut
      ? {
          accelerator: c.shortcut
            .replace('Mod+', 'CmdOrCtrl+')
            .replace(/\+(\w)$/, (_m, k: string) => `+${k.toUpperCase()}`),
          registerAccelerator: c.shortcut.startsWith('Mod+'),
        }
      : {}),
  });
  const byPrefix = (prefix: string): Electron.MenuItemConstructorOptions[] =>
    commands.filter((c) => c.id.startsWith(prefix)).map(item);
  return Menu.buildFromTemplate([
    {
      label: 'Watchfloor',
      submenu: [...byPrefix('palette.'), ...byPrefix('settings.'), { type: 'separator' }, { role: 'quit' }],
    },
    {
      label: 'Operations',
      submenu: [...byPrefix('incident.'), ...byPrefix('bookmark.'), ...byPrefix('alerts.')],
    },
    {
      label: 'View',
      submenu: [
        ...byPrefix('panel.'),
        ...byPrefix('feed.'),
        ...byPrefix('roster.'),
        ...byPrefix('selection.'),
        { type: 'separator' },
        ...byPrefix('layer.'),
      ],
    },
    {
      label: 'Replay',
      submenu: [
        ...byPrefix('replay.'),
        { type: 'separator' },
        ...byPrefix('archive.'),
        { type: 'separator' },
        ...byPrefix('export.'),
      ],
    },
  ]);
}

/**
 * Prints the after-action report (a self-contained HTML file without any script) to PDF in a
 * hidden window that cannot run script, has no preload and is closed straight after.
 */
async function printToPdf(htmlPath: string, pdfPath: string): Promise<void> {
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
    },
  });
  try {
    await printer.loadFile(htmlPath);
    const pdf = await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    writePrivateFile(pdfPath, pdf);
  } finally {
    printer.destroy();
  }
}

const CERTIFICATE_DIALOGS = {
  ca: 'Choose the certificate of your certificate authority (PEM)',
  clientCert: "Choose this workstation's client certificate (PEM)",
  clientKey: "Choose the client certificate's private key (PEM, without a passphrase)",
  basemap: "Choose the centre's basemap tile file (MBTiles)",
} as const;

async function main(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  // The log, the settings, the secrets and the stores live below it: this user's only (privateFiles.ts).
  ensurePrivateDir(userData);
  // Every secret the workstation holds is blacked out of every log line (asked for at each line).
  let knownSecrets: readonly string[] = [];
  const log = new RotatingLog({ dir: join(userData, 'logs'), secrets: () => knownSecrets });
  const logLine = (line: string): void => log.write('info', line);
  guardLog = (line) => log.write('warn', line);
  logLine(`Watchfloor ${app.getVersion()} starting (Electron ${process.versions.electron})`);

  session.defaultSession.setPermissionRequestHandler(permissionRequestHandler);
  session.defaultSession.setPermissionCheckHandler(permissionCheckHandler);
  protocol.handle('app', serveApp);

  const dataDir = join(userData, 'data');
  const vault = await safeStorageVault(process.platform);
  logLine(`secret store: ${vault.info.kind} (${vault.info.backend})`);
  // Certificate files the officer chose in the app's own dialog this run: the only ones the page may name.
  const chosenFiles = new Set<string>();
  const workstation = await Workstation.open({
    dataDir,
    basemap,
    vault,
    canChooseFiles: true,
    acceptFile: (path) => chosenFiles.has(path),
    log: logLine,
    startDemo: async () => {
      const demo = await startDemoOperation(dataDir);
      return { url: demo.url, token: demo.token, stop: () => demo.server.stop() };
    },
  });
  const refreshSecrets = async (): Promise<void> => {
    knownSecrets = await workstation.knownSecrets();
  };
  await refreshSecrets();

  const placement = restoreWindowBounds(workstation.windowState(), screen.getAllDisplays(), {
    width: 1600,
    height: 1000,
  });
  const window = new BrowserWindow({
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    width: placement.width,
    height: placement.height,
    minWidth: 800,
    minHeight: 600,
    backgroundColor: '#0b1016',
    title: 'Watchfloor',
    show: false,
    // Written out in full (not spread from a constant) so that lint:security can read every option.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // A middle click opens no window of its own (window.open is refused as well).
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
    },
  });
  if (placement.maximized) window.maximize();
  if (placement.fullScreen) window.setFullScreen(true);
  mainWindow = window;

  const makeContract = (): HostContract =>
    new HostContract(workstation.core, () => workstation.viewSettings(), {
      showMenu: (commands) =>
        Menu.setApplicationMenu(
          buildMenu(commands, (id) => {
            if (!window.isDestroyed()) window.webContents.send(`${IPC_PREFIX}ui:command`, { id });
          }),
        ),
      replay: { exportsDir: join(dataDir, 'exports'), geoDir, appVersion: app.getVersion() },
      chooseArchive: async () => {
        const chosen = await dialog.showOpenDialog(window, {
          title: 'Open an operation archive for replay (read only)',
          properties: ['openFile'],
          filters: [{ name: 'Watchfloor archive', extensions: ['sqlite'] }],
        });
        return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      },
      chooseFile: async (purpose) => {
        const chosen = await dialog.showOpenDialog(window, {
          title: CERTIFICATE_DIALOGS[purpose],
          properties: ['openFile'],
          filters: [
            purpose === 'basemap'
              ? { name: 'MBTiles', extensions: ['mbtiles'] }
              : { name: 'PEM', extensions: ['pem', 'crt', 'cer', 'key'] },
            { name: 'All files', extensions: ['*'] },
          ],
        });
        const path = chosen.canceled ? null : (chosen.filePaths[0] ?? null);
        if (path) chosenFiles.add(path);
        return path;
      },
      chooseOverlayFile: async () => {
        const chosen = await dialog.showOpenDialog(window, {
          title: 'Open an overlay (KML, KMZ, GPX or GeoJSON)',
          properties: ['openFile'],
          filters: [
            { name: 'Overlays', extensions: ['kml', 'kmz', 'gpx', 'geojson', 'json'] },
            { name: 'All files', extensions: ['*'] },
          ],
        });
        return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      },
      printToPdf,
      workstation,
      diagnostics: () =>
        workstationDiagnostics({
          host: 'desktop',
          appVersion: app.getVersion(),
          versions: {
            electron: process.versions.electron,
            chrome: process.versions.chrome,
            node: process.versions.node,
          },
          core: workstation.core,
          workstation,
          log,
        }),
    });
  let contract = makeContract();
  // Frames and deltas go numbered, one of each in flight until the page answers on push:ack (or
  // 5 s pass): a busy or hidden page is sent the newest picture when it is ready for it, not a
  // queue of old ones (electron/host/pushAcks.ts, as the browser host does over socket.io).
  const pushes = new PushAcks({
    send: (channel, payload, n) => {
      if (!window.isDestroyed()) window.webContents.send(IPC_PREFIX + channel, payload, n);
    },
    log: (line) => log.write('warn', line),
  });
  // Only our own page, in the top frame, is listened to; a malformed answer is logged and ignored.
  ipcMain.on(`${IPC_PREFIX}push:ack`, (event, arg: unknown) => pushes.ack(event.senderFrame, arg));
  // A page (re)loaded was sent nothing its listeners saw: the newest goes to it again.
  window.webContents.on('did-finish-load', () => pushes.pageLoaded());
  const forward = (): (() => void) => {
    const off = contract.subscribe(
      (channel, payload) => {
        if (!window.isDestroyed()) window.webContents.send(IPC_PREFIX + channel, payload);
      },
      pushes.sendFrame,
      pushes.sendDelta,
    );
    return () => {
      off();
      pushes.forget();
    };
  };
  let unsubscribe = forward();
  // Another profile's core: a new contract on it, and the page starts over (a reload from here
  // does not pass through will-navigate, which refuses every navigation the page starts).
  workstation.onCoreChanged(() => {
    unsubscribe();
    contract.close();
    contract = makeContract();
    unsubscribe = forward();
    void refreshSecrets();
    if (!window.isDestroyed()) window.webContents.reload();
  });
  for (const channel of INVOKE_CHANNEL_NAMES) {
    // Only our own page, in the top frame, may call the core (electron/host/senderCheck.ts).
    ipcMain.handle(IPC_PREFIX + channel, async (event, arg: unknown) => {
      const outcome = await invokeFromFrame(contract, event.senderFrame, channel, arg);
      if (channel.startsWith('settings:')) await refreshSecrets();
      return outcome;
    });
  }

  window.once('ready-to-show', () => window.show());
  // The place and size are kept for the next start (restoreWindowBounds checks them against the screens then).
  window.on('close', () => {
    try {
      workstation.saveWindowState({
        ...window.getNormalBounds(),
        maximized: window.isMaximized(),
        fullScreen: window.isFullScreen(),
      });
    } catch (error) {
      // A full disk must not keep the window from closing.
      logLine(`window state not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  window.on('closed', () => {
    unsubscribe();
    contract.close();
    mainWindow = null;
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // The store's last writes and the demo's server finish before the process goes.
    event.preventDefault();
    // A close that hangs would keep the single-instance lock, and every later start would end
    // silently: after a while the process goes anyway (SQLite's WAL keeps the store consistent).
    const deadline = setTimeout(() => {
      logLine(`closing took over ${QUIT_DEADLINE_MS / 1000} s: leaving anyway`);
      log.close();
      app.exit(0);
    }, QUIT_DEADLINE_MS);
    void workstation
      .close()
      .catch((error: unknown) => logLine(`closing: ${String(error)}`))
      .finally(() => {
        clearTimeout(deadline);
        closed = true;
        logLine('Watchfloor stopped');
        log.close();
        app.quit();
      });
  });
}

/** The one window; a second start of the app brings it forward instead of opening another. */
let mainWindow: BrowserWindow | null = null;
/** How long closing the store and the demo may take before the process leaves anyway. */
const QUIT_DEADLINE_MS = 8000;
/** Lines for the log before it is open (refusals by the guards come later, through this). */
let guardLog: (line: string) => void = () => {};

/**
 * A safe link goes to the system browser only when the officer says so: the page never opens one
 * silently, which would be a way out for data that the CSP keeps in.
 */
async function confirmAndOpen(url: string): Promise<void> {
  const options = {
    type: 'question' as const,
    buttons: ['Open in the browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this address in the web browser?',
    detail: url,
  };
  const answer = mainWindow
    ? await dialog.showMessageBox(mainWindow, options)
    : await dialog.showMessageBox(options);
  if (answer.response === 0) await shell.openExternal(url);
  else guardLog(`window guard: the officer did not open ${new URL(url).host}`);
}

// Nothing in any window may navigate away or open another window: incident text is untrusted.
app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, {
    openExternal: (url) => void confirmAndOpen(url),
    log: (line) => guardLog(line),
  });
});

app.on('window-all-closed', () => app.quit());

if (!app.requestSingleInstanceLock()) {
  // Another Watchfloor has the store open: it is brought forward (below, in that process) and this one ends.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  main().catch((error: unknown) => {
    console.error(`Watchfloor could not start: ${error instanceof Error ? error.message : String(error)}`);
    guardLog(`Watchfloor could not start: ${error instanceof Error ? error.message : String(error)}`);
    // A packaged app has no console: the officer is told in a window, in the system's language
    // (the store that holds the chosen one may be what could not be opened).
    const language = localeTagLanguage(app.getLocale());
    const reason = coreMessageText(messageOf(error), language);
    dialog.showErrorBox(
      'Watchfloor',
      coreMessageText(coreMessage('cli.couldNotStart', { reason }), language),
    );
    app.exit(1);
  });
}
