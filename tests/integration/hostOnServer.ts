import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startBrowserHost, type BrowserHost } from '../../electron/browserHost';
import { defaultScenarioConfig, type ScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer, type SimulatorOptions } from '../../simulator/server';

/**
 * The browser host on the reference server, as a page meets it: the server on loopback with its
 * clock stopped after ten minutes of the scenario (the test moves it), the host on a real store in
 * a fresh folder, and sockets that talk to the host as the page does.
 */
export interface HostOnServer {
  readonly dir: string;
  readonly server: SimulatorServer;
  readonly host: BrowserHost;
  /** A new connection to the host, as a page opens it (no reconnection). */
  pageSocket(): Socket;
  close(): Promise<void>;
}

export async function startHostOnServer(options: {
  /** Names the temporary folder and the token. */
  name: string;
  scenario?: Partial<ScenarioConfig>;
  /** The server's faults (malformed messages, ...). */
  faults?: SimulatorOptions['faults'];
}): Promise<HostOnServer> {
  const dir = mkdtempSync(join(tmpdir(), `watchfloor-${options.name}-`));
  const token = `${options.name}-test`;
  const server = await SimulatorServer.start({
    port: 0,
    token,
    scenario: defaultScenarioConfig({ units: 40, startAt: Date.UTC(2026, 9, 5, 6), ...options.scenario }),
    speed: 0,
    logPath: join(dir, 'server.sqlite'),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  server.advanceBy(10 * 60_000);
  const host = await startBrowserHost({
    port: 0,
    rendererDir: join(process.cwd(), 'out', 'renderer'),
    geoDir: join(process.cwd(), 'resources', 'geo'),
    dataDir: dir,
    storePath: join(dir, 'store.sqlite'),
    operator: 'Officer Test',
    feed: { url: server.url, token },
  }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return {
    dir,
    server,
    host,
    pageSocket: () =>
      io(`http://127.0.0.1:${host.port}`, {
        path: '/host',
        auth: { token: host.token },
        transports: ['websocket'],
        reconnection: false,
      }),
    async close() {
      await host.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
