import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml, xmlProblems, xmlVisible } from './exportChecks';
import { displayText } from '../../../shared/displayText';
import { xmlText } from './xmlText';

describe('xmlText', () => {
  it('turns bidi controls into U+FFFD, so a name cannot read as other text', () => {
    expect(xmlText('AB\u202Edcba \u2066x\u2069 \u200F')).toBe('AB\uFFFDdcba \uFFFDx\uFFFD \uFFFD');
  });

  it('escapes the five markup characters and CR', () => {
    expect(xmlText(`a&b<c>d"e'f\rg`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g');
    expect(xmlText('&amp;')).toBe('&amp;amp;');
    expect(xmlText(']]>')).toBe(']]&gt;');
  });

  it('keeps tab, LF, ordinary text, Cyrillic, emoji and the replacement character', () => {
    const text = 'Граница\tΩ\n😀 \uFFFD \uD800\uDC00 \uDBFF\uDFFF ok';
    expect(xmlText(text)).toBe(text);
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['backspace', '\u0008'],
    ['vertical tab', '\u000B'],
    ['form feed', '\u000C'],
    ['unit separator', '\u001F'],
    ['DEL', '\u007F'],
    ['C1 NEL', '\u0085'],
    ['C1 APC', '\u009F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['lone high surrogate', '\uD800'],
    ['lone low surrogate', '\uDC00'],
  ])('drops %s', (_name, ch) => {
    expect(xmlText(`a${ch}b`)).toBe('ab');
    expect(xmlText(ch)).toBe('');
  });

  it('drops lone surrogates at either end and in reversed pairs, but keeps real pairs', () => {
    expect(xmlText('\uDC00x\uD800')).toBe('x');
    expect(xmlText('\uDC00\uD800')).toBe('');
    expect(xmlText('\uD83D\uD83D\uDE00')).toBe('😀');
    expect(xmlText('\uD83D\uDE00\uDE00')).toBe('😀');
  });

  it('for any string gives well-formed XML that reads back as the string minus what is dropped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const xml = `<a b="${xmlText(text)}">${xmlText(text)}</a>`;
        expect(xmlProblems(xml)).toEqual([]);
        const parsed = parseXml(xml, []) as { a: { '#text'?: string; '@b': string } };
        // Bidi controls come back as U+FFFD (displayText), the rest as XML can carry it.
        expect(parsed.a['#text'] ?? '').toBe(xmlVisible(displayText(text)));
        expect(parsed.a['@b']).toBe(xmlVisible(displayText(text)));
      }),
      // The bidi controls always, not only when the random strings happen to hold one.
      { numRuns: 2000, examples: [['\u202a'], ['a\u2066b\u2069']] },
    );
  });
});
