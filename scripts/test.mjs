#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: what the tests need is installed first
// (Debian's chromium and openssl, when run as root and they are missing), then the offline
// map data is built and the app built, then the browser tests run beside the type check, the lint,
// the format check and the Node tests.
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
run('build (electron-vite)', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);

// The rest runs in two lanes side by side, each one step at a time: the browser tests (the
// dashboard in Chromium, one file at a time: one page drawing in software WebGL), and beside them
// the type check, the lint, the format check and the Node tests (the core, the renderer's logic,
// integration against the reference server and real SQLite files), which together take less time
// than the browser tests. Each line of output says which step it came from. A lane stops at its
// first failure; the other runs to its end, so one run reports every failing test.
const spawnStep = (label, tag, command, args) =>
  new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n▶ [${tag}] ${label}`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      createInterface({ input: stream }).on('line', (line) => out.write(`[${tag}] ${line}\n`));
    }
    child.on('close', (code, signal) => {
      const ok = code === 0;
      steps.push(`${ok ? 'ok  ' : 'FAIL'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (!ok) console.error(`\n✗ ${label} failed (exit ${signal ?? code}).`);
      resolve(ok);
    });
  });
const lane = async (list) => {
  for (const step of list) if (!(await spawnStep(...step))) return false;
  return true;
};
// The Node tests are two vitest projects: `unit` (files sharing one process) and `unit-isolated`
// (files that replace a module, each in its own); see vitest.config.ts.
const PROJECTS = { unit: ['unit', 'unit-isolated'], e2e: ['e2e'], 'e2e-late': ['e2e'] };
// Browser test files the second lane runs after the Node tests, so that both lanes end together
// (the browser tests alone take longer than the checks and the Node tests together).
const E2E_LATE = [
  'tests/e2e/settings.test.ts',
  'tests/e2e/tak.test.ts',
  'tests/e2e/reload.test.ts',
  'tests/e2e/coreMessages.test.ts',
  'tests/e2e/basemap.test.ts',
  'tests/e2e/readmission.test.ts',
];
const vitest = (report, files = []) => [
  'vitest',
  'run',
  ...PROJECTS[report].flatMap((name) => ['--project', name]),
  ...files,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=test-output/vitest-${report}.json`,
];
const reports = ['unit', 'e2e', 'e2e-late'];
for (const report of reports) rmSync(`test-output/vitest-${report}.json`, { force: true });
const started = Date.now();
const lanes = await Promise.all([
  lane([
    [
      'tests in Chromium (vitest e2e)',
      'e2e',
      'npx',
      vitest(
        'e2e',
        E2E_LATE.flatMap((file) => ['--exclude', file]),
      ),
    ],
  ]),
  lane([
    ['type check (one project per runtime)', 'types', 'npx', ['tsc', '-b']],
    ['lint (runtime boundaries, --max-warnings 0)', 'lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
    ['format', 'format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
    ['tests in Node (vitest unit)', 'unit', 'npx', vitest('unit')],
    ['the other tests in Chromium (vitest e2e)', 'e2e-late', 'npx', vitest('e2e-late', E2E_LATE)],
  ]),
]);
steps.push(
  `${lanes.every(Boolean) ? 'ok  ' : 'FAIL'} both lanes (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
console.log(`\n${steps.join('\n')}`);
// The plain closing line CI reads, from vitest's own JSON reports.
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const name of reports) {
  const report = `test-output/vitest-${name}.json`;
  if (!existsSync(report)) {
    console.error(`No report from the ${name} tests (${report}).`);
    totals.failed += 1;
    continue;
  }
  const results = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += results.numPassedTests;
  totals.failed += results.numFailedTests;
  totals.skipped += results.numPendingTests + results.numTodoTests;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (!lanes.every(Boolean)) process.exit(1);
