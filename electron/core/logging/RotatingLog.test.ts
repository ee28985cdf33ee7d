import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingLog } from './RotatingLog';

const T0 = Date.UTC(2026, 6, 14, 9, 30, 0);
const ISO0 = '2026-07-14T09:30:00.000Z';
const TOKEN = 'wf_live_7Qm2vX9pLr4sTz8nBc3d';

let dir: string;
let time: number;
const now = (): number => time;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-log-'));
  time = T0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function read(file = 'watchfloor.log'): string {
  return readFileSync(join(dir, file), 'utf8');
}

describe('RotatingLog: lines', () => {
  it('appends "ISO-time LEVEL message" lines to watchfloor.log in the folder', () => {
    const log = new RotatingLog({ dir, now });
    log.write('info', 'feed: connected to ops.example.org');
    time += 1500;
    log.write('warn', 'feed: heartbeat late by 4200 ms');
    log.write('error', 'store: SQLITE_FULL');
    log.close();
    expect(read()).toBe(
      [
        `${ISO0} INFO feed: connected to ops.example.org`,
        '2026-07-14T09:30:01.500Z WARN feed: heartbeat late by 4200 ms',
        '2026-07-14T09:30:01.500Z ERROR store: SQLITE_FULL',
        '',
      ].join('\n'),
    );
  });

  it('creates the folder when it does not exist yet', () => {
    const nested = join(dir, 'userData', 'logs');
    const log = new RotatingLog({ dir: nested, now, fileName: 'app.log' });
    log.write('info', 'started');
    log.close();
    expect(readFileSync(join(nested, 'app.log'), 'utf8')).toBe(`${ISO0} INFO started\n`);
  });

  it('keeps one entry on one line: line breaks and control characters are escaped', () => {
    const log = new RotatingLog({ dir, now });
    // A note from the feed trying to forge an entry of its own.
    log.write('info', `note: "ok"\n${ISO0} ERROR forged\r\nx\u2028y\u0085z\u001b[31m\u000bend`);
    log.close();
    const lines = read().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `${ISO0} INFO note: "ok"\\n${ISO0} ERROR forged\\r\\nx\\u2028y\\u0085z\\u001b[31m\\u000bend`,
    );
  });

  it('redacts secrets before they reach the disk, including ones made known after opening', () => {
    const secrets: string[] = [];
    const log = new RotatingLog({ dir, now, secrets: () => secrets });
    log.write('info', 'handshake {"clientId":"wf-1","token":"abc123def456"}');
    secrets.push(TOKEN);
    log.write('warn', `feed: rejected token ${TOKEN} (401)`);
    log.write(
      'error',
      'tls: bad key\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
    );
    log.close();
    const text = read();
    expect(text).not.toContain('abc123def456');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(text).toContain('feed: rejected token [redacted] (401)');
    expect(text.split('\n')).toHaveLength(4);
  });

  it('cuts a huge line so that it never fills a file alone', () => {
    const log = new RotatingLog({ dir, now, maxBytes: 1000 });
    log.write('error', `stack: ${'frame at x.js:1\n'.repeat(200)}`);
    log.close();
    const text = read();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(500);
    expect(text).toMatch(/ \[cut: \d+ bytes\]\n$/);
  });
});

describe('RotatingLog: rotation', () => {
  /** Lines of exactly 50 bytes with a newline: `ISO(24) INFO(4) line-NNNN` and padding. */
  function entry(n: number): string {
    return `line-${String(n).padStart(4, '0')}`.padEnd(50 - 1 - ISO0.length - 6, '.');
  }

  it('rotates before a line would pass maxBytes, keeping `keep` old files and deleting the oldest', () => {
    const log = new RotatingLog({ dir, now, maxBytes: 500, keep: 3 });
    // 10 lines of 50 bytes fill a file of 500 bytes exactly; 45 lines make 5 files' worth.
    for (let n = 1; n <= 45; n++) log.write('info', entry(n));
    log.close();
    expect(readdirSync(dir).sort()).toEqual([
      'watchfloor.1.log',
      'watchfloor.2.log',
      'watchfloor.3.log',
      'watchfloor.log',
    ]);
    for (const file of readdirSync(dir)) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(500);
    const first = (file: string): string => read(file).split('\n')[0]!.split(' ')[2]!.slice(0, 9);
    // Lines 1-10 went with the oldest file; 11-20 are watchfloor.3.log, 41-45 the current one.
    expect(first('watchfloor.3.log')).toBe('line-0011');
    expect(first('watchfloor.2.log')).toBe('line-0021');
    expect(first('watchfloor.1.log')).toBe('line-0031');
    expect(first('watchfloor.log')).toBe('line-0041');
    expect(read().trimEnd().split('\n')).toHaveLength(5);
  });

  it('keeps nothing old with keep 0', () => {
    const log = new RotatingLog({ dir, now, maxBytes: 500, keep: 0 });
    for (let n = 1; n <= 25; n++) log.write('info', entry(n));
    log.close();
    expect(readdirSync(dir)).toEqual(['watchfloor.log']);
    expect(read().split('\n')[0]).toContain('line-0021');
  });

  it('recent(n) reads the last n lines across the current and previous files, oldest first', () => {
    const log = new RotatingLog({ dir, now, maxBytes: 500, keep: 3 });
    for (let n = 1; n <= 45; n++) log.write('info', entry(n));
    const names = (lines: string[]): string[] => lines.map((l) => l.split(' ')[2]!.slice(0, 9));
    expect(names(log.recent(3))).toEqual(['line-0043', 'line-0044', 'line-0045']);
    expect(names(log.recent(17))).toEqual(
      Array.from({ length: 17 }, (_, i) => `line-${String(29 + i).padStart(4, '0')}`),
    );
    // More than is kept: everything from the oldest file kept (line 11) on.
    const all = names(log.recent(1000));
    expect(all[0]).toBe('line-0011');
    expect(all).toHaveLength(35);
    expect(log.recent(0)).toEqual([]);
    log.close();
  });

  it('recent(n) works before anything was written and on a log of another run', () => {
    expect(new RotatingLog({ dir, now }).recent(10)).toEqual([]);
    const first = new RotatingLog({ dir, now });
    first.write('info', 'from the previous run');
    first.close();
    const second = new RotatingLog({ dir, now });
    second.write('info', 'this run');
    expect(second.recent(5)).toEqual([`${ISO0} INFO from the previous run`, `${ISO0} INFO this run`]);
    second.close();
  });
});

