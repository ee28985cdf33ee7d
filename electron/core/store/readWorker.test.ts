import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ReadWorker, workerEntry } from './readWorker';

describe('ReadWorker', () => {
  it('finds the TypeScript entry from source and the bundled one beside the main bundle', () => {
    expect(
      workerEntry(pathToFileURL('/app/electron/core/replay/ReplayService.ts').href, 'exportWorker'),
    ).toBe(join('/app/electron/core/replay', 'exportWorker.ts'));
    expect(workerEntry(pathToFileURL('/app/out/main/index.js').href, 'exportWorker')).toBe(
      join('/app/out/main', 'exportWorker.js'),
    );
  });

  it('runs jobs on another thread, from TypeScript, answers each in turn and reports failures', async () => {
    const entry = join(import.meta.dirname, 'echoWorkerFixtures.ts');
    const worker = new ReadWorker<number, { threadId: number; doubled: number }>(entry);
    try {
      const [a, b] = await Promise.all([worker.request(2), worker.request(5)]);
      expect(a.doubled).toBe(4);
      expect(b.doubled).toBe(10);
      expect(a.threadId).not.toBe(threadId);
      await expect(worker.request(-1)).rejects.toThrow('negative');
      expect((await worker.request(1)).doubled).toBe(2);
    } finally {
      await worker.close();
    }
  });
});
