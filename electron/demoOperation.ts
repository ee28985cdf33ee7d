import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultScenarioConfig, type ScenarioConfig } from '../simulator/scenario';
import { SimulatorServer } from '../simulator/server';
import { ensurePrivateDir, touchPrivateFile } from './core/privateFiles';

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
  ensurePrivateDir(demoDir);
  // SQLite creates a database 0644 less the umask, and its -wal and -shm take the database's mode:
  // the server's log is made owner-only before SQLite opens it (an empty file is an empty database).
  const logPath = join(demoDir, 'server.sqlite');
  touchPrivateFile(logPath);
  const token = randomBytes(16).toString('hex');
  const server = await SimulatorServer.start({
    port: 0,
    token,
    scenario: defaultScenarioConfig({
      startAt: Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000,
      ...scenario,
    }),
    speed: 0,
    logPath,
  });
  // An hour of history first, so the picture has incidents in every state from the start.
  server.advanceBy(Date.now() - server.operationTime);
  server.setSpeed(speed);
  return { server, url: server.url, token };
}
