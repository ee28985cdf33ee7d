/** A whole export as one string: for small exports and tests; large ones go through writeChunks. */
export function collectChunks(chunks: Iterable<string>): string {
  const parts: string[] = [];
  for (const chunk of chunks) parts.push(chunk);
  return parts.join('');
}
