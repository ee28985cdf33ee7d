#!/usr/bin/env node
// `npm run package -- [--linux|--win|--mac]` (default: this machine's platform): the installers
// of electron-builder.yml, in release/. What has to be downloaded is checked first, so that a
// machine without internet access gets one sentence saying so, not a stack trace minutes later.
// docs/packaging.md says what it needs and how to pre-fill the caches.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';
import {
  ELECTRON_HEADERS_URL,
  electronVersion,
  ensureElectronSqlite,
  hasCurrentElectronSqlite,
  hasElectronHeaders,
  nodeGypCacheDir,
} from './electronSqlite.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGETS = {
  '--linux': { platform: 'linux', name: 'Linux' },
  '--win': { platform: 'win32', name: 'Windows' },
  '--mac': { platform: 'darwin', name: 'macOS' },
};
// Long enough for a slow link, short enough that an offline machine is told at once.
const PROBE_TIMEOUT_MS = 4000;

/** Ends the run with one sentence on stderr: what is wrong and what would fix it. */
function stop(sentence) {
  // Written synchronously: on macOS a pipe is asynchronous, and exit() could cut it off.
  writeSync(2, `${sentence}\n`);
  process.exit(1);
}

/** The one target this run packages for; another OS is refused (see the sentence). */
function chooseTarget(args) {
  const host = Object.keys(TARGETS).find((flag) => TARGETS[flag].platform === process.platform);
  for (const arg of args) {
    if (!(arg in TARGETS))
      stop(`Unknown option ${arg}: npm run package takes --linux, --win or --mac (default: this machine's).`);
  }
  const flags = [...new Set(args.length > 0 ? args : host ? [host] : [])];
  if (flags.length === 0)
    stop(`Watchfloor is packaged on Linux, Windows or macOS, not on ${process.platform}.`);
  const foreign = flags.find((flag) => flag !== host);
  if (foreign) {
    const { name } = TARGETS[foreign];
    stop(
      `Watchfloor for ${name} must be packaged on ${name}: better-sqlite3 is compiled for Electron on the machine that packages, and node-gyp cannot compile it for another OS.`,
    );
  }
  return { flag: flags[0], ...TARGETS[flags[0]] };
}

/** @electron/get's download cache (env-paths('electron')), where electron-builder finds the runtime. */
function electronCacheDir() {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32')
    return join(process.env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'electron');
}

/** electron-builder's own cache of the tools it downloads (AppImage, fpm, NSIS, icon converter). */
function electronBuilderCacheDir() {
  const fromEnv = process.env['ELECTRON_BUILDER_CACHE'];
  if (fromEnv) return fromEnv;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron-builder');
  if (process.platform === 'win32')
    return join(
      process.env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local'),
      'electron-builder',
      'Cache',
    );
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'electron-builder');
}

const entriesOf = (dir) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/**
 * True when electron-builder can run without GitHub: the Electron zip in @electron/get's cache
 * (one folder per download URL, so any folder will do), the checksum file seeded beside it
 * (@electron/get fetches SHASUMS256.txt afresh on every build unless it is seeded there) and
 * electron-builder's tools fetched once before.
 */
function runtimeIsCached(version, zipName) {
  const root = electronCacheDir();
  const zip = entriesOf(root).some((entry) => existsSync(join(root, entry, zipName)));
  const sums = [`SHASUMS256.txt-${version}`, 'SHASUMS256.txt'].some((name) => {
    const file = join(root, name);
    return existsSync(file) && readFileSync(file, 'utf8').includes(zipName);
  });
  return zip && sums && entriesOf(electronBuilderCacheDir()).length > 0;
}

/** Whether anything answers at the URL's origin; WATCHFLOOR_PACKAGE_PROBE_URL stands in for tests. */
function reachable(url) {
  const target = new URL(process.env['WATCHFLOOR_PACKAGE_PROBE_URL'] || new URL(url).origin);
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve) => {
    const request = send(target, { method: 'HEAD' }, (response) => {
      response.resume();
      resolve(true);
    });
    // One deadline for the whole request: a DNS lookup or a connect can hang much longer.
    const timer = setTimeout(() => request.destroy(), PROBE_TIMEOUT_MS);
    request.on('error', () => resolve(false));
    request.on('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
    request.end();
  });
}

/**
 * What packaging would have to download and cannot: `missing` is the one sentence to stop with
 * (null when packaging can go ahead); `toolsOffline` says electron-builder will have to manage
 * with its cache alone.
 */
