import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentPriority } from '../../../shared/domain';
import type { Incident } from '../../../shared/state';
import { focusIncident } from '../map/mapActions';
import { useUi } from '../store/uiStore';
import { panelNow } from './panelSlices';
import { t } from '../i18n/i18n';
import { formatClock, formatUtc } from './format';
import { pendingActions, type PendingActions } from './selectors';

/** Small pieces the panels share. */

/**
 * Operation time now (see `operationNow` in shared/domainRules.ts), sampled on the page's 1 Hz clock
 * so that position reports (each a newer event) do not re-render what shows ages. In replay it is
 * the moment replayed.
 */
export function useOpNow(): number {
  return useUi(panelNow);
}

/** The officers' actions still waiting for the server, recomputed only when the outbox changes. */
export function usePendingActions(): PendingActions {
  const outbox = useUi((s) => s.outbox);
  return useMemo(() => pendingActions(outbox), [outbox]);
}

/** A time as HH:mm in the zone the officer chose, labelled (date when not the reference's day), the UTC instant on hover. */
export function Time({ ms, reference }: { ms: number | null | undefined; reference: number }) {
  const zone = useUi((s) => s.settings.timeZone);
  if (ms === null || ms === undefined || !Number.isFinite(ms))
    return <span className="wf-time">{t('common:none')}</span>;
  return (
    <time className="wf-time" dateTime={new Date(ms).toISOString()} title={formatUtc(ms)}>
      {formatClock(ms, reference, zone)}
    </time>
  );
}

/** An incident as a link: its priority, time and title; a click selects it and moves the map there. */
export function IncidentLink({ incident, opNow }: { incident: Incident; opNow: number }) {
  return (
    <button
      type="button"
      className="wf-link wf-incident-link"
      title={incident.incidentId}
      onClick={() => focusIncident(incident)}
    >
      <PriorityBadge priority={incident.priority} /> <Time ms={incident.reportedAt} reference={opNow} />{' '}
      <span className="wf-ellipsis">{incident.title}</span>
    </button>
  );
}

/** "P1".."P4" in the priority's colour. */
export function PriorityBadge({ priority }: { priority: IncidentPriority }) {
  const { t } = useTranslation('common');
  return (
    <span className={`wf-prio wf-prio-${priority}`} title={t('priority', { priority })}>
      {t('priorityShort', { priority })}
    </span>
  );
}