describe('RotatingLog: the descriptor and failures', () => {
  const procFd = '/proc/self/fd';

  it.skipIf(!existsSync(procFd))('keeps one descriptor open instead of reopening the file per line', () => {
    const log = new RotatingLog({ dir, now });
    const openOnLog = (): string[] =>
      readdirSync(procFd).filter((fd) => {
        try {
          return readlinkSync(join(procFd, fd)) === log.path;
        } catch {
          return false; // The descriptor readdir itself used, closed by now.
        }
      });
    log.write('info', 'first');
    const fds = openOnLog();
    expect(fds).toHaveLength(1);
    for (let n = 0; n < 50; n++) log.write('info', `line ${n}`);
    expect(openOnLog()).toEqual(fds);
    log.close();
    expect(openOnLog()).toEqual([]);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'never throws when the disk is full, and says how many lines were lost in the next line written',
    () => {
      // Writes to /dev/full fail with ENOSPC, exactly as on a full disk.
      symlinkSync('/dev/full', join(dir, 'watchfloor.log'));
      const log = new RotatingLog({ dir, now });
      expect(() => log.write('info', 'lost 1')).not.toThrow();
      expect(() => log.write('error', 'lost 2')).not.toThrow();
      expect(log.droppedLines).toBe(2);
      unlinkSync(join(dir, 'watchfloor.log'));
      log.write('info', 'space again');
      log.close();
      const lines = read().trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^\S+ WARN log: 2 lines could not be written \(ENOSPC: no space left on device/,
      );
      expect(lines[1]).toBe(`${ISO0} INFO space again`);
      expect(log.droppedLines).toBe(0);
    },
  );

  it('never throws when the folder vanished, and writes to it again once it can', () => {
    const logDir = join(dir, 'userData');
    const log = new RotatingLog({ dir: logDir, now });
    log.write('info', 'before');
    rmSync(logDir, { recursive: true });
    // The folder cannot even be created again: a file is where it was.
    writeFileSync(logDir, 'not a folder');
    expect(() => log.write('info', 'lost')).not.toThrow();
    expect(log.droppedLines).toBe(1);
    expect(log.recent(5)).toEqual([]);
    rmSync(logDir);
    log.write('info', 'after');
    log.close();
    const lines = readFileSync(join(logDir, 'watchfloor.log'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/ WARN log: 1 line could not be written \(EEXIST/);
    expect(lines[1]).toBe(`${ISO0} INFO after`);
  });

  it('never throws when asking for the secrets fails: the line is counted as lost, not written unredacted', () => {
    let broken = true;
    const log = new RotatingLog({
      dir,
      now,
      secrets: () => {
        if (broken) throw new Error('secret store locked');
        return [TOKEN];
      },
    });
    expect(() => log.write('info', `token ${TOKEN}`)).not.toThrow();
    broken = false;
    log.write('info', 'unlocked');
    log.close();
    expect(read()).not.toContain(TOKEN);
    expect(read()).toMatch(
      /WARN log: 1 line could not be written \(secret store locked\)\n.* INFO unlocked\n$/,
    );
  });

  it('does not write on into a file deleted under it: it starts a new one', () => {
    const log = new RotatingLog({ dir, now });
    log.write('info', 'one');
    unlinkSync(log.path);
    log.write('info', 'two');
    log.close();
    expect(read()).toBe(`${ISO0} INFO two\n`);
  });

  it('rotates a file another process let grow past the limit', () => {
    writeFileSync(join(dir, 'watchfloor.log'), 'x'.repeat(900) + '\n');
    const log = new RotatingLog({ dir, now, maxBytes: 500 });
    log.write('info', 'fresh');
    log.close();
    expect(read()).toBe(`${ISO0} INFO fresh\n`);
    expect(read('watchfloor.1.log')).toHaveLength(901);
  });
});
