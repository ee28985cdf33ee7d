/**
 * The flood bench's reference server (tests/bench/floodChildren.ts): `node --import tsx
 * floodServerChild.ts <dir> <units> <reportIntervalMs>` starts a live SimulatorServer of `units`
 * units ten minutes into the operation, and says `ready` with its url and last seq. On
 * `{type: 'flood', rate, ms}` it injects `rate` position reports a second for `ms`, answering
 * `flood-started` at once and sending `flood-ended` (with when, and how many were sent) at the
 * end; `{type: 'lastSeq'}` is answered with the server's last seq.
 */
import type { EventDraft } from '../../simulator/scenario';
import { CHILD_TOKEN, stopOnRequest, tell, type ChildMessage } from './floodChildren';
import { startLiveServer } from './liveServer';

const [dir, unitsArg, intervalArg] = process.argv.slice(2);
if (!dir) throw new Error('floodServerChild: no data dir');
const units = Number(unitsArg ?? 5000);
const reportIntervalMs = Number(intervalArg ?? 10_000);

const server = await startLiveServer({ dir, token: CHILD_TOKEN, units, reportIntervalMs });

let flood: NodeJS.Timeout | undefined;
stopOnRequest(async () => {
  clearInterval(flood);
  await server.stop();
});

/** `rate` position reports a second for `ms`, round-robin over the units that move. */
function startFlood(rate: number, ms: number): void {
  const moving = Object.values(server.state.units).filter((u) => u.position && u.kind !== 'fixed_post');
  let sent = 0;
  const floodStart = Date.now();
  // Where the server's own time went: in inject (log, scenario, broadcast) and between ticks.
  let injectMs = 0;
  let ticks = 0;
  let lastTick = floodStart;
  let longestGapMs = 0;
  // Paced by the clock: each tick sends what the rate owes by now (at most a second's worth).
  flood = setInterval(() => {
    const tickAt = Date.now();
    ticks++;
    longestGapMs = Math.max(longestGapMs, tickAt - lastTick);
    lastTick = tickAt;
    const elapsed = tickAt - floodStart;
    const owed = Math.min(rate, Math.floor((Math.min(elapsed, ms) / 1000) * rate) - sent);
    if (owed > 0) {
      const now = server.operationTime;
      const drafts: EventDraft[] = [];
      for (let i = 0; i < owed; i++) {
        const k = sent + i;
        const unit = moving[k % moving.length]!;
        const p = unit.position!;
        drafts.push({
          ts: now,
          type: 'unit.position',
          payload: {
            unitId: unit.unitId,
            lon: p.lon + ((k % 200) - 100) * 1e-5,
            lat: p.lat + ((k % 150) - 75) * 1e-5,
            heading: k % 360,
            speed: 12,
            accuracy: 5,
            at: now,
          },
        });
      }
      const t = performance.now();
      server.inject(drafts);
      injectMs += performance.now() - t;
      sent += owed;
    }
    if (elapsed >= ms) {
      clearInterval(flood);
      const at = Date.now();
      tell({
        type: 'flood-ended',
        at,
        sent,
        floodMs: at - floodStart,
        lastSeq: server.lastSeq,
        injectMs,
        ticks,
        longestGapMs,
      });
    }
  }, 100);
}

process.on('message', (raw) => {
  const message = raw as ChildMessage;
  if (message.type === 'lastSeq') tell({ type: 'lastSeq', id: message.id, lastSeq: server.lastSeq });
  else if (message.type === 'flood') {
    startFlood(Number(message['rate']), Number(message['ms']));
    tell({ type: 'flood-started', id: message.id, at: Date.now() });
  }
});

tell({ type: 'ready', url: server.url, lastSeq: server.lastSeq });
