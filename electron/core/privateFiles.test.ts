import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureParentDir,
  ensurePrivateDir,
  makePrivate,
  openPrivate,
  touchPrivateFile,
  writePrivateFile,
} from './privateFiles';

const dir = mkdtempSync(join(tmpdir(), 'watchfloor-privatefiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

// The loosest umask there is: whatever is not set explicitly comes out open to all.
let umask = 0;
beforeEach(() => {
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
});

// Windows has no such modes (privateFiles.ts).
describe.skipIf(process.platform === 'win32')('private files', () => {
  it('makes a data folder and its new parents 0700, and closes one an older version left open', () => {
    ensurePrivateDir(join(dir, 'a', 'b'));
    expect([mode(join(dir, 'a')), mode(join(dir, 'a', 'b'))]).toEqual(['700', '700']);
    mkdirSync(join(dir, 'open'));
    chmodSync(join(dir, 'open'), 0o777);
    ensurePrivateDir(join(dir, 'open'));
    expect(mode(join(dir, 'open'))).toBe('700');
  });

  it('leaves the mode of a folder the user chose, creating a missing one 0700', () => {
    mkdirSync(join(dir, 'shared'));
    chmodSync(join(dir, 'shared'), 0o755);
    ensureParentDir(join(dir, 'shared'));
    expect(mode(join(dir, 'shared'))).toBe('755');
    ensureParentDir(join(dir, 'new-for-store'));
    expect(mode(join(dir, 'new-for-store'))).toBe('700');
  });

  it('writes, opens and touches files 0600, new or left open before, keeping what a touch finds', () => {
    writePrivateFile(join(dir, 'whole.txt'), 'text');
    expect(mode(join(dir, 'whole.txt'))).toBe('600');
    writeFileSync(join(dir, 'old.log'), 'kept\n', { mode: 0o666 });
    expect(mode(join(dir, 'old.log'))).toBe('666');
    closeSync(openPrivate(join(dir, 'old.log'), 'a'));
    expect(mode(join(dir, 'old.log'))).toBe('600');
    writeFileSync(join(dir, 'store.sqlite'), 'pages', { mode: 0o644 });
    touchPrivateFile(join(dir, 'store.sqlite'));
    expect([mode(join(dir, 'store.sqlite')), readFileSync(join(dir, 'store.sqlite'), 'utf8')]).toEqual([
      '600',
      'pages',
    ]);
    writeFileSync(join(dir, 'left.partial'), 'old', { mode: 0o666 });
    writePrivateFile(join(dir, 'left.partial'), 'new', true);
    expect([mode(join(dir, 'left.partial')), readFileSync(join(dir, 'left.partial'), 'utf8')]).toEqual([
      '600',
      'new',
    ]);
  });

  it('makes an existing file 0600 and lets a missing one be', () => {
    writeFileSync(join(dir, 'store.sqlite-wal'), '', { mode: 0o644 });
    makePrivate(join(dir, 'store.sqlite-wal'));
    expect(mode(join(dir, 'store.sqlite-wal'))).toBe('600');
    expect(() => makePrivate(join(dir, 'store.sqlite-shm'))).not.toThrow();
  });
});
