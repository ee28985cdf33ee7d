/**
 * `npm run host` (and `npm start` where the Electron runtime is missing): the browser host on
 * 127.0.0.1, on the built-in demo operation unless an operations server is given.
 *
 *   npm run host -- [--port 4700] [--server URL --token T] [--operator NAME] [--demo-speed X]
 *   npm run host -- --offline --store FILE      # no link: replay and review what the store holds
 *   npm run host -- --server https://ops.example:4400 --token T --ca ca.pem [--client-cert c.pem --client-key c.key]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot } from '../simulator/findRepoRoot';
import { startBrowserHost } from './browserHost';
import { StoreLockedError } from './core/store/SqliteStore';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4700' },
    server: { type: 'string' },
    token: { type: 'string' },
    operator: { type: 'string' },
    'demo-speed': { type: 'string', default: '1' },
    offline: { type: 'boolean', default: false },
    ca: { type: 'string' },
    'client-cert': { type: 'string' },
    'client-key': { type: 'string' },
    store: { type: 'string' },
  },
});

const root = findRepoRoot(import.meta.url);
const port = Number(values.port);
const demoSpeed = Number(values['demo-speed']);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, not "${values.port}".`);
if (values.offline && !values.store) throw new Error('--offline needs --store FILE, the store to replay.');
if (Boolean(values['client-cert']) !== Boolean(values['client-key']))
  throw new Error('--client-cert and --client-key go together (the certificate and its key).');
if (values.server && !values.token)
  throw new Error('--server needs --token, the access token of that operations server.');

startBrowserHost({
  port,
  rendererDir: join(root, 'out', 'renderer'),
  geoDir: join(root, 'resources', 'geo'),
  dataDir: join(root, '.data'),
  operator: values.operator,
  demoSpeed: Number.isFinite(demoSpeed) && demoSpeed > 0 ? demoSpeed : 1,
  ...(values.offline && values.store ? { offline: true, storePath: resolve(values.store) } : {}),
  ...(values.server && values.token
    ? {
        feed: {
          url: values.server,
          token: values.token,
          tls: {
            ...(values.ca ? { caFile: resolve(values.ca) } : {}),
            ...(values['client-cert'] ? { certFile: resolve(values['client-cert']) } : {}),
            ...(values['client-key'] ? { keyFile: resolve(values['client-key']) } : {}),
          },
        },
      }
    : {}),
  log: (line) => console.log(`[watchfloor] ${line}`),
}).then(
  (host) => {
    console.log(
      `Watchfloor is running${host.demo ? ' on the built-in demo operation' : values.offline ? ' offline, on the store as it is' : ''}: open ${host.url}`,
    );
    const stop = (): void => void host.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: unknown) => {
    const message =
      error instanceof StoreLockedError || error instanceof Error ? error.message : String(error);
    console.error(`Watchfloor could not start: ${message}`);
    process.exit(1);
  },
);
