import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BrowserHostArgsError,
  parseBrowserHostArgs,
  readFirstLine,
  readHiddenLine,
  type Terminal,
  readToken,
  TOKEN_ENV,
} from './browserHostArgs';

const dir = mkdtempSync(join(tmpdir(), 'watchfloor-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A token file with the given mode (set explicitly: the umask does not decide it). */
function tokenFile(name: string, text: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

const SERVER = ['--server', 'https://ops.example:4400'];

describe('parseBrowserHostArgs', () => {
  it('refuses --token in either form, naming the three ways to give the token instead', () => {
    for (const argv of [
      [...SERVER, '--token', 's3cret'],
      [...SERVER, '--token=s3cret'],
      ['--token', 's3cret'],
    ]) {
      const attempt = () => parseBrowserHostArgs(argv, {});
      expect(attempt).toThrow(BrowserHostArgsError);
      expect(attempt).toThrow(
        /--token is not accepted.*ps.*--token-file FILE.*WATCHFLOOR_TOKEN.*--token-stdin/,
      );
      // The refusal does not repeat the token (it goes to a terminal, and perhaps a log).
      expect(attempt).not.toThrow(/s3cret/);
    }
  });

  it('takes the token from a file, standard input or the environment, a flag before the variable', () => {
    expect(parseBrowserHostArgs([...SERVER, '--token-file', 'tok.txt'], {}).server?.token).toEqual({
      kind: 'file',
      path: resolve('tok.txt'),
    });
    expect(parseBrowserHostArgs([...SERVER, '--token-stdin'], {}).server?.token).toEqual({ kind: 'stdin' });
    expect(parseBrowserHostArgs(SERVER, { [TOKEN_ENV]: 'from-env' }).server?.token).toEqual({
      kind: 'env',
      value: 'from-env',
    });
    expect(
      parseBrowserHostArgs([...SERVER, '--token-stdin'], { [TOKEN_ENV]: 'from-env' }).server?.token,
    ).toEqual({ kind: 'stdin' });
  });

  it('takes WATCHFLOOR_TOKEN out of the environment, used or not, so no child process inherits it', () => {
    const env: Record<string, string | undefined> = { [TOKEN_ENV]: 'from-env', HOME: '/home/officer' };
    parseBrowserHostArgs(SERVER, env);
    expect(env).toEqual({ HOME: '/home/officer' });
    const unused: Record<string, string | undefined> = { [TOKEN_ENV]: 'stray' };
    expect(parseBrowserHostArgs([], unused).server).toBeUndefined();
    expect(TOKEN_ENV in unused).toBe(false);
    const refused: Record<string, string | undefined> = { [TOKEN_ENV]: 'stray' };
    expect(() => parseBrowserHostArgs(['--port', 'x'], refused)).toThrow(/--port/);
    expect(TOKEN_ENV in refused).toBe(false);
  });

  it('says what is missing or contradictory, in words', () => {
    const cases: [string[], RegExp][] = [
      [SERVER, /--server needs the access token.*--token-file FILE.*WATCHFLOOR_TOKEN.*--token-stdin/],
      [[...SERVER, '--token-file', 'a', '--token-stdin'], /one way/],
      [['--token-file', 'a'], /add --server/],
      [['--token-stdin'], /add --server/],
      [['--offline'], /--offline needs --store FILE/],
      [['--offline', '--store', 's.sqlite', ...SERVER, '--token-stdin'], /leave out --server/],
      [[...SERVER, '--token-stdin', '--client-cert', 'c.pem'], /go together/],
      [['--port', '70000'], /--port must be a port number/],
      [['--port=1.5'], /--port must be a port number/],
      [['--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases)
      expect(() => parseBrowserHostArgs(argv, {}), argv.join(' ')).toThrow(message);
  });

  it('reads the rest as before: port, operator, speed, offline store, certificates as absolute paths', () => {
    expect(parseBrowserHostArgs([], {})).toEqual({ port: 4700, demoSpeed: 1, offline: false });
    expect(
      parseBrowserHostArgs(
        [
          '--port',
          '0',
          '--operator',
          'Officer A',
          '--demo-speed',
          '10',
          '--offline',
          '--store',
          's.sqlite',
          '--data-dir',
          'wf-data',
        ],
        {},
      ),
    ).toEqual({
      port: 0,
      operator: 'Officer A',
      demoSpeed: 10,
      offline: true,
      store: resolve('s.sqlite'),
      dataDir: resolve('wf-data'),
    });
    expect(
      parseBrowserHostArgs(
        [...SERVER, '--token-stdin', '--ca', 'ca.pem', '--client-cert', 'c.pem', '--client-key', 'c.key'],
        {},
      ).server,
    ).toEqual({
      url: 'https://ops.example:4400',
      token: { kind: 'stdin' },
      ca: resolve('ca.pem'),
      clientCert: resolve('c.pem'),
      clientKey: resolve('c.key'),
    });
  });
});

describe('readToken', () => {
  it('reads a token file of mode 600, without its line break', async () => {
    const path = tokenFile('ok.txt', 'tok-3f9a\n', 0o600);
    await expect(readToken({ kind: 'file', path })).resolves.toBe('tok-3f9a');
    await expect(
      readToken({ kind: 'file', path: tokenFile('crlf.txt', 'tok-3f9a\r\n', 0o400) }),
    ).resolves.toBe('tok-3f9a');
  });

  it('refuses a token file other users may read or write, saying how to fix it', async () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o666]) {
      const path = tokenFile(`open-${mode.toString(8)}.txt`, 'tok-3f9a\n', mode);
      await expect(readToken({ kind: 'file', path })).rejects.toThrow(
        new RegExp(`open to other users \\(mode ${mode.toString(8)}\\).*chmod 600`),
      );
    }
    // Windows has no such modes: the profile folder's ACL guards the file there.
    const open = tokenFile('open-win.txt', 'tok-3f9a', 0o644);
    await expect(readToken({ kind: 'file', path: open }, { platform: 'win32' })).resolves.toBe('tok-3f9a');
  });

  it('refuses a missing, empty, folder, multi-line or padded token file', async () => {
    await expect(readToken({ kind: 'file', path: join(dir, 'none.txt') })).rejects.toThrow(/cannot be read/);
    await expect(readToken({ kind: 'file', path: dir })).rejects.toThrow(/is not a file/);
    chmodSync(dir, 0o700);
    await expect(readToken({ kind: 'file', path: tokenFile('empty.txt', '\n', 0o600) })).rejects.toThrow(
      /empty/,
    );
    await expect(readToken({ kind: 'file', path: tokenFile('two.txt', 'a\nb\n', 0o600) })).rejects.toThrow(
      /more than one line/,
    );
    await expect(readToken({ kind: 'file', path: tokenFile('pad.txt', ' tok \n', 0o600) })).rejects.toThrow(
      /spaces around/,
    );
    await expect(
      readToken({ kind: 'file', path: tokenFile('long.txt', 'x'.repeat(10_000), 0o600) }),
    ).rejects.toThrow(/too long/);
  });

  it('reads the environment variable and the first line of standard input', async () => {
    await expect(readToken({ kind: 'env', value: 'env-tok' })).resolves.toBe('env-tok');
    await expect(readToken({ kind: 'env', value: '' })).rejects.toThrow(/WATCHFLOOR_TOKEN.*empty/);
    const stdin = new PassThrough();
    const token = readToken({ kind: 'stdin' }, { readStdinLine: () => readFirstLine(stdin) });
    stdin.write('stdin-');
    stdin.write('tok\nwhat follows is not read');
    await expect(token).resolves.toBe('stdin-tok');
    const ended = new PassThrough();
    const atEnd = readFirstLine(ended);
    ended.end('no-newline');
    await expect(atEnd).resolves.toBe('no-newline');
    const endless = new PassThrough();
    const tooLong = readFirstLine(endless);
    endless.write('y'.repeat(5000));
    await expect(tooLong).rejects.toThrow(/too long/);
  });
});

describe('readHiddenLine', () => {
  /** A terminal: raw mode recorded, keys typed one chunk at a time. */
  const terminal = () => {
    const stream = new PassThrough() as PassThrough & Terminal & { modes: boolean[] };
    stream.modes = [];
    stream.setRawMode = (raw: boolean) => stream.modes.push(raw);
    return stream;
  };

  it('reads a token typed at the terminal without echoing it, backspace and all', async () => {
    const input = terminal();
    const output = new PassThrough();
    let shown = '';
    output.setEncoding('utf8').on('data', (c: string) => (shown += c));
    const line = readHiddenLine(input, output, 'Access token (not shown): ');
    input.write('tok-');
    input.write('3f9x\u007fa');
    input.write('\rignored');
    await expect(line).resolves.toBe('tok-3f9a');
    expect(input.modes).toEqual([true, false]);
    expect(shown).toBe('Access token (not shown): \n');
  });

  it('gives up on Ctrl+C, leaving the terminal as it was', async () => {
    const input = terminal();
    const line = readHiddenLine(input, new PassThrough(), '> ');
    input.write('tok\u0003');
    await expect(line).rejects.toThrow(/No access token/);
    expect(input.modes).toEqual([true, false]);
  });
});

describe('the command line in the terminal language', () => {
  /** The browser host started from its command line (`npm run host`) in a locale: its exit code and what it printed. */
  function runHost(argv: string[], locale: string): Promise<{ code: number | null; stderr: string }> {
    const env = {
      ...process.env,
      LANG: locale,
      LC_MESSAGES: undefined,
      LC_ALL: undefined,
      WATCHFLOOR_TOKEN: undefined,
    };
    return new Promise((done, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'browserHostCli.ts'), ...argv],
        {
          env,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('error', reject);
      child.on('close', (code) => done({ code, stderr }));
    });
  }

  it('says why it refuses a command line in the language of LANG (Serbian Latin, Macedonian)', async () => {
    const [latin, macedonian] = await Promise.all([
      runHost(['--token', 's3cret'], 'sr_RS.UTF-8@latin'),
      runHost(['--offline'], 'mk_MK.UTF-8'),
    ]);
    expect(latin.code).toBe(2);
    expect(latin.stderr).toContain(
      'Watchfloor nije mogao da se pokrene: --token se ne prihvata: svaki korisnik ovog računara može da pročita komandnu liniju (ps).',
    );
    expect(latin.stderr).toContain('u promenljivoj okruženja WATCHFLOOR_TOKEN');
    expect(latin.stderr).not.toContain('s3cret');
    expect(macedonian.code).toBe(2);
    expect(macedonian.stderr.trim()).toBe(
      'Watchfloor не можеше да се стартува: --offline бара --store ДАТОТЕКА, базата што се репродуцира.',
    );
  }, 60_000);

  it('says where it runs in the language of LANG (Albanian), the address as it is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-cli-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'browserHostCli.ts'),
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      {
        env: { ...process.env, LANG: 'sq_AL.UTF-8', LC_MESSAGES: undefined, LC_ALL: undefined },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const line = await new Promise<string>((done, reject) => {
        child.stdout.on('data', (c: string) => {
          stdout += c;
          const found = /^Watchfloor.*$/m.exec(stdout);
          if (found) done(found[0]);
        });
        child.on('close', () => reject(new Error(`the host ended: ${stdout}`)));
      });
      expect(line).toMatch(
        /^Watchfloor po punon me operacionin demonstrues të integruar: hapni http:\/\/127\.0\.0\.1:\d+\/\?token=\w+$/,
      );
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('close', done)));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
