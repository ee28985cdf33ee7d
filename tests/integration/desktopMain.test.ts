import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL_NAMES, IPC_PREFIX, SEND_CHANNEL_NAMES } from '../../shared/ipcChannels';
import { until as waitUntil } from './until';

const until = (check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> =>
  waitUntil(check, what, timeoutMs);

/**
 * electron/main.ts itself, run in plain Node over a stand-in for the `electron` module (the Electron
 * runtime cannot be downloaded on these machines). Everything below Electron is real: the
 * workstation, the demo operation on loopback, the SQLite store, the contract. What this proves is
 * the wiring of Electron's security checklist in the main process: the window's web preferences,
 * the app:// protocol and its CSP, the sender check on every IPC channel, the navigation,
 * window-open and permission guards on every web contents, safeStorage's basic_text treated as no
 * key store, single instance, the window state kept, and a clean quit. What it cannot prove is
 * that Electron honours them; that needs the runtime (see the closing note of the issue).
 */

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const state = {
    userData: '',
    singleInstance: true,
    schemes: [] as unknown[],
    appHandler: null as null | ((request: { url: string }) => Response | Promise<Response>),
    ipc: new Map<string, (event: unknown, arg: unknown) => Promise<unknown>>(),
    /** Listeners of send channels (ipcMain.on): no answer. */
    ipcOn: new Map<string, (event: unknown, arg: unknown) => void>(),
    windows: [] as FakeWindow[],
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    opened: [] as string[],
    /** The officer's answer to "Open this address in the web browser?": 0 opens, 1 cancels. */
    confirm: 1,
    asked: [] as string[],
    quits: 0,
    exits: [] as number[],
    menus: 0,
  };
  class FakeContents extends Emitter {
    /** Every push: its channel, payload and number (frames and deltas are numbered). */
    readonly sent: [string, unknown, unknown?][] = [];
    openHandler: null | ((details: { url: string }) => { action: string }) = null;
    reloads = 0;
    send(channel: string, payload: unknown, n?: unknown): void {
      this.sent.push(n === undefined ? [channel, payload] : [channel, payload, n]);
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.openHandler = handler;
    }
    reload(): void {
      this.reloads++;
    }
    /** The hidden window that prints the report: any bytes stand for the PDF. */
    printToPDF(): Promise<Buffer> {
      return Promise.resolve(Buffer.from('%PDF-1.7 stand-in'));
    }
  }
  class FakeWindow extends Emitter {
    readonly webContents = new FakeContents();
    loaded: string | null = null;
    focused = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url;
      return Promise.resolve();
    }
    loadFile(path: string): Promise<void> {
      this.loaded = path;
      return Promise.resolve();
    }
    destroy(): void {}
    show(): void {}
    focus(): void {
      this.focused++;
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    maximize(): void {}
    setFullScreen(): void {}
    isMaximized(): boolean {
      return false;
    }
    isFullScreen(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1500, height: 900 };
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    getPath: () => state.userData,
    getVersion: () => '0.1.0-test',
    requestSingleInstanceLock: () => state.singleInstance,
    quit: () => {
      state.quits++;
    },
    exit: (code: number) => {
      state.exits.push(code);
    },
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showMessageBox: (_window: unknown, options: { detail: string }) => {
        state.asked.push(options.detail);
        return Promise.resolve({ response: state.confirm });
      },
      showErrorBox: () => {},
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, arg: unknown) => Promise<unknown>) =>
        void state.ipc.set(channel, handler),
      on: (channel: string, listener: (event: unknown, arg: unknown) => void) =>
        void state.ipcOn.set(channel, listener),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: () => {
        state.menus++;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void state.schemes.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string }) => Response) => {
        if (scheme === 'app') state.appHandler = handler;
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => {
          state.permissionRequest = handler;
        },
        setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => {
          state.permissionCheck = handler;
        },
      },
    },
    shell: {
      openExternal: (url: string) => {
        state.opened.push(url);
        return Promise.resolve();
      },
    },
    // A Linux desktop without a secret service: Chromium's fallback key, which protects nothing.
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      getSelectedStorageBackend: () => 'basic_text',
      encryptStringAsync: () => Promise.reject(new Error('must not be called')),
      decryptStringAsync: () => Promise.reject(new Error('must not be called')),
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
const OUR_FRAME = { url: 'app://watchfloor/index.html', parent: null };
/** How long a push waits for the page's answer before the next goes anyway (as in the browser host). */
const PUSH_ACK_TIMEOUT_MS = 5_000;

