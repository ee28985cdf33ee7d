import { isUnacknowledged } from '../../../shared/domainRules';
import { getOwn } from '../../../shared/getOwn';
import { EXPORT_KINDS, type ExportKind } from '../../../shared/replay';
import { exportDescription, exportLabel } from '../replay/exportLabels';
import { writeExport, writeReportPdf } from '../replay/writtenFiles';
import { stepToIncident } from '../replay/stepToIncident';
import { t } from '../i18n/i18n';
import { toggleLegend } from '../panels/legendState';
import { copyDiagnostics } from '../settings/diagnostics';
import { overlayCommands } from '../overlays/overlayCommands';
import { ui } from '../store/uiStore';
import { LAYER_IDS } from '../store/types';
import { annotationDraw, chooseKind } from '../annotations/annotationDraw';
import { toggleAnnotationPanel } from '../annotations/annotationActions';
import { ANNOTATION_KINDS } from '../../../shared/annotation';
import { COORDINATE_FORMATS } from '../../../shared/coordinates';
import { copyPosition, focusIncident, openGoTo, stepMapCursor } from '../map/mapActions';
import { mapTools, toggleTool } from '../map/mapTools';
import { askFirst } from './ConfirmPrompt';

/** One user action: the palette, the menus and the keyboard shortcuts all come from this list. */
export interface Command {
  id: string;
  /**
   * What the command is called, in the language in use: a getter, so the list is built once and
   * read again (palette, menus) when the language changes.
   */
  readonly label: string;
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
  const incidents = Object.values(ui.snapshot.state.incidents).filter(isUnacknowledged);
  incidents.sort((a, b) => a.priority - b.priority || a.reportedAt - b.reportedAt);
  return incidents[0]?.incidentId ?? null;
}

/** Runs a replay action, or says how to start a replay when the picture is live. */
function inReplay(run: () => void): () => void {
  return () => {
    if (ui.snapshot.replay) run();
    else ui.set({ notice: t('commands:replay.notReplaying') });
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
    get label() {
      return t('commands:export.file', { label: exportLabel(kind), description: exportDescription(kind) });
    },
    run: () => exportAndShow(() => writeExport(kind)),
  }));
  return [
    {
      id: 'replay.toggle',
      get label() {
        return t('commands:replay.toggle');
      },
      shortcut: 't',
      run: () => void ui.toggleReplay(),
    },
    {
      id: 'replay.playPause',
      get label() {
        return t('commands:replay.playPause');
      },
      shortcut: 'p',
      run: inReplay(() => ui.togglePlay()),
    },
    {
      id: 'replay.nextIncident',
      get label() {
        return t('commands:replay.nextIncident');
      },
      shortcut: ']',
      run: inReplay(() => void stepToIncident(1)),
    },
    {
      id: 'replay.prevIncident',
      get label() {
        return t('commands:replay.prevIncident');
      },
      shortcut: '[',
      run: inReplay(() => void stepToIncident(-1)),
    },
    {
      id: 'replay.nextBookmark',
      get label() {
        return t('commands:replay.nextBookmark');
      },
      shortcut: '}',
      run: inReplay(() => void ui.step(1, 'bookmark')),
    },
    {
      id: 'replay.prevBookmark',
      get label() {
        return t('commands:replay.prevBookmark');
      },
      shortcut: '{',
      run: inReplay(() => void ui.step(-1, 'bookmark')),
    },
    {
      id: 'replay.jump',
      get label() {
        return t('commands:replay.jump');
      },
      shortcut: 'j',
      run: inReplay(() => setTimeout(() => focus('replay-jump'), 0)),
    },
    {
      id: 'panel.replay',
      get label() {
        return t('commands:panel.replay');
      },
      shortcut: 'l',
      run: () => ui.set({ panel: 'replay' }),
    },
    {
      id: 'archive.open',
      get label() {
        return t('commands:archive.open');
      },
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
      get label() {
        return t('commands:export.reportPdf');
      },
      run: () => exportAndShow(() => writeReportPdf()),
    },
    ...exports,
  ];
}

/** The map's tools: the pointer's position, "go to", measuring and range rings. */
export function mapToolCommands(): Command[] {
  return [
    {
      id: 'map.goTo',
      get label() {
        return t('commands:map.goTo');
      },
      shortcut: 'g',
      run: openGoTo,
    },
    {
      id: 'map.copyPosition',
      get label() {
        return t('commands:map.copyPosition');
      },
      shortcut: 'c',
      run: () => void copyPosition(),
    },
    {
      id: 'map.coordinateFormat',
      get label() {
        return t('commands:map.coordinateFormat');
      },
      run: () => {
        const i = COORDINATE_FORMATS.indexOf(mapTools.snapshot.format);
        mapTools.setFormat(COORDINATE_FORMATS[(i + 1) % COORDINATE_FORMATS.length] ?? 'mgrs');
      },
    },
    {
      id: 'map.measure',
      get label() {
        return t('commands:map.measure');
      },
      shortcut: 'd',
      run: () => mapTools.update((s) => toggleTool(s, 'measure')),
    },
    {
      id: 'map.rangeRings',
      get label() {
        return t('commands:map.rangeRings');
      },
      shortcut: 'o',
      run: () => mapTools.update((s) => toggleTool(s, 'rings')),
    },
    {
      id: 'map.nextObject',
      get label() {
        return t('commands:map.nextObject');
      },
      shortcut: '.',
      run: () => stepMapCursor(1),
    },
    {
      id: 'map.previousObject',
      get label() {
        return t('commands:map.previousObject');
      },
      shortcut: ',',
      run: () => stepMapCursor(-1),
    },
  ];
}

