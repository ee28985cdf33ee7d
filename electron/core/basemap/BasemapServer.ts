import {
  BASEMAP_PATHS,
  BUILTIN_BASEMAP,
  parseStyleUrl,
  type BasemapSetting,
  type BasemapView,
} from '../../../shared/basemap';
import { coreMessage, type CoreMessage } from '../../../shared/coreMessage';
import { BasemapError, MAX_TILE_ZOOM, MbtilesFile } from './MbtilesFile';

/** An answer to a basemap request, for either host to send (the browser host over HTTP, Electron through app://). */
export interface BasemapResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** How the server fetches from a style server (tests hand in a short timeout). */
export interface BasemapServerOptions {
  /** How long one request to the style server may take. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** The largest file taken from a style server (a style, a tile, a glyph range, a sprite). */
export const MAX_REMOTE_BYTES = 16 * 1024 * 1024;

const TILE_PATH = new RegExp(`^${BASEMAP_PATHS.tiles}/(\\d{1,2})/(\\d{1,8})/(\\d{1,8})$`);

/** What the server holds: nothing (the built-in map), a tile file, or a style and its server. */
type Current =
  | { kind: 'builtin' }
  | { kind: 'mbtiles'; file: MbtilesFile; revision: number }
  | { kind: 'style'; url: string; origin: string; style: Buffer; revision: number };

/**
 * Serves the centre's basemap to the page, from the page's own host: the tiles of an MBTiles file,
 * or an on-premises style and every file of its server (tiles, glyphs, sprites), fetched by the host
 * from that one server. The page thus never connects anywhere but to its host, its content policy
 * stays `'self'`, and no address the page makes up is ever fetched: only paths on the server the
 * officer named.
 */
export class BasemapServer {
  private current: Current = { kind: 'builtin' };
  private revision = 0;

  constructor(private readonly options: BasemapServerOptions = {}) {}

  /**
   * Switches to a basemap, after checking it: the file opened and read, the style fetched and
   * parsed. A BasemapError says what is wrong, and the basemap in use stays as it was.
   */
  async use(setting: BasemapSetting): Promise<void> {
    let next: Current;
    if (setting.kind === 'builtin') next = { kind: 'builtin' };
    else if (setting.kind === 'mbtiles')
      next = { kind: 'mbtiles', file: MbtilesFile.open(setting.file), revision: ++this.revision };
    else {
      const parsed = parseStyleUrl(setting.url);
      if (!parsed.ok)
        throw new BasemapError(coreMessage('basemap.styleAddressRefused', { reason: parsed.message }));
      const style = await this.fetchStyle(parsed.url);
      next = { kind: 'style', url: parsed.url, origin: parsed.origin, style, revision: ++this.revision };
    }
    this.closeCurrent();
    this.current = next;
  }

  /** The basemap as the page draws it. */
  view(): BasemapView {
    const c = this.current;
    if (c.kind === 'builtin') return BUILTIN_BASEMAP;
    if (c.kind === 'style') return { kind: 'style', revision: c.revision, url: c.url, origin: c.origin };
    return { kind: 'mbtiles', revision: c.revision, ...c.file.info };
  }

  /** True for a path this server answers (the rest of the app's paths are the hosts' own). */
  static owns(pathname: string): boolean {
    return pathname === '/basemap' || pathname.startsWith('/basemap/');
  }

