/** About 64 KiB of text: large enough that a write per chunk costs little, small enough to stream. */
export const CHUNK_CHARS = 65_536;

/**
 * Joins the many small strings a writer produces (one per point) into chunks of about `size`
 * characters, so that the file stream sees a few thousand writes for a large export, not millions.
 */
export function* batched(parts: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let buffer = '';
  for (const part of parts) {
    buffer += part;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
