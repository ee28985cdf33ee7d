#!/usr/bin/env node
// `npm run lint:security`: Doyensec's electronegativity over the Electron main process and
// preload, against the pinned Electron version. Every finding must be explained in
// scripts/security-findings.json (why it is not a problem here, or what covers it); a finding
// without an explanation, or an explanation no finding needs any more, fails the run.
// It works offline: the tool's check for newer Electron releases fails and is reported, no more.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;
const explained = JSON.parse(readFileSync(join(root, 'scripts/security-findings.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'watchfloor-electronegativity-'));
const csv = join(dir, 'findings.csv');

try {
  const run = spawnSync(
    join(root, 'node_modules/.bin/electronegativity'),
    ['-i', join(root, 'electron'), '-e', electronVersion, '-r', '-v', 'false', '-o', csv],
    { encoding: 'utf8', cwd: root },
  );
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    console.error(`electronegativity failed (exit ${run.status}).`);
    process.exit(1);
  }
  // issue, severity, confidence, filename, location, sample, description, url. A sample of code
  // can hold commas, quotes and line breaks: a real CSV parser, not a split on lines.
  const rows = Papa.parse(readFileSync(csv, 'utf8').trim(), { skipEmptyLines: true }).data.slice(1);
  const findings = rows.map((cells) => ({
    check: cells[0],
    severity: `${cells[1]}/${cells[2]}`,
    file: `electron/${cells[3]}`,
    where: `${cells[3]}:${cells[4]}`,
    says: cells[6],
  }));
  const key = (f) => `${f.check} ${f.file}`;
  const unexplained = findings.filter((f) => !explained[key(f)]);
  const stale = Object.keys(explained).filter((k) => !findings.some((f) => key(f) === k));
  for (const f of findings) {
    const why = explained[key(f)];
    console.log(`${why ? 'explained  ' : 'UNEXPLAINED'} ${f.check} (${f.severity}) at ${f.where}: ${f.says}`);
    if (why) console.log(`            ${why}`);
  }
  for (const k of stale)
    console.log(`STALE       ${k}: explained, but no longer found; remove it from security-findings.json`);
  console.log(
    `\nelectronegativity ${findings.length} finding(s) on Electron ${electronVersion}: ${findings.length - unexplained.length} explained, ${unexplained.length} unexplained, ${stale.length} stale explanations.`,
  );
  process.exit(unexplained.length > 0 || stale.length > 0 ? 1 : 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
