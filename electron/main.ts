import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { DEFAULT_VIEW_SETTINGS, type MenuCommand } from '../shared/ipc';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVOKE_CHANNEL_NAMES, IPC_PREFIX } from '../shared/ipcChannels';
import { CONTENT_SECURITY_POLICY } from './browserHost';
import { Core } from './core/Core';
import { HostContract } from './core/hostContract';
import { invokeFromFrame } from './core/senderCheck';
import { contentTypeOf, resolveAppFile } from './core/appFiles';
import { startDemoOperation } from './demoOperation';

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

// Before ready: app:// is a standard, secure scheme, so the page has a real origin and no file:// rights.
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Serves app://watchfloor/... from the built renderer and /geo/ from the map data; nothing else. */
function serveApp(request: Request): Response {
  const url = new URL(request.url);
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

/** http(s) links open in the system browser; anything else is refused. */
function openExternalSafely(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:')
      void shell.openExternal(parsed.toString());
  } catch {
    // Not a URL: nothing to open.
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
    { label: 'Watchfloor', submenu: [...byPrefix('palette.'), { type: 'separator' }, { role: 'quit' }] },
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
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await printer.loadFile(htmlPath);
    const pdf = await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    writeFileSync(pdfPath, pdf);
  } finally {
    printer.destroy();
  }
}

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle('app', serveApp);

  const dataDir = join(app.getPath('userData'), 'data');
  mkdirSync(dataDir, { recursive: true });
  const demo = await startDemoOperation(dataDir);
  const core = Core.open({
    storePath: join(dataDir, 'demo', 'store.sqlite'),
    operator: 'JOC watch officer',
    feed: { url: demo.url, token: demo.token },
  });
  let window: BrowserWindow | null = null;
  const contract = new HostContract(
    core,
    { ...DEFAULT_VIEW_SETTINGS, operator: 'JOC watch officer' },
    {
      showMenu: (commands) =>
        Menu.setApplicationMenu(
          buildMenu(commands, (id) => window?.webContents.send(`${IPC_PREFIX}ui:command`, { id })),
        ),
      replay: { exportsDir: join(dataDir, 'exports'), geoDir, appVersion: app.getVersion() },
      chooseArchive: async () => {
        const options = {
          title: 'Open an operation archive for replay (read only)',
          properties: ['openFile' as const],
          filters: [{ name: 'Watchfloor archive', extensions: ['sqlite'] }],
        };
        const chosen = window
          ? await dialog.showOpenDialog(window, options)
          : await dialog.showOpenDialog(options);
        return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      },
      printToPdf,
    },
  );
  for (const channel of INVOKE_CHANNEL_NAMES) {
    // Only our own page, in the top frame, may call the core (electron/core/senderCheck.ts).
    ipcMain.handle(IPC_PREFIX + channel, (event, arg: unknown) =>
      invokeFromFrame(contract, event.senderFrame, channel, arg),
    );
  }

  window = new BrowserWindow({
    width: 1600,
    height: 1000,
    backgroundColor: '#0b1016',
    title: 'Watchfloor',
    show: false,
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
  const shown = window;
  const unsubscribe = contract.subscribe((channel, payload) => {
    if (!shown.isDestroyed()) shown.webContents.send(IPC_PREFIX + channel, payload);
  });
  shown.once('ready-to-show', () => shown.show());
  shown.on('closed', () => {
    unsubscribe();
    contract.close();
  });
  void shown.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('before-quit', () => {
    core.close();
    void demo.server.stop();
  });
}

// Nothing in any window may navigate away or open another window: incident text is untrusted.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => app.quit());

main().catch((error: unknown) => {
  console.error(`Watchfloor could not start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});
