import { randomBytes } from 'node:crypto';
import { testVault } from './testVault';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/Core';
import { Server as SocketServer } from 'socket.io';
import { coreMessageText } from '../../electron/core/i18n/coreTranslations';
import { RotatingLog } from '../../electron/core/logging/RotatingLog';
import { SqliteStore } from '../../electron/core/store/SqliteStore';
import { workstationDiagnostics } from '../../electron/core/workstation/workstationDiagnostics';
import { sessionOnlyVault, type SecretVault } from '../../electron/core/workstation/SecretStore';
import { Workstation, type WorkstationOptions } from '../../electron/core/workstation/Workstation';
import { DEMO_PROFILE_ID, type ProfileInput } from '../../shared/settings';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { makeCertificate, OPENSSL } from './certificates';
import { until } from './until';

/**
 * The workstation's settings, profiles and secrets against the real reference server and real
 * SQLite stores: the first run on the demo, a profile saved and connected, tokens encrypted or kept
 * for the session only, a bad settings file set aside without touching the stores, every field
 * checked with a message, and certificates checked before anything is kept.
 */

const TOKEN = 'ws-token-7f3a9c21e8';
let dir: string;
let certs: string;
const servers: SimulatorServer[] = [];
const workstations: Workstation[] = [];

async function serve(options: { operationId?: string; tls?: boolean } = {}): Promise<SimulatorServer> {
  const server = await SimulatorServer.start({
    port: 0,
    token: TOKEN,
    scenario: defaultScenarioConfig({
      units: 10,
      startAt: Date.UTC(2026, 9, 5, 6),
      ...(options.operationId ? { operationId: options.operationId } : {}),
    }),
    speed: 0,
    logPath: ':memory:',
    heartbeatMs: 250,
    ...(options.tls
      ? { tls: { certFile: join(certs, 'server.pem'), keyFile: join(certs, 'server.key') } }
      : {}),
  });
  server.advanceBy(300_000);
  servers.push(server);
  return server;
}

/** A demo that is a small reference server, so the first run does not start an hour of history. */
const startDemo: WorkstationOptions['startDemo'] = async () => {
  const server = await serve();
  return { url: server.url, token: TOKEN, stop: () => server.stop() };
};

async function open(dataDir: string, vault: SecretVault = sessionOnlyVault('none')): Promise<Workstation> {
  const workstation = await Workstation.open({
    dataDir,
    vault,
    startDemo,
    canChooseFiles: false,
    core: { feedTimings: { backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0.5 } } },
    testTimeoutMs: 5_000,
  });
  workstations.push(workstation);
  return workstation;
}

const inSync = (core: Core, server: SimulatorServer) => () =>
  core.status.link === 'connected' && core.ingest.committedSeq === server.lastSeq;

function fresh(name: string): string {
  return mkdtempSync(join(dir, `${name}-`));
}

function profile(server: SimulatorServer, extra: Partial<ProfileInput> = {}): ProfileInput {
  return { name: 'JOC Skopje', serverUrl: server.url, token: TOKEN, ...extra };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-workstation-'));
  certs = join(dir, 'certs');
  if (!OPENSSL) return;
  mkdirSync(certs, { recursive: true });
  makeCertificate(certs, 'ca', { ca: null, cn: 'Watchfloor test CA' });
  makeCertificate(certs, 'server', { ca: 'ca', san: 'DNS:localhost,IP:127.0.0.1' });
  makeCertificate(certs, 'client', { ca: 'ca', cn: 'JOC workstation 3' });
  makeCertificate(certs, 'other-client', { ca: 'ca', cn: 'JOC workstation 4' });
  makeCertificate(certs, 'expired-client', { ca: 'ca', cn: 'JOC workstation 5', days: -1 });
  writeFileSync(join(certs, 'not-a-cert.pem'), 'this is a shopping list, not a certificate\n');
});

