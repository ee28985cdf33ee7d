/**
 * The flood bench's reference server (tests/bench/floodChildren.ts): `node --import tsx
 * floodServerChild.ts <dir> <units> <reportIntervalMs>` starts a live SimulatorServer of `units`
 * units ten minutes into the operation, and says `ready` with its url and last seq. On
 * `{type: 'flood', rate, ms}` it injects `rate` position reports a second for `ms`, answering
 * `flood-started` at once and sending `flood-ended` (with when, and how many were sent) at the
 * end; `{type: 'lastSeq'}` is answered with the server's last seq.
 */
import { join } from 'node:path';
import { defaultScenarioConfig, type EventDraft } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { CHILD_TOKEN, stopOnRequest, tell, type ChildMessage } from './floodChildren';

const [dir, unitsArg, intervalArg] = process.argv.slice(2);
if (!dir) throw new Error('floodServerChild: no data dir');
const units = Number(unitsArg ?? 5000);
const reportIntervalMs = Number(intervalArg ?? 10_000);

const start = Date.now() - 10 * 60_000;
const server = await SimulatorServer.start({
  port: 0,
  token: CHILD_TOKEN,
  scenario: defaultScenarioConfig({ units, reportIntervalMs, incidentsPerHour: 0, startAt: start }),
  speed: 0,
  logPath: join(dir, 'server.sqlite'),
  // A fresh client gets a snapshot rather than the ten minutes of position reports.
  retainEvents: 100_000,
});
server.advanceBy(Date.now() - start);
server.setSpeed(1);

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
