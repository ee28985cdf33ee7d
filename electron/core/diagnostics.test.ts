import { describe, expect, it } from 'vitest';
import { coreMessage } from '../../shared/coreMessage';
import type { CoreStatus } from '../../shared/coreTypes';
import {
  collectDiagnostics,
  DIAGNOSTICS_LOG_LINES,
  serverAddress,
  type DiagnosticsInput,
} from './diagnostics';

const TOKEN = 'wf_live_7Qm2vX9pLr4sTz8nBc3d';
const AT = Date.UTC(2026, 6, 14, 9, 30, 0);

const STATUS: CoreStatus = {
  link: 'offline',
  linkError: coreMessage('link.serverError', {
    detail: `The server refused the access token ${TOKEN}: it has expired`,
  }),
  linkFatal: true,
  serverSilentSince: null,
  operationId: 'OP-DRINA-2026',
  lastSeq: 48213,
  lastEventAt: AT - 95_000,
  lastReceivedAt: AT - 90_000,
  dataAgeMs: 90_000,
  clockOffsetMs: -320,
  outboxDepth: 2,
  quarantineCount: 7,
  readmissionsOverdue: 0,
  storeBytes: 48_500_000,
  storeNotice: null,
  skippedEvents: { total: 0, recent: [] },
};

function input(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  return {
    appVersion: '0.1.0',
    versions: { electron: '45.5.0', chrome: '156.0.7467.3', node: '24.11.0' },
    os: { platform: 'win32', release: '10.0.26100', arch: 'x64' },
    host: 'desktop',
    profile: {
      name: 'JOC Zvornik',
      serverUrl: `wss://ops.joc-zvornik.example:4400/feed?token=${TOKEN}&op=OP-DRINA-2026#live`,
    },
    status: STATUS,
    secretStore: { kind: 'os', backend: 'DPAPI' },
    settingsProblem: null,
    logLines: [
      '2026-07-14T09:28:00.000Z INFO feed: connecting to wss://ops.joc-zvornik.example:4400/feed',
      `2026-07-14T09:28:30.000Z ERROR feed: handshake failed for ${TOKEN} (401)`,
    ],
    knownSecrets: [TOKEN],
    collectedAt: AT,
    ...overrides,
  };
}

