import { incidentStatusRank } from '../../../shared/domain';
import { ui } from '../store/uiStore';
import { LAYER_IDS } from '../store/types';

/** One user action: the palette, the menus and the keyboard shortcuts all come from this list. */
export interface Command {
  id: string;
  label: string;
  /** A key as KeyboardEvent.key, with "Mod+" for Ctrl (Cmd on macOS). */
  shortcut?: string;
  run(): void;
}

/** Focuses an element by its data-testid, for the "focus" commands. */
function focus(testId: string): void {
  const element = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  element?.focus();
  if (element instanceof HTMLInputElement) element.select();
}

/** The next incident a watch officer should acknowledge: most urgent first, then oldest. */
export function nextToAcknowledge(): string | null {
  const incidents = Object.values(ui.snapshot.state.incidents).filter(
    (i) => i.acknowledgedAt === null && incidentStatusRank(i.status) < incidentStatusRank('resolved'),
  );
  incidents.sort((a, b) => a.priority - b.priority || a.reportedAt - b.reportedAt);
  return incidents[0]?.incidentId ?? null;
}

/** Every command of the app. */
export function buildCommands(onPalette: () => void): Command[] {
  const layerCommands = LAYER_IDS.map((id, i): Command => ({
    id: `layer.toggle.${id}`,
    label: `Toggle layer: ${id}`,
    shortcut: String(i + 1),
    run: () => ui.toggleLayer(id),
  }));
  return [
    { id: 'palette.open', label: 'Command palette', shortcut: 'Mod+k', run: onPalette },
    {
      id: 'incident.acknowledgeNext',
      label: 'Acknowledge the next incident (most urgent, oldest)',
      shortcut: 'a',
      run: () => {
        const id = nextToAcknowledge();
        if (!id) return;
        const incident = ui.snapshot.state.incidents[id];
        ui.select({ kind: 'incident', id });
        if (incident) ui.flyTo(incident.lon, incident.lat, 11);
        void ui.acknowledge(id);
      },
    },
    {
      id: 'feed.focus',
      label: 'Focus the incident feed search',
      shortcut: 'f',
      run: () => focus('filter-text'),
    },
    {
      id: 'roster.search',
      label: 'Search units by callsign',
      shortcut: '/',
      run: () => {
        ui.set({ panel: 'units' });
        setTimeout(() => focus('roster-search'), 0);
      },
    },
    {
      id: 'panel.units',
      label: 'Show the unit roster',
      shortcut: 'u',
      run: () => ui.set({ panel: 'units' }),
    },
    {
      id: 'panel.sectors',
      label: 'Show the sector board',
      shortcut: 's',
      run: () => ui.set({ panel: 'sectors' }),
    },
    {
      id: 'panel.results',
      label: 'Show the operational results',
      shortcut: 'r',
      run: () => ui.set({ panel: 'results' }),
    },
    {
      id: 'alerts.mute',
      label: 'Mute or unmute alert sounds',
      shortcut: 'm',
      run: () => ui.set((s) => ({ muted: !s.muted })),
    },
    {
      id: 'bookmark.now',
      label: 'Bookmark this moment',
      shortcut: 'b',
      run: () => {
        const at = ui.snapshot.status?.lastEventAt ?? Date.now();
        void ui.addBookmark(`Bookmark ${new Date(at).toISOString().slice(11, 16)} UTC`, at);
      },
    },
    {
      id: 'selection.clear',
      label: 'Close the detail drawer',
      shortcut: 'Escape',
      run: () => ui.select(null),
    },
    ...layerCommands,
  ];
}

/** True when a key event matches a shortcut such as "a" or "Mod+k". */
export function matchesShortcut(event: KeyboardEvent, shortcut: string): boolean {
  const mod = shortcut.startsWith('Mod+');
  const key = mod ? shortcut.slice(4) : shortcut;
  if (mod !== (event.ctrlKey || event.metaKey)) return false;
  if (!mod && (event.altKey || event.ctrlKey || event.metaKey)) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}