afterEach(async () => {
  for (const workstation of workstations.splice(0)) await workstation.close();
  for (const server of servers.splice(0)) await server.stop();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the first run', () => {
  it('runs the demo operation and offers the first-run screen until it is answered', async () => {
    const dataDir = fresh('first');
    const workstation = await open(dataDir);
    const view = workstation.view();
    expect(view).toMatchObject({
      managed: true,
      activeProfileId: DEMO_PROFILE_ID,
      firstRun: true,
      profiles: [],
    });
    expect(view.storePath).toBe(join(dataDir, 'demo', 'store.sqlite'));
    // The demo's feed really flows into a real store.
    await until(
      () => workstation.core.status.link === 'connected' && workstation.core.ingest.committedSeq > 0,
      'the demo',
    );
    expect(workstation.finishFirstRun().firstRun).toBe(false);
    await workstation.close();
    expect((await open(dataDir)).view().firstRun).toBe(false);
  });
});

describe('connection profiles', () => {
  it('saves a profile, connects with it, and keeps its token encrypted, never in the settings or the view', async () => {
    const server = await serve({ operationId: 'JO-WB-7' });
    const dataDir = fresh('profile');
    const vaultKey = randomBytes(32);
    const workstation = await open(dataDir, testVault(vaultKey));
    const switched: Core[] = [];
    workstation.onCoreChanged((core) => switched.push(core));
    const saved = await workstation.saveProfile(profile(server, { expectedOperationId: 'JO-WB-7' }));
    const id = saved.profiles[0]?.id ?? '';
    expect(saved.profiles[0]).toMatchObject({ name: 'JOC Skopje', hasToken: true, hasClientKey: false });
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    await workstation.activate(id);
    expect(switched).toHaveLength(1);
    await until(inSync(workstation.core, server), 'the profile in step');
    expect(workstation.core.storePath).toBe(join(dataDir, 'stores', `${id}.sqlite`));
    for (const file of ['settings.json', 'secrets.json'])
      expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(TOKEN);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);
    // Encrypted, not merely encoded.
    const entries = (
      JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { entries: Record<string, string> }
    ).entries;
    expect(Object.keys(entries)).toEqual([`${id}:token`]);
    for (const value of Object.values(entries))
      expect(Buffer.from(value, 'base64').toString('latin1')).not.toContain(TOKEN);
    const seq = workstation.core.ingest.committedSeq;
    await workstation.close();

    // The next start connects by itself with the decrypted token and resumes the same store.
    server.advanceBy(120_000);
    const again = await open(dataDir, testVault(vaultKey));
    expect(again.view()).toMatchObject({ activeProfileId: id, needsToken: false });
    await until(inSync(again.core, server), 'the profile in step after a restart');
    expect(again.core.ingest.committedSeq).toBeGreaterThan(seq);
    await again.close();

    // Another user's key store (or a changed one) cannot decrypt it: the token is asked for, the store opens.
    const foreign = await open(dataDir, testVault(randomBytes(32)));
    expect(foreign.view().needsToken).toBe(true);
    // Coded, so the token prompt reads it in the officer's language.
    const undecryptable = foreign.view().tokenReason;
    expect(undecryptable?.code).toBe('token.undecryptable');
    expect(undecryptable?.text).toMatch(/could not be decrypted/);
    expect(coreMessageText(undecryptable!, 'sq')).toMatch(
      /^Tokeni i ruajtur i qasjes nuk mund të deshifrohej/,
    );
    expect(foreign.core.ingest.committedSeq).toBeGreaterThan(seq);
    expect(foreign.core.status.link).toBe('offline');
  });

  it('without a secret store, keeps the token for the session only and asks for it at the next start', async () => {
    const server = await serve();
    const dataDir = fresh('session');
    const workstation = await open(dataDir);
    const id = (await workstation.saveProfile(profile(server))).profiles[0]?.id ?? '';
    await workstation.activate(id);
    await until(inSync(workstation.core, server), 'the profile in step');
    const seq = workstation.core.ingest.committedSeq;
    await workstation.close();
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
    for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.json')))
      expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(TOKEN);

    const next = await open(dataDir);
    const view = next.view();
    expect(view.needsToken).toBe(true);
    expect(view.tokenReason).toMatchObject({
      code: 'token.sessionOnly',
      params: { profile: 'JOC Skopje', backend: 'none' },
    });
    expect(view.tokenReason?.text).toMatch(/no secure key store .*never written to disk/);
    expect(coreMessageText(view.tokenReason!, 'sr-Cyrl')).toBe(
      'Ова радна станица нема безбедно складиште кључева (none), па се приступни токен никада не уписује на диск: унесите га да бисте се повезали на „JOC Skopje“.',
    );
    // What the store holds is shown meanwhile.
    expect(next.core.ingest.committedSeq).toBe(seq);
    await next.activate(id, `  ${TOKEN}\n`);
    expect(next.view().needsToken).toBe(false);
    await until(inSync(next.core, server), 'connected with the typed token');
  });

  it('refuses a server that runs another operation than the profile expects, naming both', async () => {
    const server = await serve({ operationId: 'JO-WB-7' });
    const workstation = await open(fresh('expected'));
    const id = (await workstation.saveProfile(profile(server, { expectedOperationId: 'JO-WB-5' })))
      .profiles[0]?.id;
    await workstation.activate(id ?? '');
    await until(() => workstation.core.status.linkError !== null, 'the refusal');
    expect(workstation.core.status).toMatchObject({ linkFatal: true, lastSeq: 0 });
    expect(workstation.core.status.linkError?.text).toMatch(/runs operation JO-WB-7, not JO-WB-5/);
  });

  it('checks every field and says which one is wrong, keeping nothing of a refused profile', async () => {
    const server = await serve();
    const workstation = await open(fresh('fields'), testVault());
    const cases: [Partial<ProfileInput>, RegExp][] = [
      [{ name: '  ' }, /Name: give the profile a name/],
      [{ serverUrl: 'ops.example' }, /Server address: .*is not an address/],
      [
        { serverUrl: 'http://ops.example.internal:4400' },
        /in clear: use https:\/\/ for ops.example.internal/,
      ],
      [{ serverUrl: 'https://joc:secret@ops.example.internal' }, /no user name or password/],
      [{ serverUrl: 'ftp://ops.example.internal' }, /must start with https:\/\//],
      [{ token: 'two words' }, /Access token: .*no spaces/],
      [{ token: undefined }, /Type the access token/],
      [{ expectedOperationId: 'JO WB 7' }, /Operation: /],
      [{ caFile: 'relative/ca.pem' }, /CA certificate file: give the full path/],
      [{ caFile: join(dir, 'missing.pem') }, /cannot be found or read/],
      [{ caFile: '//fileserver/certs/ca.pem' }, /network paths are not used/],
      [{ caFile: '\\\\fileserver\\certs\\ca.pem' }, /CA certificate file: /],
      [{ token: 'short' }, /at least 8 characters/],
    ];
    for (const [change, message] of cases)
      await expect(workstation.saveProfile(profile(server, change)), JSON.stringify(change)).rejects.toThrow(
        message,
      );
    expect(workstation.view().profiles).toEqual([]);
    expect(existsSync(join(workstation.view().storePath, '..', '..', 'secrets.json'))).toBe(false);
  });

  it('will not delete the profile in use; deleting another forgets its secrets and keeps its store', async () => {
    const server = await serve();
    const dataDir = fresh('delete');
    const workstation = await open(dataDir, testVault());
    const a = (await workstation.saveProfile(profile(server, { name: 'Sector A' }))).profiles[0]?.id ?? '';
    const b = (await workstation.saveProfile(profile(server, { name: 'Sector B' }))).profiles[1]?.id ?? '';
    await workstation.activate(a);
    await until(inSync(workstation.core, server), 'profile A');
    await expect(workstation.deleteProfile(a)).rejects.toThrow(/in use/);
    await workstation.activate(b);
    await until(inSync(workstation.core, server), 'profile B');
    const view = await workstation.deleteProfile(a);
    expect(view.profiles.map((p) => p.id)).toEqual([b]);
    expect(existsSync(join(dataDir, 'stores', `${a}.sqlite`))).toBe(true);
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { entries: object };
    expect(Object.keys(secrets.entries)).toEqual([`${b}:token`]);
  });

  it("goes back to the profile it was on when the other one's store cannot be opened, and says why", async () => {
    const server = await serve();
    const dataDir = fresh('locked');
    const workstation = await open(dataDir, testVault());
    const a = (await workstation.saveProfile(profile(server, { name: 'Sector A' }))).profiles[0]?.id ?? '';
    const b = (await workstation.saveProfile(profile(server, { name: 'Sector B' }))).profiles[1]?.id ?? '';
    await workstation.activate(a);
    await until(inSync(workstation.core, server), 'profile A');
    // Another Watchfloor holds B's store.
    const { store: held } = SqliteStore.open(join(dataDir, 'stores', `${b}.sqlite`));
    try {
      await expect(workstation.activate(b)).rejects.toThrow(
        /Sector B could not be opened \(The store .* is open in another Watchfloor.*\); Watchfloor is on Sector A instead/,
      );
      expect(workstation.view().activeProfileId).toBe(a);
      // The reason outlives the page's reload: the view carries it.
      expect(workstation.view().problem).toEqual([
        expect.objectContaining({
          code: 'switch.toProfile',
          text: expect.stringMatching(/Sector B could not be opened/) as unknown,
        }),
      ]);
      await until(inSync(workstation.core, server), 'profile A again');
    } finally {
      held.close();
    }
    await workstation.activate(b);
    expect(workstation.view().activeProfileId).toBe(b);
  });

  it('sends a stored token only to the server it was given for, never to an address the page changes', async () => {
    const server = await serve();
    // A listener of the page's choosing: it records every handshake it gets.
    const rogue = new SocketServer(0, { transports: ['websocket'] });
    const heard: unknown[] = [];
    rogue.use((socket, next) => {
      heard.push(socket.handshake.auth);
      next(new Error('unauthorized'));
    });
    const port = (rogue.httpServer?.address() as { port: number } | null)?.port ?? 0;
    try {
      const workstation = await open(fresh('exfil'), testVault());
      const id = (await workstation.saveProfile(profile(server))).profiles[0]?.id ?? '';
      const elsewhere = { id, name: 'JOC Skopje', serverUrl: `http://127.0.0.1:${port}` };
      const trial = await workstation.testConnection(elsewhere);
      expect(trial).toMatchObject({
        ok: false,
        message: expect.objectContaining({
          text: expect.stringMatching(/type the access token again/) as unknown,
        }) as unknown,
      });
      await expect(workstation.saveProfile(elsewhere)).rejects.toThrow(/type the access token again/);
      // Nor by swapping the CA it trusts.
      if (OPENSSL)
        await expect(
          workstation.saveProfile({
            id,
            name: 'JOC Skopje',
            serverUrl: server.url,
            caFile: join(certs, 'ca.pem'),
          }),
        ).rejects.toThrow(/type the access token again/);
      expect(heard).toEqual([]);
      expect(workstation.view().profiles[0]?.serverUrl).toBe(server.url);
      // A token typed for the new address is that address's to have.
      await workstation.testConnection({ ...elsewhere, token: 'typed-for-this-one' });
      expect(heard).toMatchObject([{ token: 'typed-for-this-one' }]);
    } finally {
      await new Promise<void>((resolve) => void rogue.close(() => resolve()));
    }
  });

  it('starts on the demo, saying why, when the store of the profile in use will not open', async () => {
    const server = await serve();
    const dataDir = fresh('startup');
    const first = await open(dataDir, testVault());
    const id = (await first.saveProfile(profile(server, { name: 'Sector C' }))).profiles[0]?.id ?? '';
    await first.activate(id);
    await first.close();
    const { store: held } = SqliteStore.open(join(dataDir, 'stores', `${id}.sqlite`));
    try {
      const second = await open(dataDir, testVault());
      expect(second.view().activeProfileId).toBe(DEMO_PROFILE_ID);
      expect(second.view().problem).toEqual([
        expect.objectContaining({
          code: 'switch.toDemo',
          text: expect.stringMatching(
            /Sector C could not be opened \(The store .* is open in another Watchfloor.*\); Watchfloor is on the demo operation instead/,
          ) as unknown,
        }),
      ]);
      await until(() => second.core.status.link === 'connected', 'the demo');
    } finally {
      held.close();
    }
  });

  it('says the client key must be chosen again when only the key store changed, instead of asking for the token forever', async () => {
    if (!OPENSSL) return;
    const server = await SimulatorServer.start({
      port: 0,
      token: TOKEN,
      scenario: defaultScenarioConfig({ units: 10, startAt: Date.UTC(2026, 9, 5, 6) }),
      speed: 0,
      logPath: ':memory:',
      tls: {
        certFile: join(certs, 'server.pem'),
        keyFile: join(certs, 'server.key'),
        clientCaFile: join(certs, 'ca.pem'),
      },
    });
    servers.push(server);
    const dataDir = fresh('key');
    const first = await open(dataDir, testVault());
    const id =
      (
        await first.saveProfile(
          profile(server, {
            caFile: join(certs, 'ca.pem'),
            clientCertFile: join(certs, 'client.pem'),
            clientKeyFile: join(certs, 'client.key'),
          }),
        )
      ).profiles[0]?.id ?? '';
    await first.activate(id);
    await first.close();
    const second = await open(dataDir, testVault(randomBytes(32)));
    await second.activate(id, TOKEN);
    const view = second.view();
    expect(view.needsToken).toBe(false);
    expect(view.problem).toEqual([
      {
        code: 'connection.keyUndecryptable',
        params: { profile: 'JOC Skopje' },
        text: expect.stringMatching(
          /client key of JOC Skopje could not be decrypted.*choose the client key file again/,
        ) as unknown,
      },
    ]);
  });

  it('takes in the desktop app only certificate files chosen in its own dialog', async () => {
    const server = await serve();
    const chosen = new Set<string>();
    const workstation = await Workstation.open({
      dataDir: fresh('gate'),
      vault: testVault(),
      startDemo,
      canChooseFiles: true,
      acceptFile: (path) => chosen.has(path),
    });
    workstations.push(workstation);
    const ca = join(certs, 'ca.pem');
    await expect(workstation.saveProfile(profile(server, { caFile: ca }))).rejects.toThrow(
      /Choose the file with "Browse…"/,
    );
    expect(
      (await workstation.testConnection(profile(server, { caFile: '/etc/passwd' }))).message.text,
    ).toMatch(/Browse/);
    if (!OPENSSL) return;
    chosen.add(ca);
    expect((await workstation.saveProfile(profile(server, { caFile: ca }))).profiles).toHaveLength(1);
  });

  it('blacks out every token it holds in the diagnostics, even one that leaked into a log line', async () => {
    const server = await serve();
    const dataDir = fresh('diag');
    const workstation = await open(dataDir, testVault());
    const id = (await workstation.saveProfile(profile(server))).profiles[0]?.id ?? '';
    await workstation.activate(id);
    await until(inSync(workstation.core, server), 'the profile');
    const log = new RotatingLog({ dir: join(dataDir, 'logs') });
    log.write('warn', `a careless line: connecting with ${TOKEN} to ${server.url}`);
    const text = await workstationDiagnostics({
      host: 'desktop',
      appVersion: 't',
      core: workstation.core,
      workstation,
      log,
    });
    log.close();
    expect(text).toMatch(/Profile: JOC Skopje/);
    expect(text).toMatch(/a careless line: connecting with \[redacted\]/);
    expect(text).not.toContain(TOKEN);
  });

  it('tries a connection without saving it: the operation when it works, the reason when it does not', async () => {
    const server = await serve({ operationId: 'JO-WB-7' });
    const workstation = await open(fresh('trial'));
    expect(await workstation.testConnection(profile(server))).toMatchObject({
      ok: true,
      operationId: 'JO-WB-7',
    });
    expect(await workstation.testConnection(profile(server, { token: 'wrong-token-123' }))).toMatchObject({
      ok: false,
      message: expect.objectContaining({
        text: expect.stringMatching(/token was refused/) as unknown,
      }) as unknown,
    });
    expect(
      await workstation.testConnection(profile(server, { expectedOperationId: 'JO-WB-5' })),
    ).toMatchObject({
      ok: false,
      message: expect.objectContaining({
        text: expect.stringMatching(/runs operation JO-WB-7, not JO-WB-5/) as unknown,
      }) as unknown,
    });
    const closed = await serve();
    const url = closed.url;
    await closed.stop();
    expect((await workstation.testConnection(profile(closed, { serverUrl: url }))).message.text).toMatch(
      /not answering|refused/,
    );
    expect(workstation.view().profiles).toEqual([]);
  });
});

