import { incidentStatusRank } from '../../../shared/domain';
import { EXPORT_KINDS, type ExportKind } from '../../../shared/replay';
import { EXPORT_DESCRIPTIONS, EXPORT_LABELS } from '../replay/exportLabels';
import { writeExport, writeReportPdf } from '../replay/writtenFiles';
import { copyDiagnostics } from '../settings/SettingsDialog';
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

/** Runs a replay action, or says how to start a replay when the picture is live. */
function inReplay(run: () => void): () => void {
  return () => {
    if (ui.snapshot.replay) run();
    else
      ui.set({
        notice: 'Not replaying: press T (or the Replay button under the map) to review the timeline.',
      });
  };
}

/** "incidents.csv" -> "export.incidents.csv": command ids are dotted lower-case words. */
function exportCommandId(kind: ExportKind): string {
  return `export.${kind}`;
}

/** Writes an export and shows the Replay tab, where the file is listed with its link. */
function exportAndShow(write: () => Promise<unknown>): void {
  ui.set({ panel: 'replay' });
  void write();
}

/** Replay, bookmarks, archive and exports: the after-action review's commands. */
export function replayCommands(): Command[] {
  const exports = EXPORT_KINDS.map((kind): Command => ({
    id: exportCommandId(kind),
    label: `Export: ${EXPORT_LABELS[kind]} — ${EXPORT_DESCRIPTIONS[kind]}`,
    run: () => exportAndShow(() => writeExport(kind)),
  }));
  return [
    {
      id: 'replay.toggle',
      label: 'Switch between live and replay',
      shortcut: 't',
      run: () => void ui.toggleReplay(),
    },
    {
      id: 'replay.playPause',
      label: 'Replay: play or pause',
      shortcut: 'p',
      run: inReplay(() => ui.togglePlay()),
    },
    {
      id: 'replay.nextIncident',
      label: 'Replay: next incident',
      shortcut: ']',
      run: inReplay(() => void ui.step(1, 'incident')),
    },
    {
      id: 'replay.prevIncident',
      label: 'Replay: previous incident',
      shortcut: '[',
      run: inReplay(() => void ui.step(-1, 'incident')),
    },
    {
      id: 'replay.nextBookmark',
      label: 'Replay: next bookmark',
      shortcut: '}',
      run: inReplay(() => void ui.step(1, 'bookmark')),
    },
    {
      id: 'replay.prevBookmark',
      label: 'Replay: previous bookmark',
      shortcut: '{',
      run: inReplay(() => void ui.step(-1, 'bookmark')),
    },
    {
      id: 'replay.jump',
      label: 'Replay: jump to a date and time',
      shortcut: 'j',
      run: inReplay(() => setTimeout(() => focus('replay-jump'), 0)),
    },
    {
      id: 'panel.replay',
      label: 'Show the replay panel (event log, bookmarks, exports)',
      shortcut: 'l',
      run: () => ui.set({ panel: 'replay' }),
    },
    {
      id: 'archive.open',
      label: 'Open an operation archive (read only)…',
      run: () => {
        if (window.watchfloor?.host === 'electron') {
          void ui.openArchive();
          return;
        }
        // The browser host has no file dialog: the path is typed in the Replay tab.
        ui.set({ panel: 'replay' });
        setTimeout(() => {
          const field = document.querySelector<HTMLInputElement>('[data-testid="archive-path"]');
          field?.closest('details')?.setAttribute('open', '');
          focus('archive-path');
        }, 0);
      },
    },
    {
      id: 'export.report.pdf',
      label: 'Export: Report (PDF)',
      run: () => exportAndShow(() => writeReportPdf()),
    },
    ...exports,
  ];
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
      id: 'settings.open',
      label: 'Settings: connections and preferences',
      shortcut: 'Mod+,',
      run: () => ui.set({ settingsOpen: 'connections' }),
    },
    {
      id: 'settings.diagnostics',
      label: 'Copy diagnostics (for a support ticket; no token or key)',
      run: () => void copyDiagnostics(),
    },
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
      id: 'panel.readmission',
      label: 'Show the readmission board (open cases, deadlines)',
      shortcut: 'e',
      run: () => ui.set({ panel: 'readmission' }),
    },
    {
      id: 'alerts.mute',
      label: 'Mute or unmute alert sounds',
      shortcut: 'm',
      run: () => ui.set((s) => ({ muted: !s.muted })),
    },
    {
      id: 'bookmark.now',
      label: 'Bookmark this moment (the replayed one in replay)',
      shortcut: 'b',
      run: () => {
        const replay = ui.snapshot.replay;
        const at = replay ? replay.at : (ui.snapshot.status?.lastEventAt ?? Date.now());
        const label = `Bookmark ${new Date(at).toISOString().slice(11, 16)} UTC`;
        // In replay the bookmark marks the moment shown, kept on this workstation (shared from the
        // Replay tab); live, it goes to the operation as before.
        if (replay) void ui.bookmarkHere(label);
        else void ui.addBookmark(label, at);
      },
    },
    {
      id: 'selection.clear',
      label: 'Close the detail drawer',
      shortcut: 'Escape',
      run: () => ui.select(null),
    },
    ...layerCommands,
    ...replayCommands(),
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
