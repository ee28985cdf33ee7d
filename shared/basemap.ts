import { z } from 'zod';

/**
 * The centre's own basemap: the built-in offline map (Natural Earth), a tile file the centre
 * provides (MBTiles), or the style of a map server on the premises. Whatever is chosen, the page
 * fetches from its own host only: the host reads the tile file, or fetches from the one server
 * the style address names (docs/operations.md, "The centre's basemap").
 */

/** What the officer chose, as kept in settings.json. */
export type BasemapSetting =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'mbtiles'; readonly file: string }
  | { readonly kind: 'style'; readonly url: string };

/** The longest style address read. */
export const MAX_STYLE_URL_LENGTH = 2048;

/** An IPv4 address in a private (RFC 1918), loopback or link-local range, as the URL standard writes it. */
function privateIpv4(hostname: string): boolean {
  const parts = hostname.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const [a, b] = parts as [number, number, number, number];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** An IPv6 address (without brackets) on this machine or in the unique-local range fc00::/7. */
function privateIpv6(hostname: string): boolean {
  return hostname === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(hostname);
}

/**
 * WHATWG URL, which every runtime this code runs in has (Node and Chromium); shared/ is compiled
 * without the DOM and Node libraries, so it is typed here by what is used.
 */
const WhatwgUrl = (
  globalThis as unknown as {
    URL: new (input: string) => { href: string; protocol: string; hostname: string; origin: string };
  }
).URL;

const EXAMPLE = 'https://maps.centre.internal/styles/region/style.json';

/** An accepted style address: the address and the one origin the host will fetch from. */
export type StyleUrlResult =
  | { readonly ok: true; readonly url: string; readonly origin: string }
  | { readonly ok: false; readonly message: string };

/**
 * Reads the address of an on-premises map style. Accepted: https to any server the centre names,
 * and plain http only to this machine or to an address in a private range (the map then never
 * crosses a network anyone outside the centre can read or alter). Refused, with the reason: other
 * schemes, a user name or password, a fragment, spaces and invisible characters, backslashes, and
 * any text the URL standard would rewrite (so the address shown is the address fetched).
 */
export function parseStyleUrl(text: string): StyleUrlResult {
  const refuse = (message: string): StyleUrlResult => ({ ok: false, message });
  if (text.length === 0) return refuse(`give the address of the map style, e.g. ${EXAMPLE}`);
  if (text.length > MAX_STYLE_URL_LENGTH)
    return refuse(`the address is longer than ${MAX_STYLE_URL_LENGTH} characters`);
  if (/[\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u.test(text))
    return refuse('the address has a space or an invisible character in it: type it again');
  if (text.includes('\\')) return refuse('the address has a backslash (\\) in it: use /');
  if (text.includes('@')) return refuse('put no user name or password in the style address');
  if (text.includes('#')) return refuse('give the style address without a # part');
  let url: InstanceType<typeof WhatwgUrl>;
  try {
    url = new WhatwgUrl(text);
  } catch {
    return refuse(`"${text.slice(0, 80)}" is not an address: give one like ${EXAMPLE}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse(`the style address must start with https:// (not ${url.protocol}//)`);
  if (url.href !== text) return refuse(`write the address as ${url.href}`);
  const ipv6 = url.hostname.startsWith('[');
  const hostname = ipv6 ? url.hostname.slice(1, -1) : url.hostname;
  const local = hostname === 'localhost' || (ipv6 ? privateIpv6(hostname) : privateIpv4(hostname));
  if (url.protocol === 'http:' && !local)
    return refuse(
      `plain http is accepted only to this computer or a private address (10.x, 172.16-31.x, 192.168.x): use https:// for ${url.hostname}`,
    );
  return { ok: true, url: url.href, origin: url.origin };
}

/** An absolute path to a local file (no network share: opening one authenticates to its host on Windows). */
const localFileSchema = z
  .string()
  .trim()
  .min(1, 'give the full path of the tile file (.mbtiles)')
  .max(4096)
  .refine((p) => /^(\/|[A-Za-z]:[\\/])/.test(p), 'give the full path of the tile file (.mbtiles)')
  .refine((p) => !/^(\\\\|\/\/)/.test(p), 'copy the tile file to this computer: network paths are not used')
  .refine((p) => !p.includes('\0'), 'the path has an invisible character in it');

/** The basemap setting, as kept and as the settings form sends it (checked again where it is used). */
export const basemapSettingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('builtin') }),
  z.strictObject({ kind: z.literal('mbtiles'), file: localFileSchema }),
  z.strictObject({
    kind: z.literal('style'),
    url: z
      .string()
      .trim()
      .max(MAX_STYLE_URL_LENGTH)
      .superRefine((value, ctx) => {
        const result = parseStyleUrl(value);
        if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
      }),
  }),
]);

/** The tile formats an MBTiles file may hold: vector (Mapbox Vector Tile) or raster images. */
export const TILE_FORMATS = ['pbf', 'png', 'jpg', 'webp'] as const;
/** A tile format. */
export type TileFormat = (typeof TILE_FORMATS)[number];

/** The basemap the map draws, as the page gets it with the view settings. */
export type BasemapView =
  | { readonly kind: 'builtin' }
  | {
      readonly kind: 'mbtiles';
      /** Changes with every file opened, so that the page fetches tiles again. */
      readonly revision: number;
      readonly name: string;
      readonly format: TileFormat;
      /** The vector layers of a pbf file (each drawn as areas, lines and points). */
      readonly vectorLayers: readonly string[];
      readonly minzoom: number;
      readonly maxzoom: number;
      /** West, south, east, north, when the file says. */
      readonly bounds: readonly [number, number, number, number] | null;
    }
  | {
      readonly kind: 'style';
      readonly revision: number;
      /** The style's address, as the officer gave it. */
      readonly url: string;
      /** The one server the host fetches from: the page asks its own host for that server's files. */
      readonly origin: string;
    };

/** The built-in basemap. */
export const BUILTIN_BASEMAP: BasemapView = { kind: 'builtin' };

/** The page's paths under its own host: tiles of the file, the style, and the style server's files. */
export const BASEMAP_PATHS = {
  tiles: '/basemap/tiles',
  style: '/basemap/style.json',
  remote: '/basemap/remote',
} as const;