function invoke(channel: string, arg: unknown, frame: unknown = OUR_FRAME): Promise<unknown> {
  const handler = state.ipc.get(IPC_PREFIX + channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ senderFrame: frame }, arg);
}

/** The page's answer to a numbered push, from `frame` (lost where main does not listen for it). */
function ack(arg: unknown, frame: unknown = OUR_FRAME): void {
  state.ipcOn.get(`${IPC_PREFIX}push:ack`)?.({ senderFrame: frame }, arg);
}

const window = () => {
  const first = state.windows[0];
  if (!first) throw new Error('no window');
  return first;
};

describe('the desktop main process (electron/main.ts over a stand-in Electron)', () => {
  beforeAll(async () => {
    state.userData = mkdtempSync(join(tmpdir(), 'watchfloor-desktop-'));
    // As an older version or a loose umask left it: readable by every local user (closed at the start).
    chmodSync(state.userData, 0o755);
    await import('../../electron/main');
    // main() runs on: the demo operation starts (an hour of history), then the window loads.
    await until(() => state.windows[0]?.loaded !== null && state.windows.length > 0, 'the window');
  }, 120_000);

  afterAll(async () => {
    // A clean quit closes the store and stops the demo before the app goes.
    let prevented = false;
    fake.electron.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await until(() => state.quits > 0, 'the quit after closing');
    rmSync(state.userData, { recursive: true, force: true });
  }, 60_000);

  it('registers app:// as a secure standard scheme and opens the page from it, never from file://', () => {
    expect(state.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(window().loaded).toBe('app://watchfloor/index.html');
  });

  it('opens one window with the checklist web preferences and a preload, sized to a real screen', () => {
    expect(state.windows).toHaveLength(1);
    const options = window().options as { webPreferences: Record<string, unknown>; width: number };
    expect(options.webPreferences).toEqual({
      preload: expect.stringMatching(/preload[\\/]index\.cjs$/) as unknown,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
    });
    expect(options.width).toBeLessThanOrEqual(1920);
  });

  it('serves the page with its CSP, and nothing outside the renderer, the map data or its host', async () => {
    const handler = state.appHandler;
    if (!handler) throw new Error('app:// has no handler');
    const page = await handler({ url: 'app://watchfloor/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    for (const url of [
      'app://watchfloor/../../package.json',
      'app://watchfloor/%2e%2e/%2e%2e/package.json',
      'app://watchfloor/geo/../../../package.json',
      'app://elsewhere/index.html',
    ])
      expect((await handler({ url })).status, url).toBe(404);
    expect(await page.text()).toContain('<div id="root">');
    // The centre's basemap is served under the page's own origin (none chosen here: no tile).
    expect((await handler({ url: 'app://watchfloor/basemap/tiles/0/0/0' })).status).toBe(404);
    expect((await handler({ url: 'app://watchfloor/basemap/style.json' })).status).toBe(404);
  });

  it('handles every IPC channel, and only for our own page in its top frame', async () => {
    expect([...state.ipc.keys()].sort()).toEqual(INVOKE_CHANNEL_NAMES.map((c) => IPC_PREFIX + c).sort());
    expect([...state.ipcOn.keys()].sort()).toEqual(SEND_CHANNEL_NAMES.map((c) => IPC_PREFIX + c).sort());
    const foreign = [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://watchfloor/index.html', parent: {} },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'app://watchfloor.evil.example/', parent: null },
      null,
    ];
    for (const channel of INVOKE_CHANNEL_NAMES)
      for (const frame of foreign)
        expect(await invoke(channel, {}, frame), `${channel} from ${JSON.stringify(frame)}`).toEqual({
          ok: false,
          error: 'refused: not the Watchfloor page',
          message: { code: 'host.notOurPage', text: 'refused: not the Watchfloor page' },
        });
    const bad = (await invoke('ops:issue', {
      type: 'incident.acknowledge',
      payload: { incidentId: { $gt: '' } },
    })) as {
      ok: boolean;
      error: string;
    };
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/invalid request/) as unknown });
  });

  it('opens an overlay file with its own dialog, never a path from the page', async () => {
    const fixture = join(process.cwd(), 'tests', 'fixtures', 'overlays', 'patrol.gpx');
    const dialog = fake.electron.dialog;
    const original = dialog.showOpenDialog;
    let asked: { filters?: { extensions: string[] }[] } | null = null;
    dialog.showOpenDialog = ((_window: unknown, options: { filters?: { extensions: string[] }[] }) => {
      asked = options;
      return Promise.resolve({ canceled: false, filePaths: [fixture] });
    }) as typeof original;
    try {
      // A path in the argument is refused: the contract has no such field.
      expect(await invoke('overlay:chooseFile', { path: '/etc/passwd' })).toMatchObject({ ok: false });
      const chosen = (await invoke('overlay:chooseFile', {})) as {
        ok: boolean;
        value: { fileName: string; bytes: Uint8Array };
      };
      expect(chosen.ok).toBe(true);
      expect(chosen.value.fileName).toBe('patrol.gpx');
      expect(Buffer.from(chosen.value.bytes).equals(readFileSync(fixture))).toBe(true);
      expect(asked!.filters?.[0]?.extensions).toEqual(
        expect.arrayContaining(['kml', 'kmz', 'gpx', 'geojson']),
      );
    } finally {
      dialog.showOpenDialog = original;
    }
    // Canceled: nothing.
    expect(await invoke('overlay:chooseFile', {})).toEqual({ ok: true, value: null });
  });

  it('runs on the workstation: first run on the demo, basic_text counted as no key store, no secret to the page', async () => {
    const view = (await invoke('settings:get', {})) as {
      ok: true;
      value: { managed: boolean; firstRun: boolean; secretStore: { kind: string; backend: string } };
    };
    expect(view.value).toMatchObject({ managed: true, firstRun: true });
    expect(view.value.secretStore).toEqual({ kind: 'session', backend: 'basic_text: no secret service' });
    const snapshot = (await invoke('core:snapshot', {})) as {
      ok: boolean;
      value: { status: { link: string } };
    };
    expect(snapshot.ok).toBe(true);
    // The token typed for a profile goes nowhere on disk without a key store, and never back to the page.
    const saved = (await invoke('settings:saveProfile', {
      profile: {
        name: 'JOC Tirana',
        serverUrl: 'https://ops.example.internal:4400',
        token: 'desktop-token-8d1f',
      },
    })) as { ok: boolean; value: unknown };
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(saved.value)).not.toContain('desktop-token-8d1f');
    expect(existsSync(join(state.userData, 'data', 'secrets.json'))).toBe(false);
    expect(readFileSync(join(state.userData, 'data', 'settings.json'), 'utf8')).not.toContain(
      'desktop-token-8d1f',
    );
    // A certificate path the page types (not one chosen in the app's dialog) is not read.
    const typed = (await invoke('settings:saveProfile', {
      profile: {
        name: 'JOC Podgorica',
        serverUrl: 'https://ops.example.internal:4400',
        token: 'desktop-token-8d1f',
        caFile: '/etc/passwd',
      },
    })) as { ok: boolean; error: string };
    expect(typed).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Choose the file with "Browse…"/) as unknown,
    });
  });

  it('guards every web contents: no navigation, no webview, window.open denied, only safe links to the browser, and only when the officer says so', async () => {
    const contents = window().webContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { url: 'https://evil.example/', preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    const open = contents.openHandler;
    if (!open) throw new Error('no window-open handler');
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://host/share',
      'https://u@evil.example/',
    ])
      expect(open({ url })).toEqual({ action: 'deny' });
    expect(state.asked).toEqual([]);
    // A safe link is put to the officer first: cancelled, nothing opens; confirmed, the browser does.
    expect(open({ url: 'https://www.europol.europa.eu/' })).toEqual({ action: 'deny' });
    await until(() => state.asked.length === 1, 'the question');
    await new Promise((r) => setTimeout(r, 20));
    expect(state.opened).toEqual([]);
    state.confirm = 0;
    open({ url: 'https://www.europol.europa.eu/' });
    await until(() => state.opened.length === 1, 'the browser');
    expect(state.opened).toEqual(['https://www.europol.europa.eu/']);
    expect(state.asked).toEqual(['https://www.europol.europa.eu/', 'https://www.europol.europa.eu/']);
  });

  it('refuses every permission but writing to the clipboard from our own page', () => {
    const request = state.permissionRequest;
    const check = state.permissionCheck;
    if (!request || !check) throw new Error('no permission handlers');
    const answers: boolean[] = [];
    const ask = (permission: string, url: string, isMainFrame = true): boolean => {
      request({}, permission, (granted: boolean) => answers.push(granted), {
        requestingUrl: url,
        isMainFrame,
      });
      return answers[answers.length - 1] ?? false;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])
      expect(ask(permission, 'app://watchfloor/index.html'), permission).toBe(false);
    expect(ask('clipboard-sanitized-write', 'app://watchfloor/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'app://watchfloor/index.html', false)).toBe(false);
    expect(check({}, 'media', 'app://watchfloor', { isMainFrame: true })).toBe(false);
  });

  it('brings the window forward when the app is started again', () => {
    const before = window().focused;
    fake.electron.app.emit('second-instance');
    expect(window().focused).toBe(before + 1);
  });

  it('keeps the window place and size for the next start', () => {
    window().emit('close');
    const saved = JSON.parse(readFileSync(join(state.userData, 'data', 'settings.json'), 'utf8')) as {
      window: unknown;
    };
    expect(saved.window).toEqual({
      x: 40,
      y: 30,
      width: 1500,
      height: 900,
      maximized: false,
      fullScreen: false,
    });
  });

  it('keeps every folder it writes to this user (0700) and every file (0600), the printed report too', async () => {
    // The demo's history has to be in the store before there is a report to print.
    let lastSeq = 0;
    const poll = setInterval(() => {
      void invoke('core:snapshot', {}).then((s) => {
        lastSeq = (s as { value?: { status?: { lastSeq?: number } } }).value?.status?.lastSeq ?? 0;
      });
    }, 50);
    await until(() => lastSeq > 0, 'the demo history').finally(() => clearInterval(poll));
    const pdf = (await invoke('report:pdf', {})) as { ok: boolean; value: { path: string } };
    expect(pdf).toMatchObject({ ok: true });
    const open: string[] = [];
    const walk = (at: string): void => {
      const stat = lstatSync(at);
      const mode = stat.mode & 0o777;
      if (mode !== (stat.isDirectory() ? 0o700 : 0o600))
        open.push(`${relative(state.userData, at)} ${mode.toString(8)}`);
      if (stat.isDirectory()) for (const entry of readdirSync(at)) walk(join(at, entry));
    };
    walk(state.userData);
    expect(open).toEqual([]);
    expect(existsSync(pdf.value.path)).toBe(true);
  }, 60_000);

  it('sends a busy page one frame and one delta at a time, the newest when it answers, the next after 5 s without', async () => {
    type Frame = { version: number; seq: number };
    type Delta = { seq: number };
    const contents = window().webContents;
    const sentOn = (channel: string) => contents.sent.filter(([c]) => c === IPC_PREFIX + channel);
    const lastOn = (channel: string) => {
      const last = sentOn(channel).at(-1);
      if (!last) throw new Error(`nothing on ${channel}`);
      return { payload: last[1], n: last[2] as number, count: sentOn(channel).length };
    };
    const lastSeq = async (): Promise<number> =>
      ((await invoke('core:snapshot', {})) as { value: { status: { lastSeq: number } } }).value.status
        .lastSeq;
    await until(
      () => sentOn('positions:frame').length > 0 && sentOn('state:delta').length > 0,
      'the first frame and delta',
    );
    // Whatever is in flight is answered; the next of each is then the one the page holds.
    const before = { frames: sentOn('positions:frame').length, deltas: sentOn('state:delta').length };
    ack({ kind: 'frame', n: lastOn('positions:frame').n });
    ack({ kind: 'delta', n: lastOn('state:delta').n });
    // When each went: the first of them must not reach its timeout while the page holds them.
    let frameAt = 0;
    let deltaAt = 0;
    await until(() => {
      if (!frameAt && sentOn('positions:frame').length > before.frames) frameAt = Date.now();
      if (!deltaAt && sentOn('state:delta').length > before.deltas) deltaAt = Date.now();
      return frameAt > 0 && deltaAt > 0;
    }, 'a frame and a delta after the answers');
    const heldAt = Math.min(frameAt, deltaAt);
    const frame1 = lastOn('positions:frame');
    const delta1 = lastOn('state:delta');

    // The page does not answer for 3 s: the feed goes on (units report 30 times a second, position
    // deltas go once a second), and nothing more is sent.
    const seq0 = await lastSeq();
    let seq = seq0;
    const poll = setInterval(() => void lastSeq().then((s) => (seq = s)), 50);
    await until(() => Date.now() - heldAt >= 3_000 && seq > seq0, 'three seconds of the feed', 4_500).finally(
      () => clearInterval(poll),
    );
    expect(Date.now() - heldAt).toBeLessThan(PUSH_ACK_TIMEOUT_MS - 200);
    expect(lastOn('positions:frame').count).toBe(frame1.count);
    expect(lastOn('state:delta').count).toBe(delta1.count);
    expect(typeof frame1.n).toBe('number');
    expect(frame1.n).not.toBe(delta1.n);

    // Answers that are malformed, for another number, or from another frame free nothing.
    for (const bad of [
      { kind: 'frame', n: String(frame1.n) },
      { kind: 'frame', n: frame1.n, extra: 1 },
      { kind: 'frame', n: frame1.n + 1000 },
      { kind: 'picture', n: frame1.n },
      null,
    ])
      ack(bad);
    ack({ kind: 'frame', n: frame1.n }, { url: 'https://evil.example/', parent: null });
    ack({ kind: 'delta', n: delta1.n }, { url: 'app://watchfloor/index.html', parent: {} });
    expect(lastOn('positions:frame').count).toBe(frame1.count);
    expect(lastOn('state:delta').count).toBe(delta1.count);

    // The answer sends the newest at once: the frames in between were dropped, the deltas merged.
    ack({ kind: 'frame', n: frame1.n });
    ack({ kind: 'delta', n: delta1.n });
    const answeredAt = Date.now();
    const frame2 = lastOn('positions:frame');
    const delta2 = lastOn('state:delta');
    expect(frame2.count).toBe(frame1.count + 1);
    expect(delta2.count).toBe(delta1.count + 1);
    expect((frame2.payload as Frame).version).toBeGreaterThan((frame1.payload as Frame).version + 1);
    expect((delta2.payload as Delta).seq).toBeGreaterThanOrEqual(seq0);

    // No answer at all: the next of each goes after the timeout, not before, and not forever later.
    await until(
      () => lastOn('positions:frame').count > frame2.count && lastOn('state:delta').count > delta2.count,
      'the timeout',
      PUSH_ACK_TIMEOUT_MS * 3,
    );
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(PUSH_ACK_TIMEOUT_MS - 100);
    const frame3 = lastOn('positions:frame');
    expect((frame3.payload as Frame).version).toBeGreaterThan((frame2.payload as Frame).version);

    // A page that (re)loaded is sent the frame in flight again, under a new number.
    contents.emit('did-finish-load');
    const again = lastOn('positions:frame');
    expect(again.count).toBe(frame3.count + 1);
    expect(again.payload).toBe(frame3.payload);
    expect(again.n).toBeGreaterThan(frame3.n);
    ack({ kind: 'frame', n: again.n });

    // The refused answers are in the log.
    const logs = join(state.userData, 'logs');
    await until(
      () => readdirSync(logs).some((f) => readFileSync(join(logs, f), 'utf8').includes('push:ack refused')),
      'the refusals in the log',
      10_000,
    );
  }, 60_000);

  it('switches profile by reloading the page onto the new core', async () => {
    const reloads = window().webContents.reloads;
    const switched = (await invoke('settings:activate', { profileId: 'demo' })) as { ok: boolean };
    expect(switched.ok).toBe(true);
    expect(window().webContents.reloads).toBe(reloads + 1);
    const snapshot = (await invoke('core:snapshot', {})) as { ok: boolean };
    expect(snapshot.ok).toBe(true);
  }, 60_000);
});

describe('a second start of the desktop app', () => {
  it('leaves at once when another instance holds the lock, opening nothing', async () => {
    vi.resetModules();
    const windows = state.windows.length;
    const quits = state.quits;
    state.singleInstance = false;
    await import('../../electron/main');
    expect(state.quits).toBe(quits + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(state.windows.length).toBe(windows);
    state.singleInstance = true;
  });
});
