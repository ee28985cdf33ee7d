import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../electron/browserHost';
import { withArrayBuffers } from '../../renderer/src/api/browserApi';
import {
  decodeFrame,
  positionFrameProblem,
  type PositionFrame,
  type UnitTable,
} from '../../shared/positionFrame';
import type { SimulatorServer } from '../../simulator/server';
import { startHostOnServer, type HostOnServer } from './hostOnServer';
import { until } from './until';

const ROOT = process.cwd();
const START = Date.UTC(2026, 9, 5, 6);
let running: HostOnServer;
let server: SimulatorServer;
let host: BrowserHost;

beforeAll(async () => {
  running = await startHostOnServer({ name: 'frames', scenario: { startAt: START } });
  ({ server, host } = running);
}, 120_000);

afterAll(() => running?.close());

const pageSocket = (): Socket => running.pageSocket();

describe.skipIf(!existsSync(join(ROOT, 'resources', 'geo')))(
  'position frames through the browser host',
  () => {
    it('sends binary frames whose positions are the core state', async () => {
      await until(() => host.core.status.lastSeq === server.lastSeq && server.lastSeq > 0, 'the catch-up');
      const socket = pageSocket();
      let table: UnitTable | null = null;
      let latest: PositionFrame | null = null;
      const binary: boolean[] = [];
      socket.on('positions:frame', (raw: unknown, ack: () => void) => {
        binary.push(ArrayBuffer.isView((raw as { lonLat: unknown }).lonLat));
        const frame = withArrayBuffers(raw) as PositionFrame;
        expect(positionFrameProblem(frame)).toBeNull();
        if (frame.table) table = frame.table;
        latest = frame;
        ack();
      });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // Units move: frames follow.
      server.advanceBy(60_000);
      await until(() => host.core.status.lastSeq === server.lastSeq, 'the moves to arrive');
      await until(() => latest !== null && latest.seq === server.lastSeq, 'the frame of the newest seq');
      expect(binary.every(Boolean)).toBe(true);
      const decoded = decodeFrame(latest!, table!)!;
      expect(decoded).not.toBeNull();
      const state = host.core.state;
      const positioned = Object.values(state.units).filter((u) => u.position !== null);
      expect(decoded.frame.count).toBe(positioned.length);
      for (let i = 0; i < decoded.frame.count; i++) {
        const unit = state.units[decoded.table.unitIds[i]!]!;
        expect([decoded.lonLat[2 * i], decoded.lonLat[2 * i + 1], decoded.reportedAt[i]]).toEqual([
          unit.position!.lon,
          unit.position!.lat,
          unit.position!.at,
        ]);
        expect(decoded.table.callsigns[i]).toBe(unit.callsign);
      }
      // The invoke channel still answers beside the binary pushes.
      const snapshot = (await socket.timeout(10_000).emitWithAck('invoke', 'core:snapshot', {})) as {
        ok: boolean;
      };
      expect(snapshot.ok).toBe(true);
      socket.close();
    });

    it('holds back frames for a page that does not answer, and sends it the newest when it does', async () => {
      const socket = pageSocket();
      const held: { frame: PositionFrame; ack: () => void }[] = [];
      socket.on('positions:frame', (raw: unknown, ack: () => void) =>
        held.push({ frame: withArrayBuffers(raw) as PositionFrame, ack }),
      );
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      server.advanceBy(10_000);
      await until(() => held.length === 1, 'the first frame');
      // Several frames' worth of moves while the page sits on the first one.
      for (let i = 0; i < 5; i++) {
        server.advanceBy(10_000);
        await until(() => host.core.latestFrame?.seq === server.lastSeq, 'the core to take a frame of them');
      }
      expect(held).toHaveLength(1);
      held[0]!.ack();
      await until(() => held.length === 2, 'the newest frame after the answer');
      expect(held[1]!.frame.seq).toBe(server.lastSeq);
      expect(held[1]!.frame.version).toBeGreaterThan(held[0]!.frame.version + 1);
      socket.close();
    });

    it('keeps the frames equal to the stored picture across a dropped link and malformed messages', async () => {
      const faults = await startHostOnServer({
        name: 'frames-faults',
        scenario: { units: 30, startAt: START },
        faults: { malformedRate: 0.9, seed: 5 },
      });
      const { server: faulty, host: faultHost } = faults;
      const socket = faults.pageSocket();
      try {
        let table: UnitTable | null = null;
        let latest: PositionFrame | null = null;
        socket.on('positions:frame', (raw: unknown, ack: () => void) => {
          const frame = withArrayBuffers(raw) as PositionFrame;
          if (frame.table) table = frame.table;
          latest = frame;
          ack();
        });
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        await until(() => faultHost.core.status.lastSeq === faulty.lastSeq, 'the first catch-up');
        // Moves in small steps, each a pushed batch that may come with a malformed message.
        const steps = async (): Promise<void> => {
          for (let i = 0; i < 10; i++) {
            faulty.advanceBy(30_000);
            await until(() => faultHost.core.status.lastSeq === faulty.lastSeq, 'the step to arrive');
          }
        };
        await steps();
        faulty.dropConnections();
        faulty.advanceBy(60_000);
        await steps();
        await until(() => faultHost.core.status.lastSeq === faulty.lastSeq, 'the catch-up after the drop');
        await until(() => latest !== null && latest.seq === faulty.lastSeq, 'the frame of the newest seq');
        expect(faulty.faultStats.malformed).toBeGreaterThan(0);
        expect(faultHost.core.status.quarantineCount).toBeGreaterThan(0);
        const decoded = decodeFrame(latest!, table!)!;
        const units = faultHost.core.state.units;
        expect(decoded.frame.count).toBe(Object.values(units).filter((u) => u.position !== null).length);
        for (let i = 0; i < decoded.frame.count; i++) {
          const unit = units[decoded.table.unitIds[i]!]!;
          expect([decoded.lonLat[2 * i], decoded.lonLat[2 * i + 1]]).toEqual([
            unit.position!.lon,
            unit.position!.lat,
          ]);
        }
      } finally {
        socket.close();
        await faults.close();
      }
    }, 120_000);
  },
);
