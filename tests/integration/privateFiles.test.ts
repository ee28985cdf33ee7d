import { spawn, spawnSync } from 'node:child_process';
import { io } from 'socket.io-client';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { until } from './until';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'watchfloor-private-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every folder and file below `dir` whose permissions are not owner-only, as "path mode". */
function notPrivate(dir: string): { open: string[]; files: string[] } {
  const open: string[] = [];
  const files: string[] = [];
  const walk = (at: string): void => {
    const mode = lstatSync(at).mode & 0o777;
    const isDir = lstatSync(at).isDirectory();
    const name = relative(dir, at) || '.';
    if (mode !== (isDir ? 0o700 : 0o600)) open.push(`${name} ${mode.toString(8)}`);
    if (!isDir) files.push(name);
    else for (const entry of readdirSync(at)) walk(join(at, entry));
  };
  walk(dir);
  return { open, files };
}

/**
 * The files hold the operation's record, its tokens and the officer's names: no other local user
 * may read them, whatever umask the app was started with, and what an older version left open is
 * closed on the next start.
 */
// Windows has no such modes (privateFiles.ts).
describe.skipIf(process.platform === 'win32')('private files', () => {
  it('writes every data folder 0700 and every file 0600 under umask 000 in the browser host', async () => {
    const dataDir = join(scratch, 'data');
    // What an older version left: an open logs folder and a log readable by all.
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'logs'), 0o777);
    writeFileSync(join(dataDir, 'logs', 'watchfloor.log'), 'an older line\n');
    chmodSync(join(dataDir, 'logs', 'watchfloor.log'), 0o644);
    writeFileSync(join(dataDir, 'logs', 'watchfloor.1.log'), 'an older file\n');
    chmodSync(join(dataDir, 'logs', 'watchfloor.1.log'), 0o644);

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests', 'integration', 'privateFilesProcess.ts'), dataDir],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const said = (word: string): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (out.includes(word)) resolve();
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`the host process ended before ${word}: ${err}`)));
        check();
      });
    try {
      await said('READY');
      // While it runs: the live store's -wal is there too.
      const running = notPrivate(dataDir);
      expect(running.files).toEqual(
        expect.arrayContaining([
          'settings.json',
          'secrets.json',
          join('logs', 'watchfloor.log'),
          join('demo', 'server.sqlite'),
          join('demo', 'server.sqlite-wal'),
          join('demo', 'store.sqlite'),
          join('demo', 'store.sqlite-wal'),
        ]),
      );
      const exports = running.files.filter((f) => f.startsWith('exports'));
      for (const ending of ['.csv', '.gpx', '.html', '.sqlite'])
        expect(
          exports.some((f) => f.endsWith(ending)),
          ending,
        ).toBe(true);
      expect(running.open).toEqual([]);
      const modes = JSON.parse(/EXPORTS (.*)\n/.exec(out)?.[1] ?? '{}') as Record<string, string>;
      expect(modes).toEqual({
        'incidents.csv#0': '600',
        'tracks.gpx#1': '600',
        'report.html#2': '600',
        'archive.sqlite#3': '600',
        'archive.sqlite#4': '600',
      });
      child.stdin.end();
      await said('CLOSED');
      expect(notPrivate(dataDir).open).toEqual([]);
    } finally {
      child.kill();
      await exited;
    }
  }, 180_000);
});

/**
 * The browser host's command line: a token on it is visible to every local user (ps), so it is
 * refused before anything starts, and so is a token file other users can read.
 */
describe('the browser host command line', () => {
  const host = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'browserHostCli.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      // In English whatever the machine's locale: the host speaks the terminal's language.
      env: { ...process.env, LC_ALL: 'C.UTF-8', ...env },
    });

  it('refuses --token, saying where to put the token instead, and starts nothing', () => {
    const run = host(['--port', '0', '--server', 'https://127.0.0.1:9', '--token', 'cli-s3cret']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--token is not accepted/);
    expect(run.stderr).toMatch(/--token-file FILE.*WATCHFLOOR_TOKEN.*--token-stdin/);
    expect(run.stderr).not.toContain('cli-s3cret');
    expect(run.stdout).not.toMatch(/Watchfloor is running/);
  });

  it.skipIf(process.platform === 'win32')('refuses a token file that other users can read', () => {
    const file = join(scratch, 'token.txt');
    writeFileSync(file, 'cli-s3cret\n');
    chmodSync(file, 0o644);
    const run = host(['--port', '0', '--server', 'https://127.0.0.1:9', '--token-file', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/open to other users \(mode 644\).*chmod 600/);
    expect(run.stdout).not.toMatch(/Watchfloor is running/);
  });

  describe('takes the token from a file, the environment or standard input, and connects with it', () => {
    let server: SimulatorServer;
    beforeAll(async () => {
      server = await SimulatorServer.start({
        port: 0,
        token: 'cli-token-5e1d',
        scenario: defaultScenarioConfig({ units: 5, startAt: Date.UTC(2026, 9, 5, 6) }),
        speed: 0,
        logPath: ':memory:',
      });
    });
    afterAll(async () => {
      await server?.stop();
    });

    const ways: [string, string[], Record<string, string>, string | null][] = [
      ['file', ['--token-file', join(scratch, 'ok-token.txt')], {}, null],
      ['environment', [], { WATCHFLOOR_TOKEN: 'cli-token-5e1d' }, null],
      ['standard input', ['--token-stdin'], {}, 'cli-token-5e1d\n'],
    ];
    for (const [way, flags, env, stdin] of ways)
      it(`from the ${way}`, async () => {
        writeFileSync(join(scratch, 'ok-token.txt'), 'cli-token-5e1d\n', { mode: 0o600 });
        chmodSync(join(scratch, 'ok-token.txt'), 0o600);
        const dataDir = join(scratch, `cli-${flags[0] ?? 'env'}`);
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(ROOT, 'electron', 'browserHostCli.ts'),
            '--port',
            '0',
            '--data-dir',
            dataDir,
            '--server',
            server.url,
            ...flags,
          ],
          { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } },
        );
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
        if (stdin) child.stdin.write(stdin);
        const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
        try {
          await until(() => /open (http\S+)/.test(out) || child.exitCode !== null, 'the host', 60_000);
          expect(err).toBe('');
          const url = new URL(/open (http\S+)/.exec(out)![1]!);
          // What every local user can read of the process: not the token.
          if (existsSync(`/proc/${child.pid}/cmdline`))
            expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).not.toContain('cli-token-5e1d');
          const page = io(url.origin, {
            path: '/host',
            auth: { token: url.searchParams.get('token') },
            transports: ['websocket'],
            reconnection: false,
          });
          let lastSeq = 0;
          let link = '';
          try {
            await until(
              () => {
                void page
                  .timeout(5000)
                  .emitWithAck('invoke', 'core:snapshot', {})
                  .then(
                    (s: { value?: { status?: { lastSeq?: number; link?: string } } }) => {
                      lastSeq = s.value?.status?.lastSeq ?? 0;
                      link = s.value?.status?.link ?? '';
                    },
                    () => {},
                  );
                return lastSeq > 0;
              },
              'the operation through the token',
              30_000,
              200,
            );
          } finally {
            page.close();
          }
          expect(link).toBe('connected');
        } finally {
          child.kill('SIGTERM');
          await exited;
        }
      });
  });
});
