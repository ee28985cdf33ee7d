import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../shared/getOwn';
import { playAlertTone } from '../panels/alertTone';
import { formatCount, formatUtc } from '../panels/format';
import { operationNowAtClock } from '../store/clockSlices';
import { ui, useUi } from '../store/uiStore';
import { focusZone } from './zoneActions';
import { pushZoneNews, shownZoneNews, ZoneAlertWatch, zoneNewsText, type ZoneNews } from './zoneAlertNews';
import './zones.css';

/** The dismiss button's symbol, the same in every language (as on the incident banner). */
const DISMISS = '✕';

const selectNow = operationNowAtClock();

/**
 * Keeps the queue of zone alerts raised live (see {@link ZoneAlertWatch}), newest first, and
 * sounds the alert tone (as a priority 2 incident does) when one comes, unless muted.
 */
function useZoneNews() {
  const zones = useUi((s) => s.state.zones);
  const ready = useUi((s) => s.ready);
  const replaying = useUi((s) => s.replay !== null);
  const pictures = useUi((s) => s.pictures);
  const now = useUi(selectNow);
  const watch = useRef<ZoneAlertWatch | null>(null);
  const [queue, setQueue] = useState<ZoneNews[]>([]);
  useEffect(() => {
    watch.current ??= new ZoneAlertWatch();
    const news = watch.current.observe(zones, now, pictures, ready, replaying);
    if (news.length === 0) return;
    setQueue((prev) => pushZoneNews(prev, news));
    // Read at the moment of the alert, so toggling mute does not re-run this effect.
    if (!ui.snapshot.muted) playAlertTone(2);
  }, [zones, now, pictures, ready, replaying]);
  const shown = useMemo(() => shownZoneNews(queue, zones), [queue, zones]);
  return {
    shown,
    dismiss: (key: string) => setQueue((prev) => prev.filter((n) => n.key !== key)),
    dismissAll: () => setQueue([]),
  };
}

/**
 * The banner for a watch zone's new alert, across the top of the map under the incident banner:
 * the zone's name, what happened and when, "Show" to bring the zone into view, and dismiss.
 * Several stack as "+3 more", the newest shown. Live only: replay and a picture just loaded raise
 * none. A polite live region reads each new one out once, without cutting into what is being read.
 */
export function ZoneAlertBanner() {
  const { t } = useTranslation('map');
  const zones = useUi((s) => s.state.zones);
  const replaying = useUi((s) => s.replay !== null);
  const { shown, dismiss, dismissAll } = useZoneNews();
  const news = replaying ? undefined : shown[0];
  const zone = news ? getOwn(zones, news.zoneId) : undefined;
  // A string, so a position report (a new units record) re-renders the banner only when a name changed.
  const what = useUi((s) => (news ? zoneNewsText(news, s.state, t) : ''));
  const at = news ? formatUtc(news.at) : '';
  const more = shown.length - 1;
  return (
    <>
      <div className="wf-sr-only" role="status" aria-live="polite" data-testid="zone-alert-announce">
        {news && zone ? t('zones.banner.announce', { zone: zone.name, what, at }) : ''}
      </div>
      {news && zone && (
        <section
          className="wf-alert-banner wf-alert-zone"
          aria-label={t('zones.banner.label')}
          data-testid="zone-alert-banner"
          data-zone={zone.zoneId}
          data-kind={news.kind}
          data-count={shown.length}
        >
          <div className="wf-alert-text">
            <div className="wf-alert-head">
              <span className="wf-alert-label">{t('zones.banner.label')}</span>
              {/* A zone's name is typed by an officer (any workstation): a text node only. */}
              <span className="wf-alert-zone-name" title={zone.name} data-testid="zone-alert-name">
                {zone.name}
              </span>
              <span className="wf-alert-category">{at}</span>
              {more > 0 && (
                <span className="wf-alert-more" data-testid="zone-alert-more">
                  {t('zones.banner.more', { n: formatCount(more) })}
                </span>
              )}
            </div>
            <div className="wf-alert-title" title={what} data-testid="zone-alert-what">
              {what}
            </div>
          </div>
          <button
            type="button"
            className="wf-button"
            data-testid="zone-alert-show"
            title={t('zones.banner.showTitle')}
            onClick={() => focusZone(zone, ui.snapshot.state.sectors)}
          >
            {t('zones.banner.show')}
          </button>
          {more > 0 && (
            <button
              type="button"
              className="wf-button wf-button-quiet"
              data-testid="zone-alert-dismiss-all"
              onClick={dismissAll}
            >
              {t('zones.banner.dismissAll')}
            </button>
          )}
          <button
            type="button"
            className="wf-button wf-button-quiet"
            data-testid="zone-alert-dismiss"
            aria-label={t('zones.banner.dismiss')}
            title={t('zones.banner.dismiss')}
            onClick={() => dismiss(news.key)}
          >
            {DISMISS}
          </button>
        </section>
      )}
    </>
  );
}
