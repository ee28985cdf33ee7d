import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, MAX_LAYOUT_LAYERS, type SettingsFile } from '../../../shared/settings';
import { coreMessageText } from '../i18n/coreTranslations';
import { loadSettings } from './settingsFile';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSettings', () => {
  const saved = (): SettingsFile => ({
    ...defaultSettings(),
    profiles: [{ id: 'north', name: 'North sector', serverUrl: 'https://ops.example.internal:4400' }],
    activeProfileId: 'north',
    firstRunDone: true,
    preferences: { ...defaultSettings().preferences, operator: 'Night watch' },
  });

  it('keeps a layout within the bounds', () => {
    const path = join(dir, 'settings.json');
    const layout = { panel: 'sectors' as const, layers: { units: false, trails: true } };
    writeFileSync(path, JSON.stringify({ ...saved(), layout }));
    expect(loadSettings(path)).toMatchObject({ problem: null, settings: { layout } });
  });

  it("reports a damaged file with its code, kept aside, in the officer's language", () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"version": 1, "profiles": [');
    const loaded = loadSettings(path, () => Date.UTC(2026, 6, 14, 9, 30));
    const kept = 'settings.json.unreadable-2026-07-14T09-30-00-000Z';
    expect(loaded.keptAside).toBe(true);
    expect(readdirSync(dir)).toEqual([kept]);
    expect(loaded.problem).toEqual({
      code: 'settingsFile.notJsonKept',
      params: { kept },
      text: `The settings file could not be used (it is not valid JSON); it was kept as ${kept}, and the default settings are in use. The operation stores are untouched: connection profiles have to be set up again.`,
    });
    // The diagnostics and the page read it in Serbian Cyrillic, the file's name as it is.
    expect(coreMessageText(loaded.problem!, 'sr-Cyrl')).toBe(
      `Датотека подешавања није могла да се користи (није исправан JSON); сачувана је као ${kept}, а користе се подразумевана подешавања. Складишта операција су нетакнута: профиле везе треба поново подесити.`,
    );
  });

  it('drops only the layout of a file whose layout names too many layers, and says so', () => {
    const path = join(dir, 'settings.json');
    const layers = Object.fromEntries(
      Array.from({ length: MAX_LAYOUT_LAYERS + 1 }, (_, i) => [`l${i}`, true]),
    );
    writeFileSync(path, JSON.stringify({ ...saved(), layout: { panel: 'units', layers } }));
    const loaded = loadSettings(path);
    expect(loaded.problem).toMatchObject({
      code: 'settingsFile.layoutUnusable',
      text: expect.stringMatching(
        /remembered layout .*at most 32 map layers.*default layout is in use/,
      ) as unknown,
    });
    expect(loaded.keptAside).toBe(false);
    expect(loaded.settings.layout).toBeUndefined();
    // Everything else is as it was, and the file is where it was.
    expect(loaded.settings).toEqual(saved());
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('still sets aside a file that is wrong elsewhere as well', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(
      path,
      JSON.stringify({ ...saved(), activeProfileId: 'NOT AN ID', layout: { panel: 'nowhere' } }),
    );
    const loaded = loadSettings(path, () => Date.UTC(2026, 0, 1));
    expect(loaded.keptAside).toBe(true);
    expect(loaded.settings).toEqual(defaultSettings());
  });
});