async function checkPrerequisites(platform) {
  const version = electronVersion();
  const arch = process.arch === 'arm' ? 'armv7l' : process.arch;
  // electron-builder takes the runtime from ELECTRON_MIRROR and its tools from
  // ELECTRON_BUILDER_BINARIES_MIRROR when an agency runs its own mirrors; GitHub otherwise.
  const sources = [process.env['ELECTRON_MIRROR'], process.env['ELECTRON_BUILDER_BINARIES_MIRROR']].map(
    (url) => new URL(url || 'https://github.com/'),
  );
  const needsHeaders = !hasCurrentElectronSqlite() && !hasElectronHeaders();
  const [runtimeReachable, headersReachable] = await Promise.all([
    Promise.all(sources.map((url) => reachable(url.href))).then((all) => all.every(Boolean)),
    needsHeaders ? reachable(ELECTRON_HEADERS_URL) : true,
  ]);
  const missing = [];
  if (!runtimeReachable && !runtimeIsCached(version, `electron-v${version}-${platform}-${arch}.zip`)) {
    missing.push({
      what: `the Electron ${version} runtime for ${platform}-${arch} with electron-builder's tools`,
      from: [...new Set(sources.map((url) => url.host))].join(', '),
      caches: [electronCacheDir(), electronBuilderCacheDir()],
    });
  }
  if (!headersReachable) {
    missing.push({
      what: `Electron's headers for compiling better-sqlite3`,
      from: new URL(ELECTRON_HEADERS_URL).host,
      caches: [nodeGypCacheDir()],
    });
  }
  if (missing.length === 0) return { missing: null, toolsOffline: !runtimeReachable };
  const what = missing.map((need) => `${need.what} (${need.from})`).join(' and ');
  const caches = missing.flatMap((need) => need.caches);
  const folders = caches.length === 1 ? caches[0] : `${caches.slice(0, -1).join(', ')} and ${caches.at(-1)}`;
  return {
    missing: `Cannot package Watchfloor: ${what} cannot be downloaded here nor found in a pre-filled cache, so packaging needs internet access, or ${folders} filled beforehand (see docs/packaging.md).`,
    toolsOffline: !runtimeReachable,
  };
}

const require = createRequire(import.meta.url);
/** A devDependency's command, run by this Node: no npx, so no shell and no npm config in between. */
function binOf(name) {
  const manifest = require.resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

/** Runs a devDependency's command in the project root; returns its exit status. */
function run(name, args, label) {
  console.log(`\n▶ ${label}`);
  return spawnSync(process.execPath, [binOf(name), ...args], { stdio: 'inherit', cwd: ROOT }).status ?? 1;
}

function step(label, name, args) {
  if (run(name, args, label) !== 0)
    stop(`Watchfloor could not be packaged: ${label} failed (its output is above).`);
}

async function main() {
  const target = chooseTarget(process.argv.slice(2));
  const { missing, toolsOffline } = await checkPrerequisites(target.platform);
  if (missing) stop(missing);

  step('building the offline map data', 'tsx', ['scripts/build-geodata.ts']);
  step('building the app', 'electron-vite', ['build', '--logLevel', 'warn']);
  console.log('\n▶ building better-sqlite3 for Electron');
  if (ensureElectronSqlite().status !== 0)
    stop(
      'Watchfloor could not be packaged: building better-sqlite3 for Electron failed (its output is above).',
    );
  const packaged = run(
    'electron-builder',
    [target.flag, '--publish', 'never'],
    `packaging for ${target.name}`,
  );
  if (packaged !== 0) {
    // Which tools a target needs is electron-builder's business: offline, a missing one is the
    // likely cause, and its own message ends in a stack trace.
    stop(
      toolsOffline
        ? `Watchfloor could not be packaged: electron-builder stopped (its output is above), most likely for a tool of the ${target.name} installers that is not in ${electronBuilderCacheDir()} and cannot be downloaded here (see docs/packaging.md).`
        : 'Watchfloor could not be packaged: electron-builder failed (its output is above).',
    );
  }
  console.log(`\nWatchfloor is packaged for ${target.name}: the installers are in release/.`);
}

main().catch((error) => {
  // Only the message's first line: whatever went wrong, the user gets a sentence, not a trace.
  const message = error instanceof Error ? error.message : String(error);
  stop(`Watchfloor could not be packaged: ${message.split('\n')[0]}`);
});
