// The Node tests share one process (vitest.config.ts, `isolate: false`), so a reference server or
// a core a test file leaves running would keep generating and ingesting events under every file
// after it, slowing them until they time out. Each file must close what it opened: this set-up
// counts the servers and cores started and not closed, and fails the file that left any (closing
// them, so the files after it run clean).
import { afterAll } from 'vitest';
import { Core } from '../../electron/core/Core';
import { SimulatorServer } from '../../simulator/server';

const open = { servers: new Set<SimulatorServer>(), cores: new Set<Core>() };
const patched = Symbol.for('watchfloor.tests.noLeftovers');
const registry = globalThis as { [patched]?: typeof open };

if (!registry[patched]) {
  registry[patched] = open;
  const start = SimulatorServer.start.bind(SimulatorServer);
  SimulatorServer.start = async (options) => {
    const server = await start(options);
    registry[patched]!.servers.add(server);
    return server;
  };
  // The prototype's own functions, called with the instance they were called on.
  const stop = Object.getOwnPropertyDescriptor(SimulatorServer.prototype, 'stop')!.value as (
    this: SimulatorServer,
  ) => Promise<void>;
  SimulatorServer.prototype.stop = function (this: SimulatorServer) {
    registry[patched]!.servers.delete(this);
    return stop.call(this);
  };
  const openCore = Core.open.bind(Core);
  Core.open = (options) => {
    const core = openCore(options);
    registry[patched]!.cores.add(core);
    return core;
  };
  const close = Object.getOwnPropertyDescriptor(Core.prototype, 'close')!.value as (this: Core) => void;
  Core.prototype.close = function (this: Core) {
    registry[patched]!.cores.delete(this);
    return close.call(this);
  };
}

afterAll(async () => {
  const { servers, cores } = registry[patched]!;
  const left = { servers: servers.size, cores: cores.size };
  for (const core of [...cores]) core.close();
  for (const server of [...servers]) await server.stop();
  if (left.servers + left.cores > 0) {
    throw new Error(
      `this file left ${left.servers} reference server(s) and ${left.cores} core(s) running: close them in its afterEach/afterAll`,
    );
  }
});
