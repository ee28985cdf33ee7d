#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: what the tests need is installed first
// (Debian's chromium and openssl, when run as root and they are missing), then the offline
// map data is built, then types, lint, format, build and the tests themselves.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';

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
// The tests: the Node project (core, renderer logic, integration against the reference server and
// real SQLite files) and the browser project (the dashboard in Chromium) side by side, each one
// file at a time: one page drawing in software WebGL while the Node tests use the other core.
// Each line of their output says which it came from.
const projects = ['unit', 'e2e'];
for (const project of projects) rmSync(`test-output/vitest-${project}.json`, { force: true });
const started = Date.now();
console.log(`\n▶ tests (vitest: ${projects.join(' and ')} side by side)`);
const runs = projects.map(
  (project) =>
    new Promise((resolve) => {
      const child = spawn(
        'npx',
        [
          'vitest',
          'run',
          '--project',
          project,
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=test-output/vitest-${project}.json`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      for (const [stream, out] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        createInterface({ input: stream }).on('line', (line) => out.write(`[${project}] ${line}\n`));
      }
      child.on('close', (code, signal) => resolve({ project, code: code ?? 1, signal }));
    }),
);
const finished = await Promise.all(runs);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const failed = finished.filter((r) => r.code !== 0);
steps.push(
  `${failed.length === 0 ? 'ok  ' : 'FAIL'} tests (vitest ${projects.join(' + ')}, side by side) (${seconds} s)`,
);
console.log(`\n${steps.join('\n')}`);
// The plain closing line CI reads, from vitest's own JSON reports.
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const project of projects) {
  const report = `test-output/vitest-${project}.json`;
  if (!existsSync(report)) {
    console.error(`No report from the ${project} tests (${report}).`);
    totals.failed += 1;
    continue;
  }
  const results = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += results.numPassedTests;
  totals.failed += results.numFailedTests;
  totals.skipped += results.numPendingTests + results.numTodoTests;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failed.length > 0) {
  for (const r of failed) console.error(`✗ ${r.project} tests failed (exit ${r.signal ?? r.code}).`);
  process.exit(1);
}
