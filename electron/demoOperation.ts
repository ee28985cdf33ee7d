import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultScenarioConfig, type ScenarioConfig } from '../simulator/scenario';
import { SimulatorServer } from '../simulator/server';

/**
 * The built-in demo operation: the reference server on loopback, started fresh in this process
 * with an hour of history, then running in real time (or faster). Both hosts reach it through the
 * real feed client, exactly as they would reach an operations server.
 */
export async function startDemoOperation(
  dataDir: string,
  speed = 1,
  scenario: Partial<ScenarioConfig> = {},
): Promise<{ server: SimulatorServer; url: string; token: string }> {
  const demoDir = join(dataDir, 'demo');
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(demoDir, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const server = await SimulatorServer.start({
    port: 0,
    token,
    scenario: defaultScenarioConfig({
      startAt: Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000,
      ...scenario,
    }),
    speed: 0,
    logPath: join(demoDir, 'server.sqlite'),
  });
  // An hour of history first, so the picture has incidents in every state from the start.
  server.advanceBy(Date.now() - server.operationTime);
  server.setSpeed(speed);
  return { server, url: server.url, token };
}
