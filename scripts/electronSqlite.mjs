// The Electron build of better-sqlite3, shared by `npm start` and `npm run package`. better-sqlite3
// is native: Electron needs a build for its own ABI, made in a copy so the Node build that tests
// and the browser host use stays untouched (docs/packaging.md, "The Electron build of better-sqlite3").
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where Electron's Node headers come from; node-gyp downloads them once into its cache. */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** The addon Electron loads, relative to the project root as electron-builder.yml names it. */
export const ELECTRON_SQLITE_BINDING = '.data/electron-sqlite/build/Release/better_sqlite3.node';

// A copy of the package, so that the Node build in node_modules stays as it is.
const BUILD_DIR = join(ROOT, '.data', 'electron-sqlite');
const BINDING = resolve(ROOT, ELECTRON_SQLITE_BINDING);
// Written after a successful build: a build for another Electron or better-sqlite3 version must
// not be reused (the addon would refuse to load, or worse, load against the wrong headers).
const STAMP = join(BUILD_DIR, 'watchfloor-build.json');

const require = createRequire(import.meta.url);
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

/** The pinned Electron version (its package installs no binary, but its version is known). */
export function electronVersion() {
  return versionOf('electron');
}

/** What the current build must have been made for. */
function wantedStamp() {
  return {
    electron: electronVersion(),
    betterSqlite3: versionOf('better-sqlite3'),
    platform: process.platform,
    arch: process.arch,
  };
}

/** True when a build for this Electron, this better-sqlite3, this OS and this arch is there. */
export function hasCurrentElectronSqlite() {
  if (!existsSync(BINDING) || !existsSync(STAMP)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(STAMP, 'utf8'))) === JSON.stringify(wantedStamp());
  } catch {
    return false;
  }
}

/** node-gyp's cache of headers (its own default, env-paths('node-gyp'), unless devdir is set). */
export function nodeGypCacheDir() {
  const devdir = process.env['npm_config_devdir'];
  if (devdir) return devdir;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'node-gyp');
  if (process.platform === 'win32')
    return join(process.env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local'), 'node-gyp', 'Cache');
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'node-gyp');
}

/** True when node-gyp has Electron's headers already, so compiling needs no download. */
export function hasElectronHeaders() {
  return existsSync(join(nodeGypCacheDir(), electronVersion(), 'installVersion'));
}

/** node-gyp's entry point: npm's own layout hoists it; otherwise it sits under electron-builder's tree. */
function nodeGypScript() {
  const chain = [[], ['electron-builder', 'app-builder-lib', '@electron/rebuild']];
  for (const via of chain) {
    try {
      let from = require;
      for (const name of via) from = createRequire(from.resolve(`${name}/package.json`));
      const manifest = from.resolve('node-gyp/package.json');
      const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
      return join(dirname(manifest), typeof bin === 'string' ? bin : bin['node-gyp']);
    } catch {
      // Not there: try the next place.
    }
  }
  throw new Error('node-gyp is not installed (run npm ci)');
}

/**
 * Makes the Electron build unless a current one is there. Returns the absolute path of the addon
 * and node-gyp's exit status (0 when nothing had to be built); node-gyp prints its own errors.
 */
export function ensureElectronSqlite() {
  if (hasCurrentElectronSqlite()) return { bindingPath: BINDING, status: 0 };
  const stamp = wantedStamp();
  rmSync(BUILD_DIR, { recursive: true, force: true });
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), BUILD_DIR, { recursive: true });
  // npm passes its `nodedir` setting on as npm_config_nodedir (this machine's ~/.npmrc points it
  // at Node 20's headers), and node-gyp prefers it over --target: the build would silently come
  // out for Node's ABI. Electron's headers must be the ones used.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_config_nodedir$|^npm_package_config_node_gyp_nodedir$/i.test(key),
    ),
  );
  const result = spawnSync(
    process.execPath,
    [
      nodeGypScript(),
      'rebuild',
      '--release',
      `--target=${stamp.electron}`,
      `--dist-url=${ELECTRON_HEADERS_URL}`,
      '--directory',
      BUILD_DIR,
    ],
    { stdio: 'inherit', env },
  );
  const status = result.status ?? 1;
  if (status === 0) writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
  return { bindingPath: BINDING, status };
}
