import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayUi } from '../store/types';
import { ui, useUi } from '../store/uiStore';
import { formatSpeed } from '../timeline/timelineModel';
import {
  formatAge,
  formatCount,
  formatMoment,
  formatOffset,
  formatTimeOfDay,
  formatUtc,
  zoneLabel,
} from './format';
import { displayValue } from '../../../shared/displayText';
import { describeCoreMessage } from '../i18n/coreMessages';
import { linkLine } from './linkStatus';
import { useTakLayer } from '../store/takLayer';
import { skippedNotice } from './skippedNotice';
import { selectFreshnessChips } from './panelSlices';
import { freshnessCounts } from './selectors';

/** The TAK server's link (read only), when the profile names one. */
function TakLinkState() {
  const { t } = useTranslation('status');
  const { status, tracks } = useTakLayer();
  if (status.link === 'off') return null;
  return (
    <span
      className={`wf-linkstate is-${status.link}`}
      data-testid="tak-link-state"
      data-link={status.link}
      data-tracks={tracks.length}
      title={status.error ?? t('tak.title')}
    >
      <span className="wf-dot" aria-hidden="true" />
      {t(`tak.${status.link}`, { count: tracks.length })}
    </span>
  );
}

/** Data older than this (wall clock since the last event arrived) is worth a look; older than the second, an alarm. */
const DATA_AGE_WARN_MS = 30_000;
const DATA_AGE_ALERT_MS = 120_000;
/** A clock this far off makes "age" figures misleading. */
const CLOCK_OFFSET_WARN_MS = 2_000;

/** Symbols, the same in every language. */
const PLAYING = '▶';
const PAUSED = '❚❚';
const DISMISS = '✕';

function level(value: number | null, warn: number, alert: number): '' | ' is-warn' | ' is-alert' {
  if (value === null) return '';
  if (value >= alert) return ' is-alert';
  if (value >= warn) return ' is-warn';
  return '';
}

/**
 * Says loudly that the picture is a replay (and of an archive, read only), at which moment and
 * speed, so nobody takes it for the live picture. Clicking it goes back to live.
 */
function ReplayBadge({ replay }: { replay: ReplayUi }) {
  const { t } = useTranslation('status');
  const zone = useUi((s) => s.settings.timeZone);
  const archive = replay.source.kind === 'archive';
  const moment = { at: formatUtc(replay.at), speed: formatSpeed(replay.speed) };
  const title = [
    archive
      ? t('replay.archiveTitle', { source: replay.source.path ?? replay.source.label })
      : t('replay.replayTitle'),
    replay.playing ? t('replay.playing', moment) : t('replay.paused', moment),
    t('replay.back'),
  ].join('\n');
  return (
    <button
      type="button"
      className={`wf-replay-badge${archive ? ' is-archive' : ''}`}
      data-testid="replay-badge"
      data-at={Math.round(replay.at)}
      data-source={replay.source.kind}
      title={title}
      onClick={() => void ui.leaveReplay()}
    >
      <strong>{archive ? t('replay.archiveBadge') : t('replay.badge')}</strong>
      <span className="wf-replay-badge-at">{formatMoment(replay.at, zone)}</span>
      <span>
        {replay.playing ? PLAYING : PAUSED} {formatSpeed(replay.speed)}
      </span>
    </button>
  );
}

/** Which connection the picture comes from; opens the settings (and the token prompt when one is wanted). */
function ConnectionButton() {
  const { t } = useTranslation('status');
  const view = useUi((s) => s.workstation);
  if (!view) return null;
  const profile = view.profiles.find((p) => p.id === view.activeProfileId);
  const name = !view.managed ? t('connection.fixed') : profile ? profile.name : t('connection.demo');
  return (
    <button
      type="button"
      className={`wf-button wf-connection${view.needsToken ? ' is-warn' : ''}`}
      onClick={() =>
        view.needsToken ? ui.set({ tokenPromptDismissed: false }) : ui.set({ settingsOpen: 'connections' })
      }
      title={
        view.needsToken
          ? (describeCoreMessage(displayValue(view.tokenReason)) ?? '')
          : t('connection.title', { name })
      }
      data-testid="connection-button"
    >
      {view.needsToken ? t('connection.buttonTokenNeeded', { name }) : t('connection.button', { name })}
    </button>
  );
}

