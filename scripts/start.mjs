#!/usr/bin/env node
// `npm start`: builds what the app needs, then opens the desktop window. Where the Electron
// runtime is missing and cannot be downloaded (no internet), it says so in one sentence and runs
// without it.
import { spawn, spawnSync } from 'node:child_process';

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
  const child = spawn(electronPath, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'The Electron runtime is not installed and could not be downloaded (this machine has no internet access), so Watchfloor runs without its desktop window.',
  );
  // Until the browser host lands, the demo operation's server runs so the feed can be watched.
  const child = spawn('npx', ['tsx', 'simulator/cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