describe('collectDiagnostics', () => {
  it('writes the report a watch officer pastes into a ticket', () => {
    expect(collectDiagnostics(input())).toBe(
      [
        'Watchfloor diagnostics',
        'Collected: 2026-07-14T09:30:00.000Z',
        'App version: 0.1.0',
        'Electron: 45.5.0',
        'Chrome: 156.0.7467.3',
        'Node: 24.11.0',
        'OS: win32 10.0.26100 x64',
        'Host: desktop',
        '',
        'Profile: JOC Zvornik',
        'Server: wss://ops.joc-zvornik.example:4400/feed',
        'Secret store: os (DPAPI)',
        'Settings: read without problems',
        '',
        'Link: offline — [link.serverError] The server refused the access token [redacted]: it has expired (retrying cannot help)',
        'Operation: OP-DRINA-2026',
        'Last seq: 48213',
        'Last event (operation time): 2026-07-14T09:28:25.000Z',
        'Last received: 2026-07-14T09:28:30.000Z (90 s ago)',
        'Clock offset (server minus this workstation): -320 ms',
        'Outbox: 2 commands waiting',
        'Quarantine: 7 messages',
        'Store size: 48.5 MB (48500000 bytes)',
        '',
        'Log (last 2 lines):',
        '  2026-07-14T09:28:00.000Z INFO feed: connecting to wss://ops.joc-zvornik.example:4400/feed',
        '  2026-07-14T09:28:30.000Z ERROR feed: handshake failed for [redacted] (401)',
        '',
      ].join('\n'),
    );
  });

  it('never shows the token planted in a log line, the status error and the server URL query', () => {
    const text = collectDiagnostics(input());
    expect(text).not.toContain(TOKEN);
    // Not even a recognisable piece of it.
    expect(text).not.toContain(TOKEN.slice(8, 20));
    expect(text).not.toContain('?');
    expect(text).not.toContain('#live');
  });

  it('redacts secrets the caller did not name, by their shape', () => {
    const text = collectDiagnostics(
      input({
        knownSecrets: [],
        profile: { name: 'JOC', serverUrl: 'https://watch:hunter2-pw@ops.example:4400/?token=abc' },
        status: {
          ...STATUS,
          linkError: coreMessage('link.networkError', {
            detail: 'proxy said: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig',
          }),
        },
        logLines: [
          '2026-07-14T09:28:00.000Z INFO socket: {"auth":{"token":"tok-9f8e7d6c5b"},"clientId":"wf-1"}',
          '2026-07-14T09:28:01.000Z ERROR tls: -----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBkg4LVWM9nuwNSk\\n',
          '2026-07-14T09:28:02.000Z INFO after the key',
        ],
      }),
    );
    for (const secret of [
      'hunter2-pw',
      'abc',
      'eyJhbGciOiJIUzI1NiJ9',
      'tok-9f8e7d6c5b',
      'MHcCAQEEIBkg4LVWM9nuwNSk',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('Server: https://ops.example:4400/\n');
    // The cut-off key block hides its own line only.
    expect(text).toContain('  2026-07-14T09:28:02.000Z INFO after the key\n');
  });

  it('finds a known secret anywhere: a URL path, a profile name, a settings problem, split by JSON escaping', () => {
    const odd = 'p"a\\ss/wörd-2026';
    const text = collectDiagnostics(
      input({
        knownSecrets: [TOKEN, odd],
        profile: { name: `JOC ${TOKEN}`, serverUrl: `https://ops.example/feed/${TOKEN}/` },
        settingsProblem: `secrets.json had ${JSON.stringify({ clientKey: odd })}; kept aside`,
        logLines: [JSON.stringify({ msg: `retry with ${TOKEN}` })],
      }),
    );
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('wörd');
    expect(text).toContain('Server: https://ops.example/feed/[redacted]/');
  });

  it('keeps one field on one line and the newest log lines only', () => {
    const many = Array.from({ length: DIAGNOSTICS_LOG_LINES + 50 }, (_, i) => `line ${i}`);
    const text = collectDiagnostics(
      input({
        status: {
          ...STATUS,
          linkError: coreMessage('link.serverError', { detail: 'first\nSecret store: forged\r\nthird' }),
        },
        logLines: many,
      }),
    );
    expect(text).toContain(
      'Link: offline — [link.serverError] first Secret store: forged third (retrying cannot help)\n',
    );
    expect(text.match(/^Secret store:/gm)).toHaveLength(1);
    expect(text).toContain(`Log (last ${DIAGNOSTICS_LOG_LINES} lines):\n  line 50\n`);
    expect(text).toMatch(/ {2}line 249\n$/);
  });

  it('reports a browser host without Electron, no profile, a closed core and a settings problem', () => {
    const text = collectDiagnostics(
      input({
        versions: { node: '20.20.0' },
        host: 'browser host',
        profile: null,
        status: null,
        secretStore: { kind: 'session', backend: 'no key store in the browser host' },
        settingsProblem: 'settings.json is not valid JSON; kept as settings.json.unreadable-2026-07-14',
        logLines: [],
      }),
    );
    expect(text).not.toContain('Electron');
    expect(text).toContain('Node: 20.20.0\n');
    expect(text).toContain('Host: browser host\n');
    expect(text).toContain('Profile: none chosen\n');
    expect(text).toContain('Core: not open\n');
    expect(text).toContain('Secret store: session (no key store in the browser host)\n');
    expect(text).toContain('Settings: settings.json is not valid JSON');
    expect(text).toContain('Log (last 0 lines):\n');
  });

  it("is written in the officer's language, each message with its code, still redacted", () => {
    const text = collectDiagnostics(
      input({
        language: 'sr-Cyrl',
        status: {
          ...STATUS,
          linkError: coreMessage('link.tokenRefused'),
          quarantineCount: 21,
          storeNotice: coreMessage('store.checking'),
        },
      }),
    );
    expect(text).toMatch(/^Дијагностика апликације Watchfloor\n/);
    expect(text).toContain('Верзија апликације: 0.1.0\n');
    expect(text).toContain('Домаћин: десктоп апликација\n');
    expect(text).toContain(
      'Веза: ван мреже — [link.tokenRefused] Сервер операције је одбио приступни токен. (поновни покушаји не могу помоћи)\n',
    );
    // Plurals by Serbian rules: 2 (few), 21 (one), 2 log lines (few).
    expect(text).toContain('Одлазне команде: 2 команде чекају\n');
    expect(text).toContain('Карантин: 21 порука\n');
    expect(text).toContain(
      'Обавештење о бази: [store.checking] Watchfloor прошли пут није правилно затворен',
    );
    expect(text).toContain('Дневник (последња 2 реда):\n');
    expect(text).toContain('Сервер: wss://ops.joc-zvornik.example:4400/feed\n');
    expect(text).not.toContain(TOKEN);
    // Nothing of the interface's English is left but the product's name and the runtimes'.
    expect(text).not.toMatch(/Link:|Outbox:|Quarantine:|retrying|waiting/);
  });

  it('names an unknown code with its English text, in any language', () => {
    const text = collectDiagnostics(
      input({
        language: 'mk',
        status: { ...STATUS, linkError: { code: 'link.fromANewerCore', text: 'Something new.' } },
      }),
    );
    expect(text).toContain(
      'Врска: без врска — [link.fromANewerCore] Something new. (повторните обиди не можат да помогнат)\n',
    );
  });

  it('shows a fresh status with nothing received yet', () => {
    const fresh: CoreStatus = {
      ...STATUS,
      link: 'connecting',
      linkError: null,
      linkFatal: false,
      operationId: null,
      lastSeq: 0,
      lastEventAt: null,
      lastReceivedAt: null,
      dataAgeMs: null,
      clockOffsetMs: null,
      outboxDepth: 1,
      quarantineCount: 1,
      storeNotice: coreMessage('store.movedAside', { path: '/data/store.sqlite.damaged-1' }),
    };
    const text = collectDiagnostics(input({ status: fresh }));
    expect(text).toContain('Link: connecting\n');
    expect(text).toContain('Operation: none yet\n');
    expect(text).toContain('Last received: never\n');
    expect(text).toContain('Clock offset (server minus this workstation): not measured\n');
    expect(text).toContain('Outbox: 1 command waiting\nQuarantine: 1 message\n');
    expect(text).toContain('Store notice: [store.movedAside] The local store was damaged');
  });
});

describe('collectDiagnostics: store queries', () => {
  it('shows how many store queries ran, how many were slow, and the newest slow ones with their SQL', () => {
    const recent = Array.from({ length: 12 }, (_, i) => ({
      sql: `SELECT seq, ts FROM events WHERE ts <= ? ORDER BY ts DESC LIMIT ${i + 1}`,
      ms: 100 + i,
      rows: i,
      at: AT - (12 - i) * 1000,
    }));
    const text = collectDiagnostics(
      input({ storeQueries: { queries: 91234, slow: 12, thresholdMs: 100, slowestMs: 111, recent } }),
    );
    expect(text).toContain('Store queries: 91234 run, 12 slower than 100 ms (slowest 111.0 ms)\n');
    expect(text).toContain('Slow store queries (last 10, oldest first):\n');
    expect(text).toContain(
      `  ${new Date(AT - 1000).toISOString()} 111.0 ms, 11 rows: SELECT seq, ts FROM events WHERE ts <= ? ORDER BY ts DESC LIMIT 12\n`,
    );
    // The two oldest are left out: the report stays short.
    expect(text).not.toContain('LIMIT 2\n');
    expect(text).toContain('LIMIT 3\n');
  });
});

describe('serverAddress', () => {
  it.each([
    ['https://ops.example:4400/feed?token=x#y', 'https://ops.example:4400/feed'],
    ['wss://user:pw@ops.example/', 'wss://ops.example/'],
    ['  https://ops.example  ', 'https://ops.example/'],
    ['http://127.0.0.1:5173/?token=abc', 'http://127.0.0.1:5173/'],
    ['ops.example?token=abc', '(not a valid address; not shown)'],
    ['', '(not a valid address; not shown)'],
  ])('%s -> %s', (url, shown) => {
    expect(serverAddress(url)).toBe(shown);
  });
});
