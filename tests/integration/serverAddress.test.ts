import { randomBytes } from 'node:crypto';
import { testVault } from './testVault';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as socketIoParse } from 'engine.io-client';
import fc from 'fast-check';
import { Server as SocketServer } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock';
import { FeedClient, type LinkState } from '../../electron/core/feed/FeedClient';
import { Workstation, type WorkstationOptions } from '../../electron/core/workstation/Workstation';
import { parseServerAddress } from '../../shared/serverAddress';
import { serverUrlSchema } from '../../shared/settings';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { until } from './until';

/**
 * One reading of a server address. The settings check an address, and socket.io connects to it;
 * before, each read the text with its own parser, and where they disagreed (a backslash before an
 * @) the check saw the profile's own server while socket.io sent the stored token to another
 * listener. Here: every address the settings accept is the same server to both parsers, and a
 * rogue listener hidden in such an address hears nothing through a trial, a save or an activation.
 */

const TOKEN = 'ws-token-7f3a9c21e8';
let dir: string;
const servers: SimulatorServer[] = [];
const workstations: Workstation[] = [];

describe('every address the settings accept is one server to both parsers', () => {
  /** How socket.io-client reads an address it is given as text (engine.io-client's parseuri). */
  function asSocketIoSees(text: string): { hostname: string; port: number; secure: boolean } {
    const parts = socketIoParse(text) as { host: string; port: string; protocol: string };
    const secure = parts.protocol === 'https' || parts.protocol === 'wss';
    return { hostname: parts.host, port: Number(parts.port || (secure ? 443 : 80)), secure };
  }

  /** How the URL standard reads it (the settings' check before, the browser's and Node's URL). */
  function asUrlSees(text: string): { hostname: string; port: number; secure: boolean } {
    const url = new URL(text);
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return { hostname, port: Number(url.port || (secure ? 443 : 80)), secure };
  }

  // Addresses built from the pieces the parsers are known to read differently.
  const piece = fc.constantFrom(
    '127.0.0.1',
    'localhost',
    'ops.example',
    'evil.example',
    '[::1]',
    '[::ffff:127.0.0.1]',
    '127.1',
    '2130706433',
    'xn--e1afmkfd.xn--p1ai',
    'пример',
    'OPS',
    '\\',
    '@',
    ':',
    '/',
    '//',
    '?',
    '#',
    '%2e',
    '%40',
    '.',
    '[',
    ']',
    ';',
    '\t',
    '\n',
    '\r',
    ' ',
    '\u0000',
    '\u00a0',
    '\u202e',
    'é',
    ':4000',
    ':443',
    ':80',
    ':0',
    ':65536',
  );
  const wellFormed = fc
    .tuple(
      fc.constantFrom('http', 'https', 'ws', 'wss'),
      fc.constantFrom(
        '127.0.0.1',
        'localhost',
        'ops.example',
        'ops-2.example.internal',
        '10.0.0.7',
        '[::1]',
        '[fd00::7]',
      ),
      fc.constantFrom('', ':4000', ':8443', ':65535'),
      fc.constantFrom('', '/'),
    )
    .map(([scheme, host, port, slash]) => `${scheme}://${host}${port}${slash}`);
  /** A piece put in at some place: where one parser may read the rest otherwise than the other. */
  const spliced = (from: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.tuple(from, piece, fc.nat()).map(([text, inserted, at]) => {
      const place = at % (text.length + 1);
      return `${text.slice(0, place)}${inserted}${text.slice(place)}`;
    });
  const address = fc.oneof(
    wellFormed,
    spliced(wellFormed),
    spliced(spliced(wellFormed)),
    fc
      .tuple(
        fc.constantFrom('http', 'https', 'ws', 'wss', 'HTTP', 'ftp', ''),
        fc.constantFrom('://', ':/', ':', ':///', '://\\', '://@'),
        fc.array(piece, { minLength: 1, maxLength: 7 }),
        fc.constantFrom(
          '',
          '/',
          '//',
          '/x',
          '\\@evil.example:4000',
          '@evil.example:5000',
          '\\@localhost:5000',
        ),
      )
      .map(([scheme, separator, middle, tail]) => `${scheme}${separator}${middle.join('')}${tail}`),
  );

  it('the settings accept only what the URL standard and socket.io read alike, and the parts are theirs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(address, (text) => {
        const checked = serverUrlSchema.safeParse(text);
        if (!checked.success) return;
        accepted += 1;
        const seen = asUrlSees(checked.data);
        expect(asSocketIoSees(checked.data), JSON.stringify(checked.data)).toEqual(seen);
        const parsed = parseServerAddress(checked.data);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
          const { hostname, port, secure } = parsed.address;
          expect({ hostname, port, secure }).toEqual(seen);
        }
      }),
      { numRuns: 20_000 },
    );
    // The generator reaches accepted addresses, or the property above would hold vacuously.
    expect(accepted).toBeGreaterThan(2_000);
  });

  it('the known disagreements are among the addresses refused', () => {
    for (const text of ['http://127.0.0.1\\@evil.example:4000', 'http://evil\\@127.0.0.1']) {
      expect(asSocketIoSees(text)).not.toEqual(asUrlSees(text));
      expect(serverUrlSchema.safeParse(text).success).toBe(false);
    }
  });
});

