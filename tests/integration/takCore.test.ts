import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/Core';
import { HostContract } from '../../electron/core/hostContract';
import type { Pushes } from '../../shared/ipc';
import { DEFAULT_VIEW_SETTINGS } from '../../shared/ipc';
import type { TakLayerView } from '../../shared/tak';
import { makeCertificate, OPENSSL } from './certificates';
import { cotEvent, FakeTakServer } from './fakeTakServer';
import { until } from './until';

/**
 * The TAK layer through the core and the host contract both hosts use: a fake TAK server over TLS
 * sends a track, the page is pushed it, the store keeps it, and replay asks for the layer at a
 * moment: the track is there while it was current and gone after its stale time.
 */

let dir: string;
let server: FakeTakServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-takcore-'));
  if (!OPENSSL) return;
  makeCertificate(dir, 'ca', { ca: null, cn: 'TAK test CA' });
  makeCertificate(dir, 'server', { ca: 'ca', san: 'DNS:localhost,IP:127.0.0.1' });
  makeCertificate(dir, 'client', { ca: 'ca', cn: 'JOC' });
  server = await FakeTakServer.start(dir, 'server', 'ca');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!OPENSSL)('the TAK layer of the core', () => {
  it('pushes, stores and replays a TAK track until its stale time', async () => {
    const core = Core.open({
      storePath: join(dir, 'store.sqlite'),
      operator: 'A',
      tak: {
        host: 'localhost',
        port: server.port,
        caFile: join(dir, 'ca.pem'),
        certFile: join(dir, 'client.pem'),
        keyFile: join(dir, 'client.key'),
      },
    });
    const contract = new HostContract(core, DEFAULT_VIEW_SETTINGS, {
      replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' },
    });
    const pushed: TakLayerView[] = [];
    const off = contract.subscribe(<K extends keyof Pushes>(channel: K, payload: Pushes[K]) => {
      if (channel === 'tak:changed') pushed.push(payload as TakLayerView);
    });
    try {
      await server.connected();
      await until(() => pushed.some((v) => v.status.link === 'connected'), 'the TAK link in a push');
      const sentAt = Date.now();
      await server.send(
        cotEvent({
          uid: 'ANDROID-9',
          callsign: 'Sava 9',
          lat: 44.8,
          lon: 20.4,
          time: sentAt,
          staleMs: 120_000,
        }),
      );
      await until(() => pushed.some((v) => v.tracks.some((t) => t.uid === 'ANDROID-9')), 'the track pushed');
      const live = await contract.invoke('tak:layer', {});
      expect(live.ok && live.value.tracks.map((t) => t.callsign)).toEqual(['Sava 9']);

      // No operation event yet: the operation clock is the wall clock, so the track is placed at its receipt.
      const receivedAt = (live.ok && live.value.tracks[0]!.receivedAt) || 0;
      const at = async (ms: number) => {
        const outcome = await contract.invoke('tak:layer', { at: ms });
        if (!outcome.ok) throw new Error(outcome.error);
        return outcome.value.tracks.map((t) => t.uid);
      };
      await expect(at(receivedAt - 1_000)).resolves.toEqual([]);
      await expect(at(receivedAt + 60_000)).resolves.toEqual(['ANDROID-9']);
      await expect(at(receivedAt + 121_000)).resolves.toEqual([]);
      // Read only: the client wrote nothing to the server.
      expect(server.received).toBe(0);
    } finally {
      off();
      contract.replay.close();
      core.close();
    }
  });
});
