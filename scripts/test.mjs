#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: what the tests need is installed first
// (Debian's chromium and openssl, when run as root and they are missing), then the offline
// map data is built, then types, lint, format, build and the tests themselves.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const steps = [];
const run = (label, command, args, options = {}) => {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  steps.push(`${result.status === 0 ? 'ok  ' : 'FAIL'} ${label} (${seconds} s)`);
  if (result.status !== 0) {
    console.error(`\n✗ ${label} failed (exit ${result.status ?? result.signal}).`);
    console.log(steps.join('\n'));
    process.exit(result.status || 1);
  }
};

// Debian packages the tests use: chromium for the browser tests, openssl to make the TLS tests'
// certificates. Installed together when missing and this is a root Debian shell.
const NEEDED = [
  ['chromium', '/usr/bin/chromium', 'browser tests'],
  ['openssl', '/usr/bin/openssl', 'TLS tests'],
].filter(([, path]) => !existsSync(path));
if (NEEDED.length > 0) {
  const names = NEEDED.map(([name]) => name).join(' ');
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run(`install Debian ${names} for the ${NEEDED.map(([, , what]) => what).join(' and ')}`, 'sh', [
      '-c',
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${names} >/dev/null`,
    ]);
  } else {
    console.log(
      `Note: ${names} missing and this is not a root Debian shell; the tests that need them will say so.`,
    );
  }
}

run('offline map data (resources/geo)', 'npx', ['tsx', 'scripts/build-geodata.ts']);
run('type check (one project per runtime)', 'npx', ['tsc', '-b']);
run('lint (runtime boundaries, --max-warnings 0)', 'npx', ['eslint', '.', '--max-warnings', '0']);
run('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
run('build (electron-vite)', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);
const report = 'test-output/vitest.json';
run('tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
console.log(`\n${steps.join('\n')}`);
// The plain closing line CI reads, from vitest's own JSON report.
const results = JSON.parse(readFileSync(report, 'utf8'));
console.log(
  `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`,
);
