import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../shared/state';
import { label } from '../i18n/i18n';
import { NewIncidentWatch } from '../replay/newIncidentWatch';
import { ui, useUi } from '../store/uiStore';
import { pushAlerts, shownAlerts } from './alertQueue';
import { playAlertTone } from './alertTone';
import { focusIncident } from '../map/mapActions';
import { PriorityBadge } from './common';
import { formatCount } from './format';

/** The dismiss button's symbol, the same in every language. */
const DISMISS = '✕';

/**
 * Watches for incidents that were not there before and queues an alert for priority 1 and 2.
 * Nothing is "new" until the first snapshot is in and rendered: the picture loaded at start (or
 * after a reconnect) is history, not news; so is every incident a replay shows, and coming back
 * from a replay raises no burst for what was seen before it (see {@link NewIncidentWatch}).
 */
function useNewIncidentAlerts(
  incidents: Readonly<Record<string, Incident>>,
  ready: boolean,
  replaying: boolean,
) {
  const watch = useRef<NewIncidentWatch | null>(null);
  const [queue, setQueue] = useState<string[]>([]);
  useEffect(() => {
    watch.current ??= new NewIncidentWatch();
    const urgent = watch.current.observe(incidents, ready, replaying);
    if (urgent.length === 0) return;
    setQueue((prev) =>
      pushAlerts(
        prev,
        urgent.map((i) => i.incidentId),
      ),
    );
    // Read at the moment of the alert, so toggling mute does not re-run this effect.
    if (!ui.snapshot.muted) playAlertTone(urgent.some((i) => i.priority === 1) ? 1 : 2);
  }, [incidents, ready, replaying]);
  return {
    queue,
    dismiss: (id: string) => setQueue((prev) => prev.filter((a) => a !== id)),
    dismissAll: () => setQueue([]),
  };
}

/**
 * The banner for new priority 1–2 incidents, across the top of the map: where the officer looks
 * on every layout, not only in the feed column. It shows the newest with its priority, category
 * and title; several stack as "3 new P1/P2". Acknowledging (here or anywhere) clears an alert;
 * dismissing hides it without acknowledging.
 */
export function AlertBanner() {
  const { t } = useTranslation('feed');
  const incidents = useUi((s) => s.state.incidents);
  const ready = useUi((s) => s.ready);
  const replaying = useUi((s) => s.replay !== null);
  const { queue, dismiss, dismissAll } = useNewIncidentAlerts(incidents, ready, replaying);
  const shown = useMemo(() => shownAlerts(queue, incidents), [queue, incidents]);
  const incident = shown[0];
  // The banner names live incidents; a replayed picture is not where to look for them.
  if (replaying || !incident) return null;
  const count = shown.length;
  return (
    <div
      className={`wf-alert-banner wf-alert-p${incident.priority}`}
      role="alert"
      data-testid="priority-alert"
      data-incident-id={incident.incidentId}
      data-count={count}
    >
      <div className="wf-alert-text">
        <div className="wf-alert-head">
          <PriorityBadge priority={incident.priority} />
          <span className="wf-alert-label">
            {count > 1
              ? t('alert.several', { count, n: formatCount(count) })
              : t('alert.newPriority', { priority: incident.priority })}
          </span>
          <span className="wf-alert-category">{label('incidentCategory', incident.category)}</span>
        </div>
        {/* Incident text comes from the feed and is untrusted: rendered as a text node only. */}
        <div className="wf-alert-title" title={incident.title}>
          {incident.title}
        </div>
      </div>
      <button
        type="button"
        className="wf-button"
        data-testid="alert-show"
        title={t('alert.showOnMap')}
        onClick={() => focusIncident(incident)}
      >
        {t('alert.show')}
      </button>
      <button
        type="button"
        className="wf-button wf-button-primary"
        data-testid="alert-acknowledge"
        onClick={() => void ui.issue('incident.acknowledge', { incidentId: incident.incidentId })}
      >
        {t('alert.acknowledge')}
      </button>
      {count > 1 && (
        <button
          type="button"
          className="wf-button wf-button-quiet"
          data-testid="alert-dismiss-all"
          onClick={dismissAll}
        >
          {t('alert.dismissAll')}
        </button>
      )}
      <button
        type="button"
        className="wf-button wf-button-quiet"
        data-testid="alert-dismiss"
        aria-label={t('alert.dismiss')}
        title={t('alert.dismiss')}
        onClick={() => dismiss(incident.incidentId)}
      >
        {DISMISS}
      </button>
    </div>
  );
}
