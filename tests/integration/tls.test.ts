import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/Core';
import type { FeedTls } from '../../electron/core/feed/FeedClient';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { makeCertificate, OPENSSL } from './certificates';
import { until } from './until';

/**
 * The feed over TLS against the reference server, with certificates made here at test time: a CA,
 * a good server certificate, one from another CA, an expired one, one for another host name, and
 * a client certificate for mutual TLS. Certificates are always verified; each failure says what
 * is wrong in words an officer (or the administrator they call) can act on.
 */

let dir: string;
const servers: SimulatorServer[] = [];
const cores: Core[] = [];

function certificate(name: string, options: Parameters<typeof makeCertificate>[2]): void {
  makeCertificate(dir, name, options);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-tls-'));
  if (!OPENSSL) return;
  certificate('ca', { ca: null, cn: 'Watchfloor test CA' });
  certificate('other-ca', { ca: null, cn: 'Some other CA' });
  certificate('server', { ca: 'ca', san: 'DNS:localhost,IP:127.0.0.1' });
  certificate('stranger', { ca: 'other-ca', san: 'DNS:localhost,IP:127.0.0.1' });
  // Valid until yesterday.
  certificate('expired', { ca: 'ca', san: 'DNS:localhost,IP:127.0.0.1', days: -1 });
  certificate('elsewhere', { ca: 'ca', san: 'DNS:ops.elsewhere.example' });
  certificate('client', { ca: 'ca', cn: 'JOC workstation 3' });
});

afterEach(async () => {
  for (const core of cores.splice(0)) core.close();
  for (const server of servers.splice(0)) await server.stop();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(cert: string, clientCa?: string): Promise<SimulatorServer> {
  const server = await SimulatorServer.start({
    port: 0,
    token: 'tls-token',
    scenario: defaultScenarioConfig({ units: 10, startAt: Date.UTC(2026, 9, 5, 6) }),
    speed: 0,
    logPath: ':memory:',
    heartbeatMs: 250,
    tls: {
      certFile: join(dir, `${cert}.pem`),
      keyFile: join(dir, `${cert}.key`),
      ...(clientCa ? { clientCaFile: join(dir, `${clientCa}.pem`) } : {}),
    },
  });
  servers.push(server);
  return server;
}

function connect(server: SimulatorServer, tls: FeedTls | undefined, name: string): Core {
  const core = Core.open({
    storePath: join(dir, `${name}.sqlite`),
    operator: 'Officer Dimitrovski',
    feed: { url: server.url, token: 'tls-token', ...(tls ? { tls } : {}) },
    feedTimings: { backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0.5 } },
  });
  cores.push(core);
  return core;
}

/** The connection's TLS settings: the CA file to trust, and a client certificate when asked. */
function trust(ca: string | null, client?: string): FeedTls | undefined {
  if (ca === null) return undefined;
  return {
    caFile: join(dir, `${ca}.pem`),
    ...(client ? { certFile: join(dir, `${client}.pem`), keyFile: join(dir, `${client}.key`) } : {}),
  };
}

describe.skipIf(!OPENSSL)('the feed over TLS (certificates made by /usr/bin/openssl)', () => {
  it('connects to a server whose certificate the configured CA signed, and keeps in step', async () => {
    const server = await serve('server');
    expect(server.url).toMatch(/^https:/);
    const core = connect(server, trust('ca'), 'good');
    server.advanceBy(600_000);
    await until(() => core.ingest.committedSeq === server.lastSeq, 'the log over TLS');
    expect(core.status.link).toBe('connected');
  });

  it.each([
    ['without the CA configured', 'server', null, /not from a trusted certificate authority/],
    ['signed by another CA', 'stranger', 'ca', /not from a trusted certificate authority/],
    ['expired', 'expired', 'ca', /certificate has expired/],
    ['for another host name', 'elsewhere', 'ca', /certificate is for another host name/],
  ] as const)('refuses a server certificate %s, and says so', async (_case, cert, ca, message) => {
    const server = await serve(cert);
    const core = connect(server, trust(ca), cert);
    await until(() => core.status.linkError !== null, 'a link error');
    expect(core.status.linkError?.text).toMatch(message);
    expect(core.status.link).not.toBe('connected');
    expect(core.ingest.committedSeq).toBe(0);
  });

  it('presents its client certificate where the server asks for one (mutual TLS)', async () => {
    const server = await serve('server', 'ca');
    const without = connect(server, trust('ca'), 'no-client-cert');
    await until(() => without.status.linkError !== null, 'a refusal without a client certificate');
    expect(without.ingest.committedSeq).toBe(0);
    expect(without.status.linkError?.text).toMatch(/asks for a client certificate/);
    // A client certificate from another CA is refused by the server, and the message says so.
    certificate('impostor', { ca: 'other-ca', cn: 'Not one of ours' });
    const impostor = connect(server, trust('ca', 'impostor'), 'impostor-cert');
    await until(() => impostor.status.linkError !== null, 'a refusal of a foreign client certificate');
    expect(impostor.status.linkError?.text).toMatch(/refused this workstation's/);
    const core = connect(server, trust('ca', 'client'), 'client-cert');
    await until(() => core.status.link === 'connected', 'the link with a client certificate');
    server.advanceBy(60_000);
    await until(() => core.ingest.committedSeq === server.lastSeq, 'the log over mutual TLS');
  });
});
