/**
 * `npm run host` (and `npm start` where the Electron runtime is missing): the browser host on
 * 127.0.0.1, on the built-in demo operation unless an operations server is given.
 *
 *   npm run host -- [--port 4700] [--operator NAME] [--demo-speed X] [--data-dir DIR]
 *   npm run host -- --offline --store FILE      # no link: replay and review what the store holds
 *   npm run host -- --server https://ops.example:4400 --token-file ~/.watchfloor-token --ca ca.pem [--client-cert c.pem --client-key c.key]
 *   WATCHFLOOR_TOKEN=... npm run host -- --server URL        # or: ... | npm run host -- --server URL --token-stdin
 *
 * The access token never goes on the command line (every local user can read it with ps):
 * `--token` is refused (electron/browserHostArgs.ts).
 */
import { join } from 'node:path';
import { findRepoRoot } from '../simulator/findRepoRoot';
import { startBrowserHost } from './browserHost';
import {
  BrowserHostArgsError,
  parseBrowserHostArgs,
  readFirstLine,
  readHiddenLine,
  readToken,
  type BrowserHostArgs,
} from './browserHostArgs';
import { coreMessage, messageOf, type CoreMessage } from '../shared/coreMessage';
import { coreMessageText } from './core/i18n/coreTranslations';
import { environmentLanguage } from './core/i18n/environmentLanguage';

/** The terminal's language (LC_ALL, LC_MESSAGES, LANG): what the host says here is said in it. */
const language = environmentLanguage(process.env);
const say = (message: CoreMessage): string => coreMessageText(message, language);

function fail(reason: CoreMessage, code = 1): never {
  console.error(say(coreMessage('cli.couldNotStart', { reason: say(reason) })));
  process.exit(code);
}

let args: BrowserHostArgs;
let token: string | null = null;
try {
  // WATCHFLOOR_TOKEN leaves process.env here, before anything else runs.
  args = parseBrowserHostArgs(process.argv.slice(2), process.env);
  if (args.server)
    token = await readToken(args.server.token, {
      // Typed at a terminal, the token is not echoed; piped in, its first line is read.
      readStdinLine: () =>
        process.stdin.isTTY
          ? readHiddenLine(
              process.stdin,
              process.stderr,
              say(coreMessage('cli.tokenPrompt', { url: args.server?.url ?? '' })),
            )
          : readFirstLine(process.stdin),
    });
} catch (error) {
  if (!(error instanceof BrowserHostArgsError)) throw error;
  fail(error.coreMessage, 2);
}

const root = findRepoRoot(import.meta.url);
const { server } = args;

startBrowserHost({
  port: args.port,
  rendererDir: join(root, 'out', 'renderer'),
  geoDir: join(root, 'resources', 'geo'),
  dataDir: args.dataDir ?? join(root, '.data'),
  operator: args.operator,
  demoSpeed: args.demoSpeed,
  ...(args.offline && args.store ? { offline: true, storePath: args.store } : {}),
  ...(server && token
    ? {
        feed: {
          url: server.url,
          token,
          tls: {
            ...(server.ca ? { caFile: server.ca } : {}),
            ...(server.clientCert ? { certFile: server.clientCert } : {}),
            ...(server.clientKey ? { keyFile: server.clientKey } : {}),
          },
        },
      }
    : {}),
  log: (line) => console.log(`[watchfloor] ${line}`),
}).then(
  (host) => {
    const on = host.demo ? 'demo' : args.offline ? 'offline' : 'server';
    console.log(say(coreMessage(`cli.running.${on}`, { url: host.url })));
    const stop = (): void => void host.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  // A store held by another program, or damaged: the core's message, else the system's own words.
  (error: unknown) => fail(messageOf(error)),
);