/**
 * The wall clocks, UTC and this computer's local time, so that a time read out over the radio or
 * written in a report (UTC) and the clock on the room's wall (local) are both at hand. Wall time,
 * not operation time: in replay too they say what time it is now.
 */
function Clocks({ now }: { now: number }) {
  const { t } = useTranslation('status');
  const local = zoneLabel('local', now);
  // Compact, since the bar is full at 1280 px: the zone label after each reading names the clock
  // (the local one to the minute, as a wall clock), the title says it in words.
  return (
    <>
      <span className="wf-stat wf-clock" title={`${t('clocks.utc')}: ${t('clocks.utcTitle')}`}>
        <strong data-testid="clock-utc">{formatTimeOfDay(now, 'utc')}</strong> {zoneLabel('utc', now)}
      </span>
      <span
        className="wf-stat wf-clock"
        title={`${t('clocks.local')}: ${t('clocks.localTitle', { zone: local })}`}
      >
        <strong data-testid="clock-local" data-zone={local}>
          {formatTimeOfDay(now, 'local').slice(0, 5)}
        </strong>{' '}
        {local}
      </span>
    </>
  );
}

/**
 * How many units are stale and how many lost, whatever panel shows: a click shows just those in
 * the roster (again: all units). The same count as the roster's chips.
 */
function FreshnessChips() {
  const { t } = useTranslation('status');
  const { units, settings, active, opNow } = useUi(selectFreshnessChips);
  const counts = useMemo(() => freshnessCounts(units, opNow, settings), [units, opNow, settings]);
  return (
    <>
      {(['stale', 'lost'] as const).map((f) => {
        if (counts[f] === 0 && active !== f) return null;
        const values = { count: counts[f], n: formatCount(counts[f]) };
        return (
          <button
            key={f}
            type="button"
            className={`wf-chip wf-chip-button is-${f}${active === f ? ' is-active' : ''}`}
            data-testid={`status-${f}-count`}
            aria-pressed={active === f}
            title={f === 'stale' ? t('freshness.staleTitle') : t('freshness.lostTitle')}
            onClick={() => ui.set({ panel: 'units', rosterFreshness: active === f ? null : f })}
          >
            {f === 'stale' ? t('roster:stale', values) : t('roster:lost', values)}
          </button>
        );
      })}
    </>
  );
}

