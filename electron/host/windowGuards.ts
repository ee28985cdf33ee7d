import { isAppUrl } from './senderCheck';

/**
 * What the main process applies to every web contents it creates, kept free of Electron so it is
 * tested in plain Node: the types below are the parts of Electron's that these guards touch, and
 * Electron's own objects satisfy them.
 *
 * Incident text is untrusted. The renderer shows it as text, but should anything from the feed
 * ever become a link or a script, these guards are what keeps it from taking the window somewhere
 * else, opening a window, or being granted a permission.
 */

/** A cancellable navigation event (will-navigate, will-frame-navigate, will-redirect). */
export interface NavigationEvent {
  preventDefault(): void;
  readonly url?: string;
}

/** What `setWindowOpenHandler` hands over (Electron's HandlerDetails, in part). */
export interface WindowOpenDetails {
  readonly url: string;
}

/** The parts of Electron's WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
}

/** What the guards need from the main process. */
export interface GuardOptions {
  /** Opens a URL in the system browser (`shell.openExternal`); only ever given a safe http(s) URL. */
  openExternal: (url: string) => void;
  /** Told of everything refused, for the app's log (which redacts secrets). */
  log?: (line: string) => void;
}

/**
 * True for an absolute http: or https: URL with a host and no user or password in it; false for
 * every other scheme (javascript:, file:, data:, smb:, custom app schemes) and for anything that
 * does not parse. Userinfo is refused because `https://bank.example@evil.example/` shows one host
 * and goes to another.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    // The WHATWG parser forgives what a person would not write, e.g. "https:evil.example" or
    // "https:\\evil.example"; only the plain spelling goes to the system browser.
    /^https?:\/\//i.test(url)
  );
}

/**
 * Locks down one web contents: no navigation (top frame, subframes or redirects) and no
 * <webview>; window.open and target=_blank links are always denied in the app, and a safe
 * http(s) link goes to the system browser instead.
 *
 * Even a navigation to the app's own origin is refused. The page is a single page that never
 * navigates itself: its reloads are of data, not of the page (the one `location.replace`, in
 * the browser host's transport renderer/src/api/browserApi.ts, never runs in the desktop app).
 * When the main process reloads or loads the page (`webContents.reload()`, `loadURL()`), that
 * navigation is browser-initiated, and Electron emits will-navigate and will-frame-navigate only
 * for renderer-initiated navigations (electron/electron
 * shell/browser/electron_navigation_throttle.cc; the web-contents docs: "will not emit when the
 * navigation is started programmatically"). A page-initiated "reload" is therefore exactly what
 * an injected script would do, and is refused. will-redirect is emitted for every navigation,
 * browser-initiated ones included, and is refused as well: app:// never redirects.
 */
export function guardWebContents(contents: GuardedContents, options: GuardOptions): void {
  const refuse =
    (what: string) =>
    (event: NavigationEvent): void => {
      event.preventDefault();
      options.log?.(`window guard: refused ${what} to ${describeUrl(event.url)}`);
    };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-frame-navigate', refuse('frame navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log?.('window guard: refused a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      options.openExternal(new URL(url).toString());
    } else {
      options.log?.(`window guard: refused to open ${describeUrl(url)}`);
    }
    return { action: 'deny' };
  });
}

/** The one permission the app asks for: writing text to the clipboard ("Copy diagnostics"). */
export const GRANTED_PERMISSION = 'clipboard-sanitized-write';

/** What Electron tells a permission request handler about the request (PermissionRequest, in part). */
export interface PermissionRequestDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
}

/** What Electron tells a permission check handler (PermissionCheckHandlerHandlerDetails, in part). */
export interface PermissionCheckDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
  /** Set only for a cross-origin subframe. */
  readonly embeddingOrigin?: string;
}

/**
 * For `session.setPermissionRequestHandler`: refuses every permission except
 * clipboard-sanitized-write asked by the app's own page in its top frame.
 */
export function permissionRequestHandler(
  _webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
): void {
  callback(
    permission === GRANTED_PERMISSION && details.isMainFrame === true && isAppUrl(details.requestingUrl),
  );
}

/**
 * For `session.setPermissionCheckHandler`: the same rule for the checks Chromium makes before (or
 * instead of) a request. The requesting origin and, when given, the requesting URL must both be
 * the app's own.
 */
export function permissionCheckHandler(
  _webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
): boolean {
  return (
    permission === GRANTED_PERMISSION &&
    details.isMainFrame === true &&
    details.embeddingOrigin === undefined &&
    isAppUrl(requestingOrigin) &&
    (details.requestingUrl === undefined || isAppUrl(details.requestingUrl))
  );
}

/** A URL for the log: its scheme and host only, since the rest may carry anything (and is long). */
function describeUrl(url: string | undefined): string {
  if (url === undefined) return 'an unknown URL';
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? `a ${parsed.protocol} URL` : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'a malformed URL';
  }
}
