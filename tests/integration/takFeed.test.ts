import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { TakClient, type TakConnection } from '../../electron/core/tak/TakClient';
import type { TakLinkState, TakTrack } from '../../shared/tak';
import { makeCertificate, OPENSSL } from './certificates';
import { cotEvent, FakeTakServer } from './fakeTakServer';
import { until } from './until';

/**
 * The TAK feed against a fake TAK server of our own over TLS (certificates made with openssl at
 * test time, as for the operations server's mutual TLS): it keeps the good events of a stream
 * that is fragmented, concatenated, oversized and malformed, never writes to the server, and
 * refuses a server certificate of another CA and a server that refuses it for lack of a client
 * certificate.
 */

let dir: string;
const servers: FakeTakServer[] = [];
const clients: TakClient[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-tak-'));
  if (!OPENSSL) return;
  makeCertificate(dir, 'ca', { ca: null, cn: 'TAK test CA' });
  makeCertificate(dir, 'other-ca', { ca: null, cn: 'Some other CA' });
  makeCertificate(dir, 'server', { ca: 'ca', san: 'DNS:localhost,IP:127.0.0.1' });
  makeCertificate(dir, 'stranger', { ca: 'other-ca', san: 'DNS:localhost,IP:127.0.0.1' });
  makeCertificate(dir, 'client', { ca: 'ca', cn: 'JOC workstation 3' });
}, 60_000);

afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const s of servers.splice(0)) await s.stop();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Seen {
  tracks: TakTrack[];
  refused: { reason: string; detail: string }[];
  links: { state: TakLinkState; error: string | null }[];
}

async function connect(
  server: FakeTakServer,
  connection: Partial<TakConnection> = {},
): Promise<{ client: TakClient; seen: Seen }> {
  const seen: Seen = { tracks: [], refused: [], links: [] };
  const client = new TakClient(
    {
      host: 'localhost',
      port: server.port,
      caFile: join(dir, 'ca.pem'),
      certFile: join(dir, 'client.pem'),
      keyFile: join(dir, 'client.key'),
      ...connection,
    },
    {
      onTrack: (t) => seen.tracks.push(t),
      onRefused: (reason, detail) => seen.refused.push({ reason, detail }),
      onLink: (state, error) => seen.links.push({ state, error }),
    },
    systemClock,
    { backoff: { initialMs: 50, maxMs: 200, factor: 2, jitter: 0 }, limits: { maxEventChars: 4_096 } },
  );
  clients.push(client);
  await client.start();
  return { client, seen };
}

describe.skipIf(!OPENSSL)('TAK feed over TLS', () => {
  it('keeps the good events of a fragmented, concatenated, oversized and malformed stream', async () => {
    const server = await FakeTakServer.start(dir, 'server', 'ca');
    servers.push(server);
    const { seen } = await connect(server);
    await server.connected();
    await until(() => seen.links.some((l) => l.state === 'connected'), 'the TAK link');

    const alpha = cotEvent({
      uid: 'ANDROID-alpha',
      callsign: 'ALPHA &lt;1&gt; &amp; &quot;co&quot;',
      lat: 45.25,
      lon: 19.85,
    });
    const bravo = cotEvent({ uid: 'ANDROID-bravo', callsign: 'Браво', lat: 45.3, lon: 19.9, type: 'a-h-G' });
    const charlie = cotEvent({ uid: 'ANDROID-charlie', callsign: 'CHARLIE', lat: 45.1, lon: 20 });
    const delta = cotEvent({ uid: 'ANDROID-delta', callsign: 'DELTA', lat: 44.9, lon: 20.1 });
    const huge = cotEvent({ uid: 'HUGE', callsign: 'X', lat: 1, lon: 1, remarks: 'x'.repeat(10_000) });
    const stale = cotEvent({
      uid: 'OLD',
      callsign: 'OLD',
      lat: 1,
      lon: 1,
      time: Date.now() - 600_000,
      staleMs: 60_000,
    });
    const offGlobe = cotEvent({ uid: 'OFF', callsign: 'OFF', lat: 95, lon: 1 });
    const bravoBytes = Buffer.from(bravo);
    // Alpha cut inside a tag; bravo cut inside a two-byte Cyrillic letter; then a broken event, an
    // oversized one, junk, a stale one, one off the globe, a ping, and two good ones in one write.
    const cyrillic = bravoBytes.indexOf(Buffer.from('Браво')) + 1;
    await server.send(
      alpha.slice(0, 57),
      alpha.slice(57, 200),
      alpha.slice(200),
      bravoBytes.subarray(0, cyrillic),
      bravoBytes.subarray(cyrillic),
      '<event version="2.0" uid="BROKEN" type="a-f-G" time="x"><point lat="1" lon="2"></event>',
      huge,
      'garbage between events\n',
      stale + offGlobe,
      '<event version="2.0" uid="ping" type="t-x-c-t" how="h-g-i-g-o" time="2026-01-01T00:00:00Z" start="2026-01-01T00:00:00Z" stale="2099-01-01T00:00:00Z"><point lat="0" lon="0" hae="0" ce="9999999" le="9999999"/><detail/></event>',
      charlie + delta,
    );
    await until(() => seen.tracks.some((t) => t.uid === 'ANDROID-delta'), 'the last good event');
    expect(seen.tracks.map((t) => t.uid)).toEqual([
      'ANDROID-alpha',
      'ANDROID-bravo',
      'ANDROID-charlie',
      'ANDROID-delta',
    ]);
    const [a, b] = seen.tracks;
    expect(a!.callsign).toBe('ALPHA <1> & "co"');
    expect(a!.lat).toBe(45.25);
    expect(b!.callsign).toBe('Браво');
    expect(b!.type).toBe('a-h-G');
    const reasons = seen.refused.map((r) => r.reason).sort();
    expect(reasons).toEqual(['control', 'invalid', 'junk', 'not_xml', 'oversized', 'stale']);
    // Read only: not one byte went to the server.
    expect(server.received).toBe(0);
  });

  it('reconnects with backoff after the server drops the link', async () => {
    const server = await FakeTakServer.start(dir, 'server', 'ca');
    servers.push(server);
    const { seen } = await connect(server);
    await server.connected();
    server.dropClients();
    await until(() => seen.links.filter((l) => l.state === 'connected').length >= 2, 'a reconnection');
    expect(seen.links.some((l) => l.state === 'offline')).toBe(true);
    await server.send(cotEvent({ uid: 'AFTER', callsign: 'AFTER', lat: 45, lon: 19 }));
    await until(() => seen.tracks.some((t) => t.uid === 'AFTER'), 'the event after reconnecting');
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const server = await FakeTakServer.start(dir, 'stranger', 'ca');
    servers.push(server);
    const { seen } = await connect(server);
    await until(() => seen.links.some((l) => l.state === 'offline'), 'the link to go down');
    const offline = seen.links.find((l) => l.state === 'offline')!;
    expect(offline.error).toMatch(/certificate/i);
    expect(seen.links.some((l) => l.state === 'connected')).toBe(false);
  });

  it('gets no events from a server that demands a client certificate it was not given', async () => {
    const server = await FakeTakServer.start(dir, 'server', 'ca');
    servers.push(server);
    const { seen } = await connect(server, { certFile: undefined, keyFile: undefined });
    await until(
      () => seen.links.some((l) => l.state === 'offline') && server.refused > 0,
      'the server to refuse the client',
    );
    expect(server.sockets).toHaveLength(0);
    await server.send(cotEvent({ uid: 'NOPE', callsign: 'NOPE', lat: 45, lon: 19 }));
    expect(seen.tracks).toEqual([]);
  });
});
