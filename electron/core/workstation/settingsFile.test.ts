import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, MAX_LAYOUT_LAYERS, type SettingsFile } from '../../../shared/settings';
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

  it('drops only the layout of a file whose layout names too many layers, and says so', () => {
    const path = join(dir, 'settings.json');
    const layers = Object.fromEntries(
      Array.from({ length: MAX_LAYOUT_LAYERS + 1 }, (_, i) => [`l${i}`, true]),
    );
    writeFileSync(path, JSON.stringify({ ...saved(), layout: { panel: 'units', layers } }));
    const loaded = loadSettings(path);
    expect(loaded.problem).toMatch(/remembered layout .*at most 32 map layers.*default layout is in use/);
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
