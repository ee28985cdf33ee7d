import { extname, join, normalize, sep } from 'node:path';

/** Content types of what the app serves. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The content type of a served file. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The file an app path names: `/geo/...` from the map data, anything else from the built renderer,
 * `/` as index.html. Null for a path that would leave its folder (`..`, encoded or not): both
 * hosts serve through this one check.
 */
export function resolveAppFile(urlPath: string, rendererDir: string, geoDir: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  let root = rendererDir;
  if (path === '/' || path === '') path = '/index.html';
  if (path.startsWith('/geo/')) {
    root = geoDir;
    path = path.slice('/geo'.length);
  }
  const base = normalize(root).replace(/[\\/]+$/, '');
  const file = normalize(join(base, path));
  return file.startsWith(base + sep) ? file : null;
}
