import { join } from 'node:path';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';

/**
 * A live reference server of `units` units reporting every `reportIntervalMs`, ten minutes into the
 * operation, its log in `dir`: what the live benches (latency, flood, heap) run against.
 */
export async function startLiveServer(options: {
  dir: string;
  token: string;
  units: number;
  reportIntervalMs: number;
}): Promise<SimulatorServer> {
  const { dir, token, units, reportIntervalMs } = options;
  const start = Date.now() - 10 * 60_000;
  const server = await SimulatorServer.start({
    port: 0,
    token,
    scenario: defaultScenarioConfig({ units, reportIntervalMs, incidentsPerHour: 0, startAt: start }),
    speed: 0,
    logPath: join(dir, 'server.sqlite'),
    // A fresh client gets a snapshot rather than the ten minutes of position reports.
    retainEvents: 100_000,
  });
  server.advanceBy(Date.now() - start);
  server.setSpeed(1);
  return server;
}
