import { statSync, rmSync, existsSync } from 'node:fs';
import { EventLog } from './eventLog';
import { loadGeography } from './geography';
import { Scenario, type ScenarioConfig } from './scenario';

/** What a dump wrote. */
export interface DumpResult {
  events: number;
  positions: number;
  incidents: number;
  elapsedMs: number;
  bytes: number;
}

/**
 * Writes a whole operation to a simulator log file as fast as the machine allows, for replay
 * tests and benchmarks. The file is the server's own log format, so `--log FILE` serves it again.
 */
export function dumpOperation(
  config: ScenarioConfig,
  path: string,
  onProgress?: (operationTime: number, events: number) => void,
): DumpResult {
  const started = performance.now();
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
  // A dump is regenerated, never recovered, so durability is traded for speed here.
  const log = new EventLog(path, { synchronous: 'OFF' });
  log.setMeta(
    'scenario',
    JSON.stringify({ seed: config.seed, operationId: config.operationId, units: config.units }),
  );
  const scenario = new Scenario(config, loadGeography());
  let events = 0;
  let positions = 0;
  let incidents = 0;
  const count = (drafts: ReturnType<Scenario['advance']>): void => {
    for (const d of drafts) {
      if (d.type === 'unit.position') positions++;
      else if (d.type === 'incident.reported') incidents++;
    }
    events += drafts.length;
  };
  const first = scenario.start();
  count(first);
  log.append(config.operationId, first);
  const end = config.startAt + config.durationMs;
  const step = 10 * 60_000;
  for (let t = config.startAt + step; !scenario.isEnded; t += step) {
    const drafts = scenario.advance(Math.min(t, end));
    count(drafts);
    if (drafts.length > 0) log.append(config.operationId, drafts);
    onProgress?.(scenario.time, events);
  }
  log.close();
  const bytes = statSync(path).size;
  return { events, positions, incidents, elapsedMs: performance.now() - started, bytes };
}
