#!/usr/bin/env node
// `npm start`: builds what the app needs, then opens the desktop window. Where the Electron
// runtime is missing and cannot be downloaded (no internet), it says so in one sentence and runs
// without it.
import { spawn, spawnSync } from 'node:child_process';
import { ensureElectronSqlite } from './electronSqlite.mjs';

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
  // better-sqlite3 is native: Electron loads its own build of it (scripts/electronSqlite.mjs).
  const sqlite = ensureElectronSqlite();
  if (sqlite.status !== 0) {
    console.error('Watchfloor could not start: building better-sqlite3 for Electron failed.');
    process.exit(sqlite.status);
  }
  const child = spawn(electronPath, ['.'], {
    stdio: 'inherit',
    env: { ...process.env, WATCHFLOOR_SQLITE_BINDING: sqlite.bindingPath },
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