  /** Answers a GET of a basemap path (see {@link BasemapServer.owns}). */
  async serve(pathname: string, search: string): Promise<BasemapResponse> {
    const c = this.current;
    if (c.kind === 'mbtiles' && pathname.startsWith(`${BASEMAP_PATHS.tiles}/`)) {
      const match = TILE_PATH.exec(pathname);
      if (!match) return notFound();
      const [z, x, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (z > MAX_TILE_ZOOM || x >= 2 ** z || y >= 2 ** z) return notFound();
      const tile = c.file.tile(z, x, y);
      // No tile there (the sea, outside the region): an empty tile, which maplibre draws as nothing.
      if (!tile) return { status: 204, headers: { 'cache-control': 'no-store' }, body: null };
      return {
        status: 200,
        headers: {
          'content-type': tile.contentType,
          ...(tile.gzip ? { 'content-encoding': 'gzip' } : {}),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
        body: tile.data,
      };
    }
    if (c.kind === 'style' && pathname === BASEMAP_PATHS.style)
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: c.style,
      };
    if (c.kind === 'style' && pathname.startsWith(`${BASEMAP_PATHS.remote}/`)) {
      const path = pathname.slice(BASEMAP_PATHS.remote.length);
      // Only a plain path on the style's own server: `//other.host` or `/../` could name another.
      if (path.startsWith('//') || /(^|\/)\.\.?(\/|$)/.test(path) || path.includes('\\')) return notFound();
      const target = new URL(`${c.origin}${path}${search}`);
      if (target.origin !== c.origin) return notFound();
      return this.proxy(target.href);
    }
    return notFound();
  }

  close(): void {
    this.closeCurrent();
    this.current = { kind: 'builtin' };
  }

  private closeCurrent(): void {
    if (this.current.kind === 'mbtiles') this.current.file.close();
  }

  /** Fetches the style and checks it is one: a BasemapError names what the server answered. */
  private async fetchStyle(url: string): Promise<Buffer> {
    let response: { status: number; body: Buffer };
    try {
      response = await this.fetchBounded(url);
    } catch (error) {
      throw new BasemapError(noAnswer(error));
    }
    if (response.status !== 200)
      throw new BasemapError(coreMessage('basemap.styleRefused', { status: response.status }));
    let style: unknown;
    try {
      style = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new BasemapError(coreMessage('basemap.styleNotJson'));
    }
    const s = style as { version?: unknown; sources?: unknown; layers?: unknown } | null;
    if (
      s === null ||
      typeof s !== 'object' ||
      s.version !== 8 ||
      typeof s.sources !== 'object' ||
      s.sources === null ||
      !Array.isArray(s.layers)
    )
      throw new BasemapError(coreMessage('basemap.notAStyle'));
    return Buffer.from(JSON.stringify(style));
  }

  /** A file of the style's server, passed on: its status and type, never its cookies or redirects. */
  private async proxy(url: string): Promise<BasemapResponse> {
    try {
      const { status, body, contentType } = await this.fetchBounded(url);
      if (status === 204 || status === 404)
        return { status, headers: { 'cache-control': 'no-store' }, body: null };
      if (status !== 200) return { status: 502, headers: { 'cache-control': 'no-store' }, body: null };
      return {
        status: 200,
        headers: {
          'content-type': contentType ?? 'application/octet-stream',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
        body,
      };
    } catch (error) {
      this.options.log?.(`basemap: ${new URL(url).pathname.slice(0, 64)} not fetched (${describe(error)})`);
      return { status: 502, headers: { 'cache-control': 'no-store' }, body: null };
    }
  }

  /** GET with a timeout, no redirect followed (it could lead off the server) and a size limit. */
  private async fetchBounded(
    url: string,
  ): Promise<{ status: number; body: Buffer; contentType: string | null }> {
    const response = await fetch(url, {
      redirect: 'error',
      credentials: 'omit',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const declared = Number(response.headers.get('content-length'));
    if (declared > MAX_REMOTE_BYTES) throw new Error('file too large');
    const chunks: Buffer[] = [];
    let total = 0;
    if (response.body)
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (total > MAX_REMOTE_BYTES) throw new Error('file too large');
        chunks.push(Buffer.from(chunk));
      }
    return {
      status: response.status,
      body: Buffer.concat(chunks),
      contentType: response.headers.get('content-type'),
    };
  }
}

function notFound(): BasemapResponse {
  return { status: 404, headers: { 'cache-control': 'no-store' }, body: null };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message.slice(0, 120);
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? error.message.slice(0, 120) : 'error';
}

/** Why the style server gave no style: out of time, or the system's word for what failed. */
function noAnswer(error: unknown): CoreMessage {
  if (error instanceof Error && error.name === 'TimeoutError') return coreMessage('basemap.styleTimedOut');
  return coreMessage('basemap.styleNoAnswer', { reason: describe(error) });
}

export { BasemapError };
