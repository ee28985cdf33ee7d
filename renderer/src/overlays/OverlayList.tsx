import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { OVERLAY_LIMITS } from '../../../shared/overlay';
import { OVERLAY_COLOR } from '../map/layers/overlays';
import { useUi } from '../store/uiStore';
import {
  addPickedFile,
  clearOverlayMessage,
  focusOverlay,
  loadOverlays,
  openOverlay,
  removeOverlay,
  setOverlayVisible,
  setPagePicker,
  useOverlays,
} from './overlayStore';
import './overlays.css';

/** What the page's file picker offers (the desktop dialog has its own filters). */
const ACCEPT = '.kml,.kmz,.gpx,.geojson,.json';

/** "Open overlay…" in the layer toolbar. */
export function OverlayButton() {
  const { t } = useTranslation('map');
  const { busy, operationId } = useOverlays();
  return (
    <button
      type="button"
      className="palette-button"
      onClick={() => void openOverlay()}
      disabled={busy}
      title={t('overlays.openTitle', { megabytes: Math.round(OVERLAY_LIMITS.maxBytes / 1024 / 1024) })}
      data-testid="overlay-open"
      data-loaded={operationId !== null}
    >
      {t('overlays.open')}
    </button>
  );
}

/**
 * The operation's overlays: each shown or hidden, or removed; and what the last file opened came
 * to. Holds the page's file picker (the browser host has no dialog) and loads the list when the
 * operation changes.
 */
export function OverlayList() {
  const { t } = useTranslation('map');
  const { overlays, message } = useOverlays();
  const operationId = useUi((s) => s.status?.operationId ?? null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void loadOverlays();
  }, [operationId]);
  useEffect(() => {
    setPagePicker(() => input.current?.click());
    return () => setPagePicker(null);
  }, []);

  return (
    <>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="overlay-file"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          // The same file can be picked again after a refusal.
          event.currentTarget.value = '';
          if (file) void addPickedFile(file);
        }}
      />
      {(overlays.length > 0 || message) && (
        <section
          className="map-card overlay-list"
          data-testid="overlay-list"
          aria-labelledby="overlay-list-title"
        >
          <h2 id="overlay-list-title">{t('overlays.title')}</h2>
          <ul>
            {overlays.map((o) => (
              <li
                key={o.overlayId}
                className="overlay-item"
                data-testid="overlay-item"
                data-overlay={o.overlayId}
                data-visible={o.visible}
                data-features={o.featureCount}
              >
                <div className="overlay-row">
                  <input
                    type="checkbox"
                    checked={o.visible}
                    onChange={() => void setOverlayVisible(o.overlayId, !o.visible)}
                    aria-label={t('overlays.show', { name: o.name })}
                  />
                  <span className="overlay-swatch" style={{ background: OVERLAY_COLOR }} aria-hidden="true" />
                  <button
                    type="button"
                    className="map-card-name"
                    onClick={() => void focusOverlay(o.overlayId)}
                    title={t('overlays.focus', { name: o.name })}
                    data-testid="overlay-focus"
                  >
                    {o.name}
                  </button>
                  <span className="overlay-count">
                    {t('overlays.features', { count: o.featureCount, n: o.featureCount.toLocaleString() })}
                  </span>
                </div>
                <button
                  type="button"
                  className="map-card-remove"
                  onClick={() => void removeOverlay(o.overlayId)}
                  aria-label={t('overlays.remove', { name: o.name })}
                  title={t('overlays.remove', { name: o.name })}
                  data-testid="overlay-remove"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          {message && (
            <p
              className="overlay-message"
              data-kind={message.kind}
              role="status"
              data-testid="overlay-message"
            >
              <span>{message.text}</span>
              <button
                type="button"
                className="map-card-remove"
                onClick={clearOverlayMessage}
                aria-label={t('overlays.dismiss')}
                title={t('overlays.dismiss')}
              >
                ×
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}
