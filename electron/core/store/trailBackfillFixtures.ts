/**
 * A process of its own for trailBuckets.test.ts's crash case: opens the store at argv[2] (an
 * upgraded one, its trail table marked to be built) and builds the table a few seqs a step, printing
 * each step's progress ("PROGRESS <percent>"). Once past argv[3] percent it says "HELD" and holds its
 * thread, with a step asked of the worker and not applied, until the test kills it.
 */
import { SqliteStore } from './SqliteStore';

const [path, holdAt] = process.argv.slice(2);
if (!path || !holdAt) throw new Error('usage: trailBackfillFixtures STORE PERCENT');
const { store } = SqliteStore.open(path);
void store.buildTrailsInBackground({
  pageSeqs: 500,
  onProgress: (percent) => {
    process.stdout.write(`PROGRESS ${percent}\n`);
    if (percent >= Number(holdAt) && percent < 100) {
      // Once the next step has been asked of the worker: its answer is never applied.
      setImmediate(() => {
        process.stdout.write('HELD\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      });
    }
  },
});
