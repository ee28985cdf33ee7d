#!/usr/bin/env node
// `npm start`: builds what the app needs, then opens the desktop window. Where the Electron
// runtime is missing and cannot be downloaded (no internet), it says so in one sentence and runs
// without it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };
const step = (label, command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`Watchfloor could not start: ${label} failed.`);
    process.exit(result.status || 1);
  }
};

step('building the offline map data', 'npx', ['tsx', 'scripts/build-geodata.ts']);
step('building the app', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);

// Requiring `electron` returns the runtime's path, downloading it on first use (Electron 42+).
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  ...quiet,
  timeout: 600_000,
});
const electronPath = probe.status === 0 ? probe.stdout.trim() : '';

if (electronPath) {
  // better-sqlite3 is native: Electron needs a build for its own ABI, made once in a copy so the
  // Node build that tests and the browser host use stays untouched (NOTES.md).
  const binding = join('.data', 'electron-sqlite', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binding)) {
    const version = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
    cpSync('node_modules/better-sqlite3', join('.data', 'electron-sqlite'), { recursive: true });
    step('building better-sqlite3 for Electron', 'npx', [
      '--yes',
      'node-gyp',
      'rebuild',
      '--release',
      `--target=${version}`,
      '--dist-url=https://electronjs.org/headers',
      '--directory',
      join('.data', 'electron-sqlite'),
    ]);
  }
  const child = spawn(electronPath, ['.'], {
    stdio: 'inherit',
    env: { ...process.env, WATCHFLOOR_SQLITE_BINDING: resolve(binding) },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'The Electron runtime is not installed and could not be downloaded (this machine has no internet access), so Watchfloor opens in your browser instead.',
  );
  // The same core and UI, served to a browser on 127.0.0.1 (it prints the address to open).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/browserHostCli.ts', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
}