/** Every command of the app. */
export function buildCommands(onPalette: () => void): Command[] {
  const layerCommands = LAYER_IDS.map((id, i): Command => ({
    id: `layer.toggle.${id}`,
    get label() {
      return t('commands:layer.toggle', { layer: t(`app:layer.${id}`) });
    },
    // Digits 1-9: the tenth and later layers are switched from the toolbar and the palette (their
    // switches name no key: App.tsx).
    ...(i < 9 ? { shortcut: String(i + 1) } : {}),
    run: () => ui.toggleLayer(id),
  }));
  return [
    {
      id: 'palette.open',
      get label() {
        return t('commands:palette.open');
      },
      // eslint-disable-next-line i18next/no-literal-string -- a key, not text
      shortcut: 'Mod+k',
      run: onPalette,
    },
    {
      id: 'settings.open',
      get label() {
        return t('commands:settings.open');
      },
      // eslint-disable-next-line i18next/no-literal-string -- a key, not text
      shortcut: 'Mod+,',
      run: () => ui.set({ settingsOpen: 'connections' }),
    },
    {
      id: 'settings.diagnostics',
      get label() {
        return t('commands:settings.diagnostics');
      },
      run: () => void copyDiagnostics(),
    },
    {
      id: 'incident.acknowledgeNext',
      get label() {
        return t('commands:incident.acknowledgeNext');
      },
      shortcut: 'a',
      // Shows the incident first, then asks: an acknowledgement tells every workstation it is in hand.
      run: () => {
        const id = nextToAcknowledge();
        const incident = id === null ? undefined : getOwn(ui.snapshot.state.incidents, id);
        if (!id || !incident) return;
        focusIncident(incident);
        askFirst({
          text: t('commands:confirm.acknowledge', { priority: incident.priority, title: incident.title }),
          confirm: t('commands:confirm.acknowledgeButton'),
          run: () => void ui.issue('incident.acknowledge', { incidentId: id }),
        });
      },
    },
    {
      id: 'feed.focus',
      get label() {
        return t('commands:feed.focus');
      },
      shortcut: 'f',
      run: () => focus('filter-text'),
    },
    {
      id: 'roster.search',
      get label() {
        return t('commands:roster.search');
      },
      shortcut: '/',
      run: () => {
        ui.set({ panel: 'units' });
        setTimeout(() => focus('roster-search'), 0);
      },
    },
    {
      id: 'panel.units',
      get label() {
        return t('commands:panel.units');
      },
      shortcut: 'u',
      run: () => ui.set({ panel: 'units' }),
    },
    {
      id: 'panel.sectors',
      get label() {
        return t('commands:panel.sectors');
      },
      shortcut: 's',
      run: () => ui.set({ panel: 'sectors' }),
    },
    {
      id: 'panel.results',
      get label() {
        return t('commands:panel.results');
      },
      shortcut: 'r',
      run: () => ui.set({ panel: 'results' }),
    },
    {
      id: 'panel.readmission',
      get label() {
        return t('commands:panel.readmission');
      },
      shortcut: 'e',
      run: () => ui.set({ panel: 'readmission' }),
    },
    {
      id: 'alerts.mute',
      get label() {
        return t('commands:alerts.mute');
      },
      shortcut: 'm',
      run: () => ui.set((s) => ({ muted: !s.muted })),
    },
    {
      id: 'bookmark.now',
      get label() {
        return t('commands:bookmark.now');
      },
      shortcut: 'b',
      run: () => {
        const replay = ui.snapshot.replay;
        const at = replay ? replay.at : (ui.snapshot.status?.lastEventAt ?? Date.now());
        const label = t('commands:bookmark.label', { time: new Date(at).toISOString().slice(11, 16) });
        // In replay the bookmark marks the moment shown, kept on this workstation (shared from the
        // Replay tab); live, it goes to the operation as before.
        // Only the shared one is asked about: a replay's bookmark stays on this workstation.
        if (replay) void ui.bookmarkHere(label);
        else
          askFirst({
            text: t('commands:confirm.bookmark', { label }),
            confirm: t('commands:confirm.bookmarkButton'),
            run: () => void ui.issue('bookmark.add', { label, at }),
          });
      },
    },
    {
      id: 'selection.clear',
      get label() {
        return t('commands:selection.clear');
      },
      // eslint-disable-next-line i18next/no-literal-string -- a key, not text
      shortcut: 'Escape',
      // The map's tools first (the measure, then the rings and marks), then the selection.
      run: () => {
        if (!annotationDraw.escape() && !mapTools.escape()) ui.select(null);
      },
    },
    ...mapToolCommands(),
    ...layerCommands,
    {
      id: 'legend.toggle',
      get label() {
        return t('map:legend.toggle');
      },
      run: toggleLegend,
    },
    ...overlayCommands(),
    ...annotationCommands(),
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

/** Shared annotations: the panel (`n`), and drawing each kind. */
export function annotationCommands(): Command[] {
  return [
    {
      id: 'annotations.toggle',
      get label() {
        return t('commands:annotations.toggle');
      },
      shortcut: 'n',
      run: toggleAnnotationPanel,
    },
    ...ANNOTATION_KINDS.map((kind): Command => ({
      id: `annotations.draw.${kind}`,
      get label() {
        return t('commands:annotations.draw', { kind: t(`map:annotations.kind.${kind}`) });
      },
      run: () => annotationDraw.update((s) => (s.kind === kind ? s : chooseKind(s, kind))),
    })),
  ];
}
