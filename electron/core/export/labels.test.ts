import { describe, expect, it } from 'vitest';
import { getEmptyState } from '../../../shared/state';
import { exportDescription, exportMetaOf, exportTitle, isoTime, itemPrefix, modeLabel } from './labels';
import type { ExportMeta } from './types';

const meta: ExportMeta = {
  operationId: 'JO-1',
  operationName: 'Border Shield',
  mode: 'exercise',
  exportedAt: Date.UTC(2026, 9, 8, 12),
  from: Date.UTC(2026, 9, 5, 6),
  to: null,
};

describe('labels', () => {
  it('writes times as UTC ISO 8601 with milliseconds', () => {
    expect(isoTime(Date.UTC(2026, 9, 5, 6, 7, 8, 9))).toBe('2026-10-05T06:07:08.009Z');
    expect(isoTime(null)).toBeNull();
  });

  it('spells the mode in capitals and keeps a mode it does not know', () => {
    expect(modeLabel('exercise')).toBe('EXERCISE');
    expect(modeLabel('live')).toBe('LIVE');
    expect(modeLabel('drill <x>')).toBe('DRILLX');
    expect(modeLabel('')).toBe('UNKNOWN MODE');
  });

  it('marks every item unless the operation is live', () => {
    expect(itemPrefix(meta)).toBe('[EXERCISE] ');
    expect(itemPrefix({ ...meta, mode: 'live' })).toBe('');
    expect(itemPrefix({ ...meta, mode: 'drill' })).toBe('[DRILL] ');
  });

  it('says the mode, the window and the export time in titles and descriptions', () => {
    expect(exportTitle(meta)).toBe('EXERCISE — Border Shield (JO-1)');
    const text = exportDescription(meta);
    expect(text).toContain('EXERCISE — training data, not a real operation.');
    expect(text).toContain('Window: 2026-10-05T06:00:00.000Z to end.');
    expect(text).toContain('Exported 2026-10-08T12:00:00.000Z');
    expect(exportDescription({ ...meta, mode: 'live' })).toMatch(/^LIVE operation data\./);
    expect(exportDescription({ ...meta, mode: 'drill' })).toMatch(
      /^DRILL — not marked as a live operation\./,
    );
  });

  it('takes the id, name and mode of the meta from the state, and refuses a state without operation', () => {
    expect(() => exportMetaOf(getEmptyState(), 0)).toThrow(/no operation/);
    const state = {
      ...getEmptyState(),
      operation: {
        operationId: 'JO-2',
        name: 'N',
        mode: 'live',
        countries: [],
        agencies: [],
        plannedStartAt: 1,
        plannedEndAt: 2,
        startedAt: 1,
        endedAt: null,
      },
    } as unknown as Parameters<typeof exportMetaOf>[0];
    expect(exportMetaOf(state, 5, 1, 2)).toEqual({
      operationId: 'JO-2',
      operationName: 'N',
      mode: 'live',
      exportedAt: 5,
      from: 1,
      to: 2,
    });
  });
});
