import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, preferencesSchema, settingsFileSchema, defaultSettings } from './settings';

describe('the time zone preference', () => {
  it('is UTC for settings written before it existed, so an older settings file still opens', () => {
    const { timeZone: _dropped, ...older } = DEFAULT_PREFERENCES;
    expect(preferencesSchema.parse(older).timeZone).toBe('utc');
    const file = { ...defaultSettings(), preferences: older };
    expect(settingsFileSchema.parse(file).preferences.timeZone).toBe('utc');
  });

  it('keeps local, and refuses a zone it does not know with the field named', () => {
    expect(preferencesSchema.parse({ ...DEFAULT_PREFERENCES, timeZone: 'local' }).timeZone).toBe('local');
    const refused = preferencesSchema.safeParse({ ...DEFAULT_PREFERENCES, timeZone: 'Europe/Belgrade' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['timeZone']);
  });
});
