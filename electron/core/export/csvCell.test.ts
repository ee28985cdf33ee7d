import { describe, expect, it } from 'vitest';
import { csvCell } from './csvCell';

describe('csvCell', () => {
  it('turns bidi controls into U+FFFD, so a cell cannot read as other text', () => {
    expect(csvCell('AB\u202Edcba')).toBe('AB\uFFFDdcba');
    expect(csvCell('\u2067=1+1')).toBe('\uFFFD=1+1');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=cmd\nsecond line', '-'])('guards %j', (text) => {
    expect(csvCell(text)).toBe(`'${text}`);
  });

  it.each(['', 'plain', ' =1+1', "'=1+1", 'a=b', '1-2', '2026-10-05T06:00:00.000Z', '\nx', 'Граница'])(
    'leaves %j alone',
    (text) => {
      expect(csvCell(text)).toBe(text);
    },
  );
});