describe('preferences', () => {
  it('are checked, reach the picture at once, and reconnect only when the operator changes', async () => {
    const workstation = await open(fresh('prefs'));
    const pushed: unknown[] = [];
    const switched: Core[] = [];
    workstation.onViewSettings((s) => pushed.push(s));
    workstation.onCoreChanged((c) => switched.push(c));
    const base = workstation.view().preferences;
    await expect(
      workstation.setPreferences({ ...base, staleAfterMinutes: 30, lostContactAfterMinutes: 10 }),
    ).rejects.toThrow(/lost contact must come after stale/);
    await expect(workstation.setPreferences({ ...base, language: 'de' })).rejects.toThrow(/language/);
    await workstation.setPreferences({ ...base, staleAfterMinutes: 3, alertSounds: false });
    expect(pushed).toEqual([expect.objectContaining({ staleAfterMs: 180_000, alertSounds: false })]);
    expect(switched).toHaveLength(0);
    await workstation.setPreferences({ ...base, operator: 'Officer Kovačević' });
    expect(switched).toHaveLength(1);
    expect(workstation.viewSettings().operator).toBe('Officer Kovačević');
  });
});

describe('a settings file that cannot be used', () => {
  it.each([
    ['not JSON', '{"version": 1, "profiles": ['],
    [
      'failing the schema',
      JSON.stringify({ version: 1, profiles: [{ id: 'x', serverUrl: 'https://ops.example' }] }),
    ],
    ['from a newer version', JSON.stringify({ version: 9 })],
  ])(
    '(%s) is set aside and reported, the defaults are used, and the stores are untouched',
    async (_case, text) => {
      const server = await serve();
      const dataDir = fresh('bad');
      const first = await open(dataDir, testVault());
      const id = (await first.saveProfile(profile(server))).profiles[0]?.id ?? '';
      await first.activate(id);
      await until(inSync(first.core, server), 'the profile in step');
      const seq = first.core.ingest.committedSeq;
      await first.close();
      const storeFile = join(dataDir, 'stores', `${id}.sqlite`);
      writeFileSync(join(dataDir, 'settings.json'), text);

      const second = await open(dataDir, testVault());
      const view = second.view();
      expect(view.problem).toEqual([
        expect.objectContaining({
          code: expect.stringMatching(/^settingsFile\.(notJson|invalid|newer)Kept$/) as unknown,
          text: expect.stringMatching(
            /settings file could not be used .*kept as settings\.json\.unreadable-/,
          ) as unknown,
        }),
      ]);
      // The diagnostics name it by its code.
      expect(
        await workstationDiagnostics({
          host: 'desktop',
          appVersion: 't',
          core: second.core,
          workstation: second,
          log: null,
        }),
      ).toMatch(
        /Settings: \[settingsFile\.(notJson|invalid|newer)Kept\] The settings file could not be used/,
      );
      expect(view).toMatchObject({ activeProfileId: DEMO_PROFILE_ID, profiles: [] });
      const kept = readdirSync(dataDir).filter((f) => f.startsWith('settings.json.unreadable-'));
      expect(kept).toHaveLength(1);
      expect(readFileSync(join(dataDir, kept[0] ?? ''), 'utf8')).toBe(text);
      await second.close();
      const { store } = SqliteStore.open(storeFile);
      expect(store.liveLog.position().lastSeq).toBe(seq);
      store.close();
    },
  );
});

