/**
 * The core in a process of its own, for the crash tests: it ingests from the server at argv[2] into
 * the store at argv[3] and prints every seq it has committed and shown ("SHOWN <seq>"), so the
 * parent knows what must survive a SIGKILL.
 */
import { Core } from '../../electron/core/Core';

const [url, storePath] = process.argv.slice(2);
if (!url || !storePath) throw new Error('usage: coreProcess URL STORE');
const core = Core.open({
  storePath,
  operator: 'crash test',
  feed: { url, token: 'test-token' },
  deltaIntervalMs: 20,
  feedTimings: { backoff: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5 } },
});
core.subscribe((delta) => process.stdout.write(`SHOWN ${delta.seq}\n`));
process.stdout.write(`OPEN ${core.status.lastSeq}\n`);
