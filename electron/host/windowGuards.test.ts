import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  guardWebContents,
  isSafeExternalUrl,
  permissionCheckHandler,
  permissionRequestHandler,
  type GuardedContents,
  type NavigationEvent,
  type WindowOpenDetails,
} from './windowGuards';

/** A web contents as the guards see it: an event emitter with a window-open handler slot. */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((details: WindowOpenDetails) => { action: 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void {
    this.openHandler = handler;
  }

  /** Emits a cancellable event the way Electron does; true when a listener cancelled it. */
  attempt(event: string, url?: string): boolean {
    let prevented = false;
    const e: NavigationEvent = {
      url,
      preventDefault: () => {
        prevented = true;
      },
    };
    this.emit(event, e, url);
    return prevented;
  }

  open(url: string): { action: 'deny' } {
    if (!this.openHandler) throw new Error('no window open handler set');
    return this.openHandler({ url });
  }
}

function guarded(): { contents: FakeContents; opened: string[]; logged: string[] } {
  const contents = new FakeContents();
  const opened: string[] = [];
  const logged: string[] = [];
  guardWebContents(contents, { openExternal: (url) => opened.push(url), log: (l) => logged.push(l) });
  return { contents, opened, logged };
}

const SAFE = [
  'https://www.europol.europa.eu/',
  'http://intranet.mup.gov.rs/operations?id=42#map',
  'https://10.20.0.5:8443/wiki',
  'HTTPS://Example.ORG/Path',
];

const UNSAFE = [
  'javascript:window.__pwned=4',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'file:///etc/passwd',
  'file://server/share/report.pdf',
  'data:text/html,<script>alert(1)</script>',
  'smb://evil.example/share',
  'ms-msdt:/id PCWDiagnostic',
  'vscode://file/etc/passwd',
  'app://watchfloor/index.html',
  'mailto:ops@example.org',
  'ftp://ftp.example.org/',
  'https://user@evil.example/',
  'https://bank.example:pw@evil.example/',
  'https://:pw@evil.example/',
  'https:evil.example',
  'https:\\\\evil.example',
  '//evil.example/path',
  '/relative/path',
  'https://',
  'http://[::1',
  'not a url',
  '',
];

describe('isSafeExternalUrl', () => {
  it.each(SAFE)('accepts %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each(UNSAFE)('refuses %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s is prevented, wherever it goes, the app itself included',
    (event) => {
      const { contents, opened } = guarded();
      for (const url of [
        'https://evil.example/',
        'javascript:window.__pwned=4',
        'file:///etc/passwd',
        'app://watchfloor/index.html',
        'app://watchfloor/index.html?reload=1',
        'not a url',
      ])
        expect(contents.attempt(event, url), url).toBe(true);
      expect(contents.attempt(event)).toBe(true);
      // A link clicked in the page never goes to the system browser by navigating.
      expect(opened).toEqual([]);
    },
  );

  it('prevents every <webview> from attaching', () => {
    const { contents } = guarded();
    expect(contents.attempt('will-attach-webview')).toBe(true);
  });

  it('denies every window.open, and hands only safe http(s) URLs to the system browser', () => {
    const { contents, opened } = guarded();
    for (const url of [...SAFE, ...UNSAFE]) expect(contents.open(url), url).toEqual({ action: 'deny' });
    expect(opened).toEqual(SAFE.map((u) => new URL(u).toString()));
  });

  it('logs what it refused by scheme and host only: a URL may carry a token', () => {
    const { contents, logged } = guarded();
    contents.attempt('will-navigate', 'https://evil.example/collect?token=abc123def456');
    contents.open('javascript:window.__pwned=4');
    contents.attempt('will-attach-webview');
    expect(logged).toEqual([
      'window guard: refused navigation to https://evil.example',
      'window guard: refused to open a javascript: URL',
      'window guard: refused a <webview>',
    ]);
  });

  it('works without a log', () => {
    const contents = new FakeContents();
    guardWebContents(contents, { openExternal: () => undefined });
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
  });
});

const APP_PAGE = 'app://watchfloor/index.html';

/** Every permission name Electron 45 knows, besides the one the app needs. */
const OTHER_PERMISSIONS = [
  'clipboard-read',
  'deprecated-sync-clipboard-read',
  'media',
  'display-capture',
  'geolocation',
  'notifications',
  'midi',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'fileSystem',
  'hid',
  'serial',
  'usb',
  'local-fonts',
  'window-management',
  'storage-access',
  'idle-detection',
  'unknown',
];

function requested(permission: string, details: { requestingUrl?: string; isMainFrame?: boolean }): boolean {
  const answers: boolean[] = [];
  permissionRequestHandler({}, permission, (granted) => answers.push(granted), details);
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

describe('permissionRequestHandler', () => {
  it('grants clipboard-sanitized-write to the app page in its top frame', () => {
    expect(requested('clipboard-sanitized-write', { requestingUrl: APP_PAGE, isMainFrame: true })).toBe(true);
  });

  it.each(OTHER_PERMISSIONS)('refuses %s, even to the app page', (permission) => {
    expect(requested(permission, { requestingUrl: APP_PAGE, isMainFrame: true })).toBe(false);
  });

  it.each([
    ['a subframe of the app', { requestingUrl: APP_PAGE, isMainFrame: false }],
    ['a web page', { requestingUrl: 'https://evil.example/', isMainFrame: true }],
    ['a lookalike app host', { requestingUrl: 'app://watchfloor.evil/', isMainFrame: true }],
    ['a user in the address', { requestingUrl: 'app://x@watchfloor/', isMainFrame: true }],
    ['a file', { requestingUrl: 'file:///tmp/index.html', isMainFrame: true }],
    ['no URL', { isMainFrame: true }],
    ['no frame information', { requestingUrl: APP_PAGE }],
  ])('refuses clipboard-sanitized-write to %s', (_name, details) => {
    expect(requested('clipboard-sanitized-write', details)).toBe(false);
  });
});

describe('permissionCheckHandler', () => {
  it('allows clipboard-sanitized-write for the app origin in its top frame', () => {
    expect(
      permissionCheckHandler(null, 'clipboard-sanitized-write', 'app://watchfloor', { isMainFrame: true }),
    ).toBe(true);
    expect(
      permissionCheckHandler({}, 'clipboard-sanitized-write', 'app://watchfloor', {
        isMainFrame: true,
        requestingUrl: APP_PAGE,
      }),
    ).toBe(true);
  });

  it.each(OTHER_PERMISSIONS)('refuses %s', (permission) => {
    expect(permissionCheckHandler({}, permission, 'app://watchfloor', { isMainFrame: true })).toBe(false);
  });

  it.each([
    ['another origin', 'https://evil.example', { isMainFrame: true }],
    ['an origin of "null"', 'null', { isMainFrame: true }],
    ['an empty origin', '', { isMainFrame: true }],
    ['a subframe', 'app://watchfloor', { isMainFrame: false }],
    [
      'a cross-origin embedding',
      'app://watchfloor',
      { isMainFrame: true, embeddingOrigin: 'https://evil.example' },
    ],
    [
      'an app origin but a foreign URL',
      'app://watchfloor',
      { isMainFrame: true, requestingUrl: 'https://e.example/' },
    ],
  ])('refuses clipboard-sanitized-write to %s', (_name, origin, details) => {
    expect(permissionCheckHandler({}, 'clipboard-sanitized-write', origin, details)).toBe(false);
  });
});