async function serve(): Promise<SimulatorServer> {
  const server = await SimulatorServer.start({
    port: 0,
    token: TOKEN,
    scenario: defaultScenarioConfig({ units: 5, startAt: Date.UTC(2026, 9, 5, 6) }),
    speed: 0,
    logPath: ':memory:',
    heartbeatMs: 250,
  });
  servers.push(server);
  return server;
}

const startDemo: WorkstationOptions['startDemo'] = async () => {
  const server = await serve();
  return { url: server.url, token: TOKEN, stop: () => server.stop() };
};

async function open(dataDir: string, key: Buffer): Promise<Workstation> {
  const workstation = await Workstation.open({
    dataDir,
    vault: testVault(key),
    startDemo,
    canChooseFiles: false,
    core: { feedTimings: { backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0.5 } } },
    testTimeoutMs: 5_000,
  });
  workstations.push(workstation);
  return workstation;
}

/** A listener of an attacker's choosing: it records every TCP connection and every handshake's auth. */
interface Rogue {
  port: number;
  connections: number;
  heard: unknown[];
  close(): Promise<void>;
}

async function rogueListener(): Promise<Rogue> {
  const http: HttpServer = createServer();
  const io = new SocketServer(http, { transports: ['websocket'] });
  const rogue: Rogue = {
    port: 0,
    connections: 0,
    heard: [],
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        void io.close(() => resolve());
      }),
  };
  http.on('connection', () => (rogue.connections += 1));
  io.use((socket, next) => {
    rogue.heard.push(socket.handshake.auth);
    next(new Error('unauthorized'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  rogue.port = (http.address() as { port: number }).port;
  return rogue;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-address-'));
});

afterEach(async () => {
  for (const workstation of workstations.splice(0)) await workstation.close();
  for (const server of servers.splice(0)) await server.stop();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an address that hides another listener', () => {
  /** Addresses that name the profile's own server to the URL standard and the rogue to socket.io. */
  function hostile(server: SimulatorServer, rogue: Rogue): string[] {
    const port = new URL(server.url).port;
    return [
      `http://127.0.0.1:${port}\\@127.0.0.1:${rogue.port}`,
      `http://127.0.0.1:${port}\\@localhost:${rogue.port}`,
      `http://localhost:${port}\\@127.0.0.1:${rogue.port}/`,
    ];
  }

  it('is refused for a trial, a save and an activation, and the rogue hears neither a connection nor a token', async () => {
    const server = await serve();
    const rogue = await rogueListener();
    try {
      const workstation = await open(join(dir, 'trial-save-activate'), randomBytes(32));
      const saved = await workstation.saveProfile({
        name: 'JOC Skopje',
        serverUrl: server.url,
        token: TOKEN,
      });
      const id = saved.profiles[0]?.id ?? '';
      for (const serverUrl of hostile(server, rogue)) {
        // With the stored token (no token typed): the trial.
        expect(await workstation.testConnection({ id, name: 'JOC Skopje', serverUrl })).toEqual({
          ok: false,
          message: expect.objectContaining({
            text: expect.stringMatching(/^Server address: the address has a backslash/) as unknown,
          }) as unknown,
        });
        // A token typed for a new profile goes nowhere either.
        expect(
          await workstation.testConnection({ name: 'Elsewhere', serverUrl, token: 'typed-for-the-rogue' }),
        ).toMatchObject({
          ok: false,
          message: expect.objectContaining({
            text: expect.stringMatching(/backslash/) as unknown,
          }) as unknown,
        });
        // Save, which the activation below would then use.
        await expect(workstation.saveProfile({ id, name: 'JOC Skopje', serverUrl })).rejects.toThrow(
          /^Server address: the address has a backslash/,
        );
        await expect(
          workstation.saveProfile({ name: 'Elsewhere', serverUrl, token: 'typed-for-the-rogue' }),
        ).rejects.toThrow(/backslash/);
      }
      // A secure address that hides a loopback listener: the handshake would start there.
      expect(
        await workstation.testConnection({
          name: 'Elsewhere',
          serverUrl: `https://ops.example.internal\\@127.0.0.1:${rogue.port}`,
          token: 'typed-for-the-rogue',
        }),
      ).toMatchObject({
        ok: false,
        message: expect.objectContaining({ text: expect.stringMatching(/backslash/) as unknown }) as unknown,
      });
      expect(workstation.view().profiles.map((p) => p.serverUrl)).toEqual([server.url]);
      await workstation.activate(id);
      await until(
        () => workstation.core.status.link === 'connected' || workstation.core.status.linkError !== null,
        'the activated profile connecting',
      );
      expect(workstation.core.status).toMatchObject({ link: 'connected', linkError: null });
      expect(rogue.heard).toEqual([]);
      expect(rogue.connections).toBe(0);
    } finally {
      await rogue.close();
    }
  });

  it('kept in the settings file (by hand, or by an older version) is not connected to, says why, and loses nothing', async () => {
    const server = await serve();
    const rogue = await rogueListener();
    const key = randomBytes(32);
    const dataDir = join(dir, 'stored');
    try {
      const first = await open(dataDir, key);
      const id = (await first.saveProfile({ name: 'JOC Skopje', serverUrl: server.url, token: TOKEN }))
        .profiles[0]?.id;
      await first.close();
      const settingsPath = join(dataDir, 'settings.json');
      const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as {
        profiles: { serverUrl: string }[];
        activeProfileId: string;
      };
      const [serverUrl = ''] = hostile(server, rogue);
      writeFileSync(
        settingsPath,
        JSON.stringify({
          ...settings,
          activeProfileId: id,
          profiles: settings.profiles.map((p) => ({ ...p, serverUrl })),
        }),
      );

      const second = await open(dataDir, key);
      const view = second.view();
      expect(view).toMatchObject({
        activeProfileId: id,
        needsToken: false,
        profiles: [{ id, serverUrl, hasToken: true }],
      });
      expect(view.problem).toEqual([
        expect.objectContaining({
          code: 'connection.addressRefused',
          text: expect.stringMatching(
            /^JOC Skopje is not connected: its server address is refused \(the address has a backslash .*\)\. Correct it in Settings/,
          ) as unknown,
        }),
      ]);
      expect(second.core.status).toMatchObject({ link: 'offline', linkError: null });
      // Corrected, with the token typed again (the stored one was given for another address).
      await second.saveProfile({ id, name: 'JOC Skopje', serverUrl: server.url, token: TOKEN });
      await until(() => second.core.status.link === 'connected', 'the corrected profile connecting');
      expect(second.view().problem).toBeNull();
      expect(rogue.heard).toEqual([]);
      expect(rogue.connections).toBe(0);
    } finally {
      await rogue.close();
    }
  });

  it("is refused by the feed itself, whoever hands it over (the browser host's --feed, a core), before any connection", async () => {
    const rogue = await rogueListener();
    const clients: FeedClient[] = [];
    try {
      for (const url of [
        `http://127.0.0.1:9\\@127.0.0.1:${rogue.port}`,
        `http://127.0.0.1:9\t@127.0.0.1:${rogue.port}`,
        `https:127.0.0.1:${rogue.port}`,
      ]) {
        const links: { state: LinkState; error?: string; fatal?: boolean }[] = [];
        const client = new FeedClient(
          { url, token: 'hidden-token-1', clientId: 'c1' },
          {
            onWelcome: () => {},
            onEvents: () => {},
            onSnapshot: () => {},
            onHeartbeat: () => {},
            onLink: (state, detail) => links.push({ state, ...detail, error: detail?.error?.text }),
            onClockOffset: () => {},
            onBadMessage: () => {},
          },
          new ManualClock(),
        );
        clients.push(client);
        client.start();
        expect(links, url).toContainEqual({
          state: 'offline',
          error: expect.stringMatching(/^The server address is refused: /) as unknown,
          fatal: true,
        });
      }
      // A connection opened before the probe's would have reached the rogue before it.
      const probe = new FeedClient(
        { url: `http://127.0.0.1:${rogue.port}`, token: 'probe-token-1', clientId: 'c2' },
        {
          onWelcome: () => {},
          onEvents: () => {},
          onSnapshot: () => {},
          onHeartbeat: () => {},
          onLink: () => {},
          onClockOffset: () => {},
          onBadMessage: () => {},
        },
        new ManualClock(),
      );
      clients.push(probe);
      probe.start();
      await until(
        () => rogue.heard.some((auth) => JSON.stringify(auth).includes('probe-token-1')),
        'the probe',
      );
      expect(rogue.heard).toEqual([expect.objectContaining({ token: 'probe-token-1' })]);
      expect(rogue.connections).toBe(1);
    } finally {
      for (const client of clients) client.stop();
      await rogue.close();
    }
  });
});