/** The strip at the top: which operation, whether it is real, and how healthy the data link is. */
export function StatusBar() {
  const { t } = useTranslation('status');
  const status = useUi((s) => s.status);
  const operation = useUi((s) => s.state.operation);
  const now = useUi((s) => s.now);
  const notice = useUi((s) => s.notice);
  const operator = useUi((s) => s.settings.operator);
  const replay = useUi((s) => s.replay);
  // The core's store notice is set once per run; the officer may hide it for this session.
  const [storeNoticeHidden, setStoreNoticeHidden] = useState<string | null>(null);
  // Hiding the skipped-event warning hides that skip only: a later one shows again.
  const [skipHiddenAt, setSkipHiddenAt] = useState<number | null>(null);

  // Until the first status arrives the host is still being reached.
  const link = status?.link ?? 'connecting';
  const line = linkLine(status, now, replay !== null);
  const dataAge = status?.lastReceivedAt == null ? null : Math.max(0, now - status.lastReceivedAt);
  const offset = status?.clockOffsetMs ?? null;
  const mode = operation?.mode ?? null;
  const storeNotice = status?.storeNotice ?? null;
  const skip = skippedNotice(status);

  return (
    <div
      className={`wf-statusbar${replay ? ' is-replay' : ''}`}
      data-testid="status-bar"
      data-last-seq={status?.lastSeq ?? 0}
    >
      {replay && <ReplayBadge replay={replay} />}
      <span
        className={`wf-mode-badge is-${mode ?? 'none'}`}
        data-testid="operation-mode"
        data-mode={mode ?? 'none'}
        title={
          mode === 'exercise'
            ? t('mode.exerciseTitle')
            : mode === 'live'
              ? t('mode.liveTitle')
              : t('mode.noneTitle')
        }
      >
        {mode === 'exercise' ? t('mode.exercise') : mode === 'live' ? t('mode.live') : t('mode.none')}
      </span>
      <span className="wf-op-name" data-testid="operation-name" title={operation?.description ?? ''}>
        {operation?.name ?? t('waitingForOperation')}
      </span>
      <span
        className={`wf-linkstate is-${line.state}`}
        data-testid="link-state"
        data-link={link}
        data-link-error={status?.linkError?.code ?? undefined}
        data-server-silent-since={status?.serverSilentSince ?? undefined}
        title={line.title}
      >
        <span className="wf-dot" aria-hidden="true" />
        {line.text}
      </span>
      <TakLinkState />
      <span
        className={`wf-stat${level(dataAge, DATA_AGE_WARN_MS, DATA_AGE_ALERT_MS)}`}
        title={
          status?.lastReceivedAt == null
            ? t('dataAge.nothingYet')
            : t('dataAge.lastReceived', { at: formatUtc(status.lastReceivedAt) })
        }
      >
        {t('dataAge.label')}{' '}
        <strong data-testid="data-age">{dataAge === null ? t('dataAge.noData') : formatAge(dataAge)}</strong>
      </span>
      <span
        className={`wf-stat${offset !== null && Math.abs(offset) >= CLOCK_OFFSET_WARN_MS ? ' is-warn' : ''}`}
        title={t('clock.title')}
      >
        {t('clock.label')} <strong data-testid="clock-offset">{formatOffset(offset)}</strong>
      </span>
      <span
        className={`wf-stat${(status?.outboxDepth ?? 0) > 0 ? ' is-warn' : ''}`}
        title={t('outbox.title')}
      >
        {t('outbox.label')}{' '}
        <strong data-testid="outbox-depth">{formatCount(status?.outboxDepth ?? 0)}</strong>
      </span>
      <FreshnessChips />
      {(status?.readmissionsOverdue ?? 0) > 0 && (
        <button
          type="button"
          className="wf-button wf-stat is-alert"
          title={t('readmissionOverdue.title')}
          onClick={() => ui.set({ panel: 'readmission' })}
          data-testid="readmissions-overdue"
        >
          {t('readmissionOverdue.label')} <strong>{formatCount(status?.readmissionsOverdue ?? 0)}</strong>
        </button>
      )}
      <span
        className={`wf-stat${(status?.quarantineCount ?? 0) > 0 ? ' is-warn' : ''}`}
        title={t('quarantine.title')}
      >
        {t('quarantine.label')}{' '}
        <strong data-testid="quarantine-count">{formatCount(status?.quarantineCount ?? 0)}</strong>
      </span>
      {skip !== null && skip.at !== skipHiddenAt && (
        <span
          className="wf-notice is-warn"
          data-testid="skipped-event"
          data-seq={skip.seq}
          title={skip.title}
        >
          {skip.text}
          <button
            type="button"
            className="wf-button wf-button-quiet"
            aria-label={t('skipped.dismiss')}
            onClick={() => setSkipHiddenAt(skip.at)}
          >
            {DISMISS}
          </button>
        </span>
      )}
      <Clocks now={now} />
      {operator !== '' && (
        <span className="wf-stat wf-operator" title={t('operator')}>
          {operator}
        </span>
      )}
      <ConnectionButton />
      {storeNotice !== null && storeNotice.text !== storeNoticeHidden && (
        <span className="wf-notice is-alert" data-testid="store-notice" data-code={storeNotice.code}>
          {describeCoreMessage(storeNotice)}
          <button
            type="button"
            className="wf-button wf-button-quiet"
            aria-label={t('dismissStoreNotice')}
            onClick={() => setStoreNoticeHidden(storeNotice.text)}
          >
            {DISMISS}
          </button>
        </span>
      )}
      {notice !== null && (
        <span className="wf-notice" data-testid="notice">
          {notice}
          <button
            type="button"
            className="wf-button wf-button-quiet"
            data-testid="notice-dismiss"
            aria-label={t('dismissNotice')}
            onClick={() => ui.set({ notice: null })}
          >
            {DISMISS}
          </button>
        </span>
      )}
    </div>
  );
}
