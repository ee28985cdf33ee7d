/** Values walked after the text is full, to measure the size; past it the size is a lower bound. */
const MEASURE_NODES = 2_000_000;

/**
 * The JSON text of anything that arrived, for the quarantine: at most `maxChars` characters, with
 * the full size in UTF-8 bytes. Iterative, so a hostile depth cannot overflow the stack (where
 * `JSON.stringify` throws and leaves only "[object Object]"), and it never builds more text than
 * it keeps. What JSON cannot carry is written as it is (`NaN`, `undefined`, `12n`), since it is
 * often the very reason the value was refused; a value met twice is written `"[repeated]"`.
 */
export function boundedJson(value: unknown, maxChars: number): { text: string; bytes: number } {
  let text = '';
  let bytes = 0;
  let full = false;
  let nodes = 0;
  const emit = (piece: string) => {
    bytes += Buffer.byteLength(piece);
    if (full) return;
    if (text.length + piece.length >= maxChars) {
      text += piece.slice(0, maxChars - text.length);
      full = true;
    } else {
      text += piece;
    }
  };
  const seen = new Set<object>();
  // A piece of punctuation, a value still to write, or a property read only when its turn comes
  // (so a property that throws keeps everything before it).
  type Task = { piece: string } | { value: unknown } | { of: object; key: string };
  const stack: Task[] = [{ value }];
  try {
    while (stack.length > 0) {
      const task = stack.pop()!;
      if ('piece' in task) {
        emit(task.piece);
        continue;
      }
      if (full && ++nodes > MEASURE_NODES) break;
      emit1('value' in task ? task.value : (task.of as Record<string, unknown>)[task.key]);
    }
  } catch {
    // A value that throws when read (a proxy, a getter): keep what was written before it.
  }
  return { text, bytes };

  function emit1(v: unknown): void {
    if (typeof v === 'string') return emit(JSON.stringify(v));
    if (typeof v === 'bigint') return emit(`${v}n`);
    if (typeof v === 'function') return emit('"[function]"');
    if (typeof v !== 'object' || v === null) return emit(String(v));
    if (seen.has(v)) return emit('"[repeated]"');
    seen.add(v);
    if (Array.isArray(v)) {
      emit('[');
      stack.push({ piece: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i] as unknown });
        if (i > 0) stack.push({ piece: ',' });
      }
      return;
    }
    emit('{');
    stack.push({ piece: '}' });
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ of: v, key });
      stack.push({ piece: `${JSON.stringify(key)}:` });
      if (i > 0) stack.push({ piece: ',' });
    }
  }
}
