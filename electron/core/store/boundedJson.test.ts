import { describe, expect, it } from 'vitest';
import { boundedJson } from './boundedJson';

describe('boundedJson', () => {
  it('writes what JSON.stringify writes for plain data, with its size in UTF-8 bytes', () => {
    const value = { a: [1, 'two', null, true, { 'b "c"': 'Kovač' }], d: {} };
    expect(boundedJson(value, 1000)).toEqual({
      text: JSON.stringify(value),
      bytes: Buffer.byteLength(JSON.stringify(value)),
    });
  });

  it('keeps the start of a value nested far deeper than the stack allows, within the limit', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 500_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const { text, bytes } = boundedJson(deep, 100);
    expect(text).toBe('['.repeat(100));
    expect(bytes).toBe(1_000_001);
  });

  it('writes what JSON cannot carry as it is, since that is often why it was refused', () => {
    const cycle: Record<string, unknown> = { n: Number.NaN, u: undefined, big: 12n, f: () => 1 };
    cycle['self'] = cycle;
    expect(boundedJson(cycle, 1000).text).toBe(
      '{"n":NaN,"u":undefined,"big":12n,"f":"[function]","self":"[repeated]"}',
    );
  });

  it('keeps what it wrote before a value that throws when read', () => {
    const hostile = {
      ok: 1,
      get bad(): never {
        throw new Error('no');
      },
    };
    expect(boundedJson(hostile, 1000).text).toBe('{"ok":1,"bad":');
  });
});
