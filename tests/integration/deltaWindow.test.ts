import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../electron/browserHost';
import type { PictureDelta } from '../../shared/pictureDelta';
import type { OperationState } from '../../shared/state';
import type { SimulatorServer } from '../../simulator/server';
import { startHostOnServer, type HostOnServer } from './hostOnServer';
import { until } from './until';

const ROOT = process.cwd();
const START = Date.UTC(2026, 9, 5, 6);
let running: HostOnServer;
let server: SimulatorServer;
let host: BrowserHost;

beforeAll(async () => {
  running = await startHostOnServer({ name: 'deltas', scenario: { startAt: START, incidentsPerHour: 0 } });
  ({ server, host } = running);
}, 120_000);

afterAll(() => running?.close());

const pageSocket = (): Socket => running.pageSocket();

function incident(n: number, title: string, on: SimulatorServer = server) {
  const sector = Object.values(on.state.sectors)[0]!;
  const [lon, lat] = sector.line[0]!;
  return {
    ts: on.operationTime,
    type: 'incident.reported' as const,
    payload: {
      incidentId: `INC-WINDOW-${n}`,
      category: 'migrant_smuggling' as const,
      priority: 2 as const,
      title,
      lon,
      lat,
      sectorId: sector.sectorId,
      reportedAt: on.operationTime,
    },
  };
}

/**
 * The delta sent after the page's answer holds incidents 1–4, each incident in it as stored, and
 * each unit as the core last published it (the moves between dropped).
 */
function expectNewestOfEverything(
  merged: PictureDelta,
  stored: OperationState,
  newest: Record<string, unknown>,
): void {
  const incidents = merged.changed.incidents;
  expect(Object.keys(incidents)).toEqual(expect.arrayContaining([1, 2, 3, 4].map((i) => `INC-WINDOW-${i}`)));
  for (const [id, changed] of Object.entries(incidents)) expect(changed).toEqual(stored.incidents[id]);
  expect(Object.keys(merged.changed.units).length).toBeGreaterThan(0);
  for (const [id, unit] of Object.entries(merged.changed.units)) expect(unit).toEqual(newest[id]);
}

describe.skipIf(!existsSync(join(ROOT, 'resources', 'geo')))(
  'picture deltas through the browser host',
  () => {
    it('holds deltas back for a page that has not answered, then sends one with the newest of everything', async () => {
      await until(() => host.core.status.lastSeq === server.lastSeq && server.lastSeq > 0, 'the catch-up');
      const socket = pageSocket();
      const held: { delta: PictureDelta; ack: () => void }[] = [];
      socket.on('state:delta', (delta: PictureDelta, ack: () => void) => held.push({ delta, ack }));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // What the core publishes meanwhile, to know when it has published everything below.
      let published = 0;
      let publishedSeq = 0;
      const newest: Record<string, unknown> = {};
      const off = host.core.subscribe((delta) => {
        published++;
        publishedSeq = delta.seq;
        for (const [id, unit] of Object.entries(delta.changed.units)) newest[id] = unit;
      });
      try {
        server.inject([incident(0, 'First')]);
        await until(() => held.length === 1, 'the first delta');
        // While the page sits on it: more incidents, and units moving.
        const before = published;
        for (let i = 1; i <= 4; i++) {
          server.inject([incident(i, `Incident ${i}`)]);
          server.advanceBy(5_000);
          await until(() => publishedSeq >= server.lastSeq, 'the core to publish them');
        }
        expect(published - before).toBeGreaterThan(2);
        // Nothing more reached the page than the delta it has not answered.
        expect(held).toHaveLength(1);
        held[0]!.ack();
        await until(() => held.length === 2, 'the delta after the answer');
        const merged = held[1]!.delta;
        // One delta: the newest seq, every incident in its newest version, the units where they are now.
        expect(merged.seq).toBe(host.core.status.lastSeq);
        expectNewestOfEverything(merged, host.core.state, newest);
        held[1]!.ack();
      } finally {
        off();
        socket.close();
      }
    });

    it('merges across a dropped link and malformed messages: the delta after the answer holds the stored picture', async () => {
      const faults = await startHostOnServer({
        name: 'deltas-faults',
        scenario: { units: 30, startAt: START, incidentsPerHour: 0 },
        faults: { malformedRate: 0.9, seed: 7 },
      });
      const { server: faulty, host: faultHost } = faults;
      const socket = faults.pageSocket();
      let off = (): void => undefined;
      try {
        const held: { delta: PictureDelta; ack: () => void }[] = [];
        socket.on('state:delta', (delta: PictureDelta, ack: () => void) => held.push({ delta, ack }));
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        await until(() => faultHost.core.status.lastSeq === faulty.lastSeq, 'the first catch-up');
        // The seq of the newest delta the core published (a batch quarantined whole publishes none).
        let publishedSeq = 0;
        let lastPublished = false;
        const newest: Record<string, unknown> = {};
        off = faultHost.core.subscribe((delta) => {
          publishedSeq = delta.seq;
          for (const [id, unit] of Object.entries(delta.changed.units)) newest[id] = unit;
          if (delta.changed.incidents['INC-WINDOW-4']) lastPublished = true;
        });
        faulty.inject([incident(0, 'Before the drop', faulty)]);
        await until(() => held.length === 1, 'the first delta');
        // While the page sits on it: incidents and moves, a dropped link, malformed batches.
        for (let i = 1; i <= 3; i++) {
          faulty.inject([incident(i, `Incident ${i}`, faulty)]);
          faulty.advanceBy(30_000);
          await until(() => faultHost.core.status.lastSeq === faulty.lastSeq, 'the step to arrive');
        }
        faulty.dropConnections();
        faulty.inject([incident(4, 'After the drop', faulty)]);
        faulty.advanceBy(30_000);
        await until(() => faultHost.core.status.lastSeq === faulty.lastSeq, 'the catch-up after the drop');
        await until(() => lastPublished, 'the core to publish the incident after the drop');
        expect(faulty.faultStats.malformed).toBeGreaterThan(0);
        expect(faultHost.core.status.quarantineCount).toBeGreaterThan(0);
        expect(held).toHaveLength(1);
        held[0]!.ack();
        await until(() => held.length === 2, 'the delta after the answer');
        const merged = held[1]!.delta;
        expect(merged.seq).toBe(publishedSeq);
        expectNewestOfEverything(merged, faultHost.core.state, newest);
        held[1]!.ack();
      } finally {
        off();
        socket.close();
        await faults.close();
      }
    }, 120_000);
  },
);
