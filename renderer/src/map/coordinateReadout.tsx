import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COORDINATE_FORMATS,
  formatCoordinate,
  parseCoordinate,
  type CoordinateFormat,
} from '../../../shared/coordinates';
import { t as translate } from '../i18n/i18n';
import { formatBearing, formatCount, formatDistance } from '../panels/format';
import { ui } from '../store/uiStore';
import { copyPosition } from './mapActions';
import { chooseRingSet, mapTools, measureBetween, RING_SETS, toggleTool, useMapTools } from './mapTools';
import './mapTools.css';

/** How close "go to" brings the map: a few kilometres across, enough to see what is there. */
const GO_TO_ZOOM = 12;

/** The ring radii in words: "1 / 5 / 10 km". */
function ringSetLabel(radii: readonly number[]): string {
  return `${radii.map((km) => formatCount(km)).join(' / ')} ${translate('map:controls.kilometres')}`;
}

/** The "go to" field: any of the four formats; what cannot be read is said, and the text stays to correct. */
function GoToForm() {
  const { t } = useTranslation('map');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const go = (): void => {
    const parsed = parseCoordinate(text);
    if (!parsed.ok) {
      setProblem(t(`tools.problem.${parsed.problem}`));
      return;
    }
    const [lon, lat] = parsed.position;
    setProblem(null);
    mapTools.update((s) => ({ ...s, goToOpen: false, goToMark: parsed.position }));
    ui.flyTo(lon, lat, GO_TO_ZOOM);
  };
  return (
    <form
      className="wf-maptools-goto"
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
    >
      <input
        className="wf-input"
        // The command opens this field to type in at once.
        autoFocus
        value={text}
        placeholder={t('tools.goToPlaceholder')}
        aria-label={t('tools.goToField')}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? 'wf-goto-problem' : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Esc here closes the field only, not the selection as well.
          if (e.key === 'Escape') {
            e.stopPropagation();
            mapTools.update((s) => ({ ...s, goToOpen: false }));
          }
        }}
        data-testid="goto-input"
      />
      <button type="submit" className="wf-button" data-testid="goto-submit">
        {t('tools.goToSubmit')}
      </button>
      {problem !== null && (
        <p id="wf-goto-problem" className="wf-field-error" role="alert" data-testid="goto-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/**
 * The map's tool strip: the pointer's position in the chosen format (click copies it), "go to", the
 * measure tool and range rings. Sits on the map, above its scale.
 */
export function CoordinateReadout() {
  const { t } = useTranslation('map');
  const cursor = useMapTools((s) => s.cursor);
  const format = useMapTools((s) => s.format);
  const tool = useMapTools((s) => s.tool);
  const measure = useMapTools((s) => s.measure);
  const measuring = measure.length;
  const [from, to] = measure;
  // Written out as well as drawn: readable at any zoom, and by a screen reader.
  const measured = from && to ? measureBetween(from, to) : null;
  const ringSet = useMapTools((s) => s.ringSet);
  const goToOpen = useMapTools((s) => s.goToOpen);
  const text = cursor ? formatCoordinate(cursor, format) : null;
  const hint =
    tool === 'measure'
      ? measuring === 0
        ? t('tools.measureFirst')
        : measuring === 1
          ? t('tools.measureSecond')
          : t('tools.measureAgain')
      : tool === 'rings'
        ? t('tools.ringsPlace')
        : null;
  return (
    <div className="wf-maptools" role="group" aria-label={t('tools.group')} data-testid="map-tools">
      <div className="wf-maptools-row">
        <select
          className="wf-select"
          value={format}
          aria-label={t('tools.format')}
          onChange={(e) => mapTools.setFormat(e.target.value as CoordinateFormat)}
          data-testid="coordinate-format"
        >
          {COORDINATE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`tools.formats.${f}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="wf-button wf-button-quiet wf-maptools-position"
          title={t('tools.copyTitle')}
          onClick={() => void copyPosition()}
          data-testid="coordinate-readout"
          data-format={format}
        >
          {text ?? t('tools.pointAtMap')}
        </button>
        <button
          type="button"
          className={`wf-button${goToOpen ? ' is-active' : ''}`}
          aria-expanded={goToOpen}
          onClick={() => mapTools.update((s) => ({ ...s, goToOpen: !s.goToOpen }))}
          data-testid="goto-button"
        >
          {t('tools.goTo')}
        </button>
        <button
          type="button"
          className={`wf-button${tool === 'measure' ? ' is-active' : ''}`}
          aria-pressed={tool === 'measure'}
          title={t('tools.measureTitle')}
          onClick={() => mapTools.update((s) => toggleTool(s, 'measure'))}
          data-testid="measure-button"
        >
          {t('tools.measure')}
        </button>
        <button
          type="button"
          className={`wf-button${tool === 'rings' ? ' is-active' : ''}`}
          aria-pressed={tool === 'rings'}
          title={t('tools.ringsTitle')}
          onClick={() => mapTools.update((s) => toggleTool(s, 'rings'))}
          data-testid="rings-button"
        >
          {t('tools.rings')}
        </button>
        <select
          className="wf-select"
          value={ringSet}
          aria-label={t('tools.ringRadii')}
          onChange={(e) => mapTools.update((s) => chooseRingSet(s, Number(e.target.value)))}
          data-testid="ring-radii"
        >
          {RING_SETS.map((radii, i) => (
            <option key={radii.join('-')} value={i}>
              {ringSetLabel(radii)}
            </option>
          ))}
        </select>
      </div>
      {measured !== null && (
        <p className="wf-maptools-result" role="status" data-testid="measure-result">
          {t('tools.measured', {
            distance: formatDistance(measured.distance),
            bearing: formatBearing(measured.bearing),
          })}
        </p>
      )}
      {hint !== null && (
        <p className="wf-maptools-hint" role="status" data-testid="map-tool-hint">
          {hint}
        </p>
      )}
      {goToOpen && <GoToForm />}
    </div>
  );
}
