import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../electron/core/Core';
import { HostContract } from '../../electron/core/hostContract';
import { DEFAULT_VIEW_SETTINGS } from '../../shared/ipc';
import { defaultScenarioConfig, type ScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { until } from './until';

/**
 * One workstation on one operation, as the officers' workflows are tested: the reference server
 * on loopback with its clock stopped (the test moves it), a core with a real store in a fresh
 * folder, and the host contract the page talks to, already in step with the server's log.
 */
export interface TestOperation {
  readonly dir: string;
  readonly server: SimulatorServer;
  readonly core: Core;
  readonly contract: HostContract;
  /** The store holds everything the server has logged. */
  inStep(): boolean;
  close(): Promise<void>;
}

export async function startOperation(options: {
  /** Names the temporary folder. */
  name: string;
  /** The officer at the console, written with every command. */
  operator: string;
  scenario?: Partial<ScenarioConfig>;
}): Promise<TestOperation> {
  const dir = mkdtempSync(join(tmpdir(), `watchfloor-${options.name}-`));
  const token = `${options.name}-token`;
  const server = await SimulatorServer.start({
    port: 0,
    token,
    scenario: defaultScenarioConfig({ units: 10, startAt: Date.UTC(2026, 9, 5, 6), ...options.scenario }),
    speed: 0,
    logPath: ':memory:',
    heartbeatMs: 200,
  });
  server.advanceBy(10 * 60_000);
  const core = Core.open({
    storePath: join(dir, 'store.sqlite'),
    operator: options.operator,
    feed: { url: server.url, token },
  });
  const contract = new HostContract(
    core,
    { ...DEFAULT_VIEW_SETTINGS, operator: options.operator },
    { replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' } },
  );
  const inStep = (): boolean => core.ingest.committedSeq === server.lastSeq;
  await until(() => core.status.link === 'connected' && inStep(), 'the feed');
  return {
    dir,
    server,
    core,
    contract,
    inStep,
    close: async () => {
      contract.close();
      core.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