describe.skipIf(!OPENSSL)('certificates in a profile (made by /usr/bin/openssl)', () => {
  const file = (name: string): string => join(certs, name);

  it('connects over mutual TLS with the client key kept in the secret store, not read from its file again', async () => {
    const server = await SimulatorServer.start({
      port: 0,
      token: TOKEN,
      scenario: defaultScenarioConfig({ units: 10, startAt: Date.UTC(2026, 9, 5, 6) }),
      speed: 0,
      logPath: ':memory:',
      heartbeatMs: 250,
      tls: { certFile: file('server.pem'), keyFile: file('server.key'), clientCaFile: file('ca.pem') },
    });
    servers.push(server);
    server.advanceBy(300_000);
    const dataDir = fresh('mtls');
    const workstation = await open(dataDir, testVault());
    const key = readFileSync(file('client.key'), 'utf8');
    const copy = join(dataDir, 'client-copy.key');
    writeFileSync(copy, key);
    const view = await workstation.saveProfile(
      profile(server, { caFile: file('ca.pem'), clientCertFile: file('client.pem'), clientKeyFile: copy }),
    );
    expect(view.profiles[0]).toMatchObject({ hasClientKey: true });
    expect(view.profiles[0]?.clientKeyFile).toBeUndefined();
    // The user may delete the key file now: the app holds it encrypted.
    rmSync(copy);
    await workstation.activate(view.profiles[0]?.id ?? '');
    await until(inSync(workstation.core, server), 'in step over mutual TLS');
    const keyBody = key.split('\n')[1] ?? '';
    for (const f of ['settings.json', 'secrets.json'])
      expect(readFileSync(join(dataDir, f), 'utf8')).not.toContain(keyBody);
  });

  it('refuses certificate files that cannot work, with the reason, before keeping anything', async () => {
    const server = await serve({ tls: true });
    const workstation = await open(fresh('certs'), testVault());
    const cases: [Partial<ProfileInput>, RegExp][] = [
      [{ caFile: file('not-a-cert.pem') }, /holds no PEM certificate/],
      [
        { clientCertFile: file('expired-client.pem'), clientKeyFile: file('expired-client.key') },
        /expired on \d{4}-\d\d-\d\d/,
      ],
      [
        { clientCertFile: file('client.pem'), clientKeyFile: file('other-client.key') },
        /does not belong to the client certificate/,
      ],
      [{ clientCertFile: file('client.pem') }, /needs its key/],
      [{ clientKeyFile: file('client.key') }, /needs its client certificate/],
      [{ clientCertFile: file('client.pem'), clientKeyFile: file('client.pem') }, /holds no private key/],
    ];
    for (const [change, message] of cases)
      await expect(workstation.saveProfile(profile(server, change)), JSON.stringify(change)).rejects.toThrow(
        message,
      );
    expect(workstation.view().profiles).toEqual([]);
    // And the right CA makes the trial connection work over TLS.
    expect(await workstation.testConnection(profile(server, { caFile: file('ca.pem') }))).toMatchObject({
      ok: true,
    });
    expect((await workstation.testConnection(profile(server))).message.text).toMatch(
      /not from a trusted certificate authority/,
    );
  });
});
