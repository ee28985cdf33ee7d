import { join } from 'node:path';
import { applyEvents } from '../../../shared/applyEvent';
import type { FeedEvent } from '../../../shared/protocol/events';
import { isKnownEventType } from '../../../shared/protocol/events';
import { getEmptyState, type OperationState } from '../../../shared/state';
import { dumpOperation } from '../../../simulator/dump';
import { EventLog } from '../../../simulator/eventLog';
import { defaultScenarioConfig } from '../../../simulator/scenario';
import { SqliteStore, type StoredEvent } from '../store/SqliteStore';

const MINUTE = 60_000;

/** A late report the generator slipped in: `at` is older than the unit's newest report, `newerAt`. */
export interface LateReport {
  unitId: string;
  at: number;
  newerAt: number;
}

/**
 * A test operation made by the reference server's scenario and stored through the core's commit
 * path in batches of `batch` events, with a late position report (older than the unit's newest, as a
 * unit that lost its link sends its backlog) every `lateEvery` batches. For tests only.
 */
export function storeGeneratedOperation(
  dir: string,
  options: { units: number; hours: number; seed: number; batch?: number; lateEvery?: number },
): { path: string; store: SqliteStore; late: LateReport[] } {
  const dump = join(dir, `op-${options.seed}.sim.sqlite`);
  const config = defaultScenarioConfig({
    seed: options.seed,
    units: options.units,
    durationMs: options.hours * 60 * MINUTE,
    startAt: Date.UTC(2026, 9, 5, 6, 7, 13),
    reportIntervalMs: 30_000,
  });
  dumpOperation(config, dump);
  const path = join(dir, `op-${options.seed}.store.sqlite`);
  const { store } = SqliteStore.open(path);
  store.liveLog.setOperation(config.operationId);
  const log = new EventLog(dump);
  let state: OperationState = getEmptyState();
  let seq = 0;
  let batches = 0;
  const late: LateReport[] = [];
  log.forEachBatch(
    (batch) => {
      const events: StoredEvent[] = batch.map((e) => ({
        ...e,
        seq: ++seq,
        known: isKnownEventType(e.type),
      }));
      batches++;
      const last = events[events.length - 1]!;
      const unit = Object.values(state.units).find((u) => u.position && (u.position.at + batches) % 3 === 0);
      if (options.lateEvery && batches % options.lateEvery === 0 && unit?.position) {
        const at = unit.position.at - 7 * MINUTE;
        late.push({ unitId: unit.unitId, at, newerAt: unit.position.at });
        events.push({
          seq: ++seq,
          id: `late-${seq}`,
          ts: last.ts,
          type: 'unit.position',
          payload: { ...unit.position, unitId: unit.unitId, lon: unit.position.lon + 0.01, at },
          known: true,
        });
      }
      const next = applyEvents(state, events.filter((e) => e.known) as unknown as FeedEvent[]);
      store.liveLog.commitBatch({ events, previous: state, next, receivedAt: last.ts });
      state = next;
    },
    0,
    options.batch ?? 700,
  );
  log.close();
  return { path, store, late };
}
