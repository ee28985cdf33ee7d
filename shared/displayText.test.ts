import { describe, expect, it } from 'vitest';
import { displayState, displayText, displayValue } from './displayText';
import { getEmptyState } from './state';

const CONTROLS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];

describe('displayText', () => {
  it('replaces every bidi control so nothing after it is reordered', () => {
    expect(displayText('AB\u202Edcba')).toBe('AB\uFFFDdcba');
    for (const c of CONTROLS)
      expect(displayText(`x${c}y${c}`), c.codePointAt(0)!.toString(16)).toBe('x\uFFFDy\uFFFD');
  });

  it('leaves right-to-left letters and ordinary text alone, as the same string', () => {
    const arabic = 'دورية ١';
    expect(displayText(arabic)).toBe(arabic);
    expect(displayText('Кобра-1 <b>')).toBe('Кобра-1 <b>');
  });

  it('cleans nested strings of an entity and keeps untouched values identical', () => {
    const clean = { unitId: 'U1', callsign: 'Kobra', notes: [{ text: 'ok' }], position: { lon: 1 } };
    expect(displayValue(clean)).toBe(clean);
    const dirty = { ...clean, callsign: 'K\u202Eobra', notes: [{ text: 'ok' }, { text: '\u2067x' }] };
    const shown = displayValue(dirty);
    expect(shown).toEqual({
      ...clean,
      callsign: 'K\uFFFDobra',
      notes: [{ text: 'ok' }, { text: '\uFFFDx' }],
    });
    expect(shown.position).toBe(clean.position);
    expect(shown.notes[0]).toBe(dirty.notes[0]);
    expect(dirty.callsign).toBe('K\u202Eobra');
  });

  it('cleans a picture, keeping untouched collections and an entity keyed __proto__ as an entry', () => {
    const empty = getEmptyState();
    expect(displayState(empty)).toBe(empty);
    const units = JSON.parse('{"__proto__": {"unitId": "__proto__", "callsign": "A\\u202Eb"}}') as never;
    const state = { ...empty, units };
    const shown = displayState(state);
    expect(Object.keys(shown.units)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(shown.units)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(shown.units, '__proto__')?.value).toMatchObject({
      callsign: 'A\uFFFDb',
    });
    expect(shown.incidents).toBe(empty.incidents);
  });
});
