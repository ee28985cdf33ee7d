import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PRIVATE_FILE_MODE } from '../privateFiles';

let partialCount = 0;

/**
 * Streams an export to `path` and resolves with the bytes written. pipeline() waits for the file
 * stream to drain before pulling the next chunk, so a 26-million-point track export never sits in
 * memory. The data goes to a sibling ".partial" file renamed into place at the end: a failed or
 * cancelled export leaves no half file behind and does not destroy an earlier export at `path`.
 * Strings are written as UTF-8 (a lone surrogate becomes U+FFFD).
 */
export async function writeChunks(
  chunks: Iterable<string> | AsyncIterable<string>,
  path: string,
): Promise<number> {
  const partial = `${path}.${process.pid}.${++partialCount}.partial`;
  // 'wx' creates the file, so the mode (owner only: an export is the operation's record) is its mode from the start.
  const file = createWriteStream(partial, { flags: 'wx', mode: PRIVATE_FILE_MODE });
  try {
    await pipeline(Readable.from(chunks), file);
    await rename(partial, path);
    return file.bytesWritten;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
