import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildCommands, matchesShortcut } from './commands/commands';
import { CommandPalette } from './commands/CommandPalette';
import { ConfirmPrompt } from './commands/ConfirmPrompt';
import { applyLanguage } from './i18n/i18n';
import { CoordinateReadout } from './map/coordinateReadout';
import { MapArea } from './map/MapView';
import { AlertBanner } from './panels/AlertBanner';
import { DetailDrawer } from './panels/DetailDrawer';
import { IncidentFeed } from './panels/IncidentFeed';
import { Legend, LegendButton } from './panels/Legend';
import { OverlayButton, OverlayList } from './overlays/OverlayList';
import { AnnotationButton, AnnotationPanel } from './annotations/AnnotationPanel';
import { ZonePanel } from './zones/ZonePanel';
import { ZoneAlertBanner } from './zones/ZoneAlertBanner';
import { ReadmissionBoard } from './panels/ReadmissionBoard';
import { ResultsBoard } from './panels/ResultsBoard';
import { SectorBoard } from './panels/SectorBoard';
import { StatusBar } from './panels/StatusBar';
import { UnitRoster } from './panels/UnitRoster';
import './panels/panels.css';
import { ReplayPanel } from './replay/ReplayPanel';
import { SettingsDialog } from './settings/SettingsDialog';
import { FirstRun, TokenPrompt } from './settings/Welcome';
import { ui, useUi } from './store/uiStore';
import { LAYER_IDS, type UiState } from './store/types';
import { Timeline } from './timeline/Timeline';

/** The right-hand tabs; each is named by `app:tabs.<id>`. */
const TABS: readonly UiState['panel'][] = ['units', 'sectors', 'results', 'readmission', 'replay'];

/** Keys typed into a field belong to the field, except these. */
const KEYS_THAT_LEAVE_FIELDS = new Set(['Escape']);

/** The operations-room layout: status bar, incident feed, map and timeline, side panel, detail drawer. */
export function App() {
  const { t, i18n } = useTranslation('app');
  const [paletteOpen, setPaletteOpen] = useState(false);
  const commands = useMemo(() => buildCommands(() => setPaletteOpen(true)), []);
  const panel = useUi((s) => s.panel);
  const layers = useUi((s) => s.layers);
  const ready = useUi((s) => s.ready);
  const replaySource = useUi((s) => s.replay?.source.kind ?? null);
  const language = useUi((s) => s.settings.language);

  // Before the paint, so a workstation set to Serbian never flashes English after the first frame.
  useLayoutEffect(() => applyLanguage(language), [language]);

  // A command's label is read in the language in use, so the menus are given the list again when
  // the language changes.
  const menuLanguage = i18n.language;
  useEffect(() => (ready ? ui.registerCommands(commands) : undefined), [commands, ready, menuLanguage]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      // A dialog open (Settings, the palette, a question) owns the keyboard: a single key typed
      // there must never acknowledge or bookmark behind it.
      if (document.querySelector('[aria-modal="true"]')) return;
      const target = event.target as HTMLElement | null;
      const inField = target !== null && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
      const mod = event.ctrlKey || event.metaKey;
      if (inField && !mod && !KEYS_THAT_LEAVE_FIELDS.has(event.key)) return;
      const command = commands.find((c) => c.shortcut && matchesShortcut(event, c.shortcut));
      if (!command) return;
      event.preventDefault();
      if (inField && event.key === 'Escape') target.blur();
      command.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);

  return (
    <div className="app" data-ready={ready ? 'true' : 'false'}>
      <StatusBar />
      <main className="app-body">
        <aside className="app-left">
          <IncidentFeed />
        </aside>
        <section className="app-center">
          <div className={replaySource ? `map-area is-replay is-${replaySource}` : 'map-area'}>
            <MapArea />
            {/* The alert banners across the top of the map, a new incident's over a zone's. */}
            <div className="wf-alert-stack">
              <AlertBanner />
              <ZoneAlertBanner />
            </div>
            {/* The map's own controls, one column down its left side: the layer toolbar, the legend
                below it however many rows the toolbar wraps to, and the tool strip at the bottom;
                the column keeps left of an open drawer (theme.css). */}
            <div className="map-overlays">
              <div
                className="layer-toggles"
                role="group"
                aria-label={t('layers')}
                data-testid="layer-toggles"
              >
                {LAYER_IDS.map((id, i) => (
                  <label key={id} title={i < 9 ? t('layerToggle', { key: i + 1 }) : undefined}>
                    <input
                      type="checkbox"
                      checked={layers[id]}
                      onChange={() => ui.toggleLayer(id)}
                      data-testid={`layer-${id}`}
                    />
                    {t(`layer.${id}`)}
                  </label>
                ))}
                <LegendButton />
                <OverlayButton />
                <AnnotationButton />
                <button
                  type="button"
                  className="palette-button"
                  onClick={() => setPaletteOpen(true)}
                  title={t('palette.title')}
                >
                  {t('palette.button')}
                </button>
              </div>
              <Legend />
              <OverlayList />
              <AnnotationPanel />
              <ZonePanel />
              <CoordinateReadout />
            </div>
            <DetailDrawer />
          </div>
          <Timeline />
        </section>
        <aside className="app-right">
          <nav className="tabs" role="tablist">
            {TABS.map((tab) => (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={panel === tab}
                className={panel === tab ? 'tab active' : 'tab'}
                onClick={() => ui.set({ panel: tab })}
                data-testid={`tab-${tab}`}
              >
                {t(`tabs.${tab}`)}
              </button>
            ))}
          </nav>
          <div className="panel-body">
            {panel === 'units' && <UnitRoster />}
            {panel === 'sectors' && <SectorBoard />}
            {panel === 'results' && <ResultsBoard />}
            {panel === 'readmission' && <ReadmissionBoard />}
            {panel === 'replay' && <ReplayPanel />}
          </div>
        </aside>
      </main>
      <CommandPalette commands={commands} open={paletteOpen} onClose={() => setPaletteOpen(false)} />
      <ConfirmPrompt />
      <FirstRun />
      <TokenPrompt />
      <SettingsDialog />
    </div>
  );
}
