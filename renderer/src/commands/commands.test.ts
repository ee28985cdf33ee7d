import { afterEach, describe, expect, it, vi } from 'vitest';
import { invokeArgSchemas } from '../../../shared/ipc';
import { LANGUAGES } from '../../../shared/settings';
import { applyLanguage } from '../i18n/i18n';
import { ui } from '../store/uiStore';
import type { ReplayUi } from '../store/types';
import { mapTools, toggleTool } from '../map/mapTools';
import { makeIncident } from '../panels/testFixtures';
import { buildCommands, matchesShortcut } from './commands';
import { answer, currentQuestion } from './ConfirmPrompt';

function key(k: string, mods: Partial<KeyboardEvent> = {}): KeyboardEvent {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods } as KeyboardEvent;
}

const replaying = {
  source: { kind: 'live', label: 'JO', path: null, operationId: 'OP', readOnly: false },
  timeline: null,
  at: Date.UTC(2026, 10, 29, 14, 5),
  shownAt: Date.UTC(2026, 10, 29, 14, 5),
  seq: 10,
  playing: false,
  speed: 60,
  trailWindowMs: 900_000,
  log: [],
  lastSeek: null,
  densityBy: 'priority',
} satisfies ReplayUi;

afterEach(() => {
  vi.restoreAllMocks();
  ui.set({ replay: null, notice: null });
});

describe('the command list', () => {
  const commands = buildCommands(() => {});
  it('is one the desktop menu accepts: ids, labels and at most 100 commands', () => {
    const menu = invokeArgSchemas['ui:setMenu'].safeParse({
      commands: commands.map(({ id, label, shortcut }) => ({ id, label, ...(shortcut ? { shortcut } : {}) })),
    });
    expect(menu.success).toBe(true);
  });
  it('is named in the language in use, and the menu accepts it in every language', () => {
    const byId = new Map(commands.map((c) => [c.id, c]));
    try {
      for (const language of LANGUAGES) {
        applyLanguage(language);
        const menu = invokeArgSchemas['ui:setMenu'].safeParse({
          commands: commands.map(({ id, label }) => ({ id, label })),
        });
        expect(menu.success, language).toBe(true);
      }
      applyLanguage('sr-Latn');
      expect(byId.get('panel.units')?.label).toBe('Prikaži spisak jedinica');
      expect(byId.get('layer.toggle.units')?.label).toBe('Uključi/isključi sloj: jedinice');
    } finally {
      applyLanguage('en');
    }
    expect(byId.get('panel.units')?.label).toBe('Show the unit roster');
    expect(byId.get('layer.toggle.units')?.label).toBe('Toggle layer: units');
  });
  it('gives every shortcut to one command only', () => {
    const shortcuts = commands.flatMap((c) => (c.shortcut ? [c.shortcut.toLowerCase()] : []));
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
  });
  it('has the replay commands, with their keys', () => {
    const byId = new Map(commands.map((c) => [c.id, c]));
    expect(byId.get('replay.toggle')?.shortcut).toBe('t');
    expect(byId.get('replay.playPause')?.shortcut).toBe('p');
    expect(byId.get('replay.nextIncident')?.shortcut).toBe(']');
    expect(byId.get('replay.prevIncident')?.shortcut).toBe('[');
    for (const id of ['archive.open', 'export.report.html', 'export.report.pdf', 'export.incidents.csv'])
      expect(byId.has(id)).toBe(true);
  });
  it('matches bracket keys', () => {
    expect(matchesShortcut(key(']'), ']')).toBe(true);
    expect(matchesShortcut(key('}', { shiftKey: true }), '}')).toBe(true);
    expect(matchesShortcut(key(']', { ctrlKey: true }), ']')).toBe(false);
  });
});

describe('bookmark and replay commands', () => {
  const run = (id: string): void => {
    const command = buildCommands(() => {}).find((c) => c.id === id);
    if (!command) throw new Error(id);
    command.run();
  };
  it('bookmarks the replayed moment in replay, the live edge otherwise', () => {
    const here = vi.spyOn(ui, 'bookmarkHere').mockResolvedValue(true);
    const live = vi.spyOn(ui, 'issue').mockResolvedValue(true);
    ui.set({ replay: replaying });
    run('bookmark.now');
    expect(here).toHaveBeenCalledWith('Bookmark 14:05 UTC');
    expect(live).not.toHaveBeenCalled();
    ui.set({ replay: null });
    run('bookmark.now');
    // Live, the bookmark goes to the whole operation: asked first, sent only when confirmed.
    expect(live).not.toHaveBeenCalled();
    expect(currentQuestion()?.text).toMatch(/whole operation/);
    answer(true);
    expect(live).toHaveBeenCalledTimes(1);
    expect(currentQuestion()).toBeNull();
  });
  it('asks before `a` acknowledges, and Esc (no) sends nothing', () => {
    const acknowledge = vi.spyOn(ui, 'issue').mockResolvedValue(true);
    vi.spyOn(ui, 'flyTo').mockImplementation(() => {});
    ui.set((s) => ({
      state: {
        ...s.state,
        incidents: { 'INC-A': makeIncident('INC-A', { priority: 1, title: 'Boat on the Drina' }) },
      },
    }));
    run('incident.acknowledgeNext');
    expect(acknowledge).not.toHaveBeenCalled();
    expect(ui.snapshot.selection).toEqual({ kind: 'incident', id: 'INC-A' });
    expect(currentQuestion()?.text).toBe('Acknowledge P1 “Boat on the Drina” for the whole operation?');
    answer(false);
    expect(acknowledge).not.toHaveBeenCalled();
    run('incident.acknowledgeNext');
    answer(true);
    expect(acknowledge).toHaveBeenCalledWith('incident.acknowledge', { incidentId: 'INC-A' });
  });
  it('steps and plays only in replay, and says how to start one otherwise', () => {
    const step = vi.spyOn(ui, 'step').mockResolvedValue();
    run('replay.nextIncident');
    expect(step).not.toHaveBeenCalled();
    expect(ui.snapshot.notice).toMatch(/press T/);
    ui.set({ replay: replaying });
    run('replay.nextIncident');
    run('replay.prevIncident');
    expect(step.mock.calls).toEqual([
      [1, 'incident'],
      [-1, 'incident'],
    ]);
  });
  it('toggles replay with one action', () => {
    const toggle = vi.spyOn(ui, 'toggleReplay').mockResolvedValue();
    run('replay.toggle');
    expect(toggle).toHaveBeenCalledTimes(1);
  });
});

describe('Esc', () => {
  it('ends the map tool in hand before it clears the selection', () => {
    const escape = buildCommands(() => {}).find((c) => c.shortcut === 'Escape');
    ui.select({ kind: 'incident', id: 'INC-1' });
    mapTools.update((s) => toggleTool(s, 'measure'));
    escape?.run();
    expect(mapTools.snapshot.tool).toBe('none');
    expect(ui.snapshot.selection).toEqual({ kind: 'incident', id: 'INC-1' });
    escape?.run();
    expect(ui.snapshot.selection).toBeNull();
  });
});
