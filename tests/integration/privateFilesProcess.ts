/**
 * The browser host in a process of its own with umask 000, for privateFiles.test.ts: it runs the
 * workstation on the demo operation in the data folder at argv[2], writes every kind of file the
 * app writes (store and WAL, log, settings, secrets, the demo's files, exports streamed and whole,
 * an archive and a copy of an opened archive), prints "READY" and, when its standard input ends,
 * closes and prints "CLOSED". With umask 000 every file the code does not guard comes out readable
 * by all (0644 from SQLite, 0666 from Node), every folder 0777.
 */
import { chmodSync, copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { startBrowserHost } from '../../electron/browserHost';
import { SecretStore } from '../../electron/core/workstation/SecretStore';
import { until } from './until';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: privateFilesProcess DATA_DIR');
process.umask(0);

const ROOT = process.cwd();
const host = await startBrowserHost({
  port: 0,
  rendererDir: join(ROOT, 'out', 'renderer'),
  geoDir: join(ROOT, 'resources', 'geo'),
  dataDir,
  operator: 'Officer Umask',
  demoSpeed: 60,
  demoScenario: { units: 8 },
});
await until(() => host.core.status.lastSeq > 0, 'the demo history in the store', 60_000);

const page = io(`http://127.0.0.1:${host.port}`, {
  path: '/host',
  auth: { token: host.token },
  transports: ['websocket'],
  reconnection: false,
});
type Outcome = { ok: boolean; value?: { path: string }; error?: string };
const invoke = async (channel: string, arg: unknown): Promise<Outcome> => {
  const outcome = (await page.timeout(60_000).emitWithAck('invoke', channel, arg)) as Outcome;
  if (!outcome.ok) throw new Error(`${channel} ${JSON.stringify(arg)}: ${outcome.error}`);
  return outcome;
};
// settings.json (the first-run answer is saved).
await invoke('settings:finishFirstRun', {});
// A whole file, a streamed one, the report and an archive of the live store; then an archive
// brought from elsewhere, readable by all, opened and exported again (copied as a file, which
// keeps the source's mode unless the code says otherwise). Their modes are reported as written:
// two exports in the same second share a name.
const written: Record<string, string> = {};
const exported = async (kind: string): Promise<string> => {
  const path = (await invoke('export:write', { kind })).value!.path;
  written[`${kind}#${Object.keys(written).length}`] = (statSync(path).mode & 0o777).toString(8);
  return path;
};
for (const kind of ['incidents.csv', 'tracks.gpx', 'report.html']) await exported(kind);
const brought = join(dataDir, '..', 'brought.sqlite');
copyFileSync(await exported('archive.sqlite'), brought);
chmodSync(brought, 0o644);
await invoke('replay:openArchive', { path: brought });
await exported('archive.sqlite');
page.close();

// The desktop app's secrets file (the browser host keeps tokens in memory only).
const secrets = new SecretStore(join(dataDir, 'secrets.json'), {
  info: { kind: 'os', backend: 'test' },
  encrypt: (plain) => Promise.resolve(Buffer.from(plain).reverse()),
  decrypt: (cipher) => Promise.resolve({ plain: Buffer.from(cipher).reverse().toString(), stale: false }),
});
await secrets.set('profile-1:token', 'not-for-other-users');

process.stdout.write(`EXPORTS ${JSON.stringify(written)}\nREADY\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void host.close().then(() => {
    process.stdout.write('CLOSED\n');
    process.exit(0);
  });
});
