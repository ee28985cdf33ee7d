import { useState } from 'react';
import type { ReplayUi } from '../store/types';
import { ui, useUi } from '../store/uiStore';
import { formatMoment, formatSpeed } from '../timeline/timelineModel';
import { formatAge, formatCount, formatOffset, formatUtc } from './format';

/** Data older than this (wall clock since the last event arrived) is worth a look; older than the second, an alarm. */
const DATA_AGE_WARN_MS = 30_000;
const DATA_AGE_ALERT_MS = 120_000;
/** A clock this far off makes "age" figures misleading. */
const CLOCK_OFFSET_WARN_MS = 2_000;

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
  const archive = replay.source.kind === 'archive';
  return (
    <button
      type="button"
      className={`wf-replay-badge${archive ? ' is-archive' : ''}`}
      data-testid="replay-badge"
      data-at={Math.round(replay.at)}
      data-source={replay.source.kind}
      title={`${archive ? `Archive, read only: ${replay.source.path ?? replay.source.label}` : 'Replay of the recorded operation'}\n${formatUtc(replay.at)} at ${formatSpeed(replay.speed)}${replay.playing ? ', playing' : ', paused'}\nClick (or press T) to go back to the live picture`}
      onClick={() => void ui.leaveReplay()}
    >
      <strong>{archive ? 'ARCHIVE · READ ONLY' : 'REPLAY'}</strong>
      <span className="wf-replay-badge-at">{formatMoment(replay.at)}</span>
      <span>
        {replay.playing ? '▶' : '❚❚'} {formatSpeed(replay.speed)}
      </span>
    </button>
  );
}

/** Which connection the picture comes from; opens the settings (and the token prompt when one is wanted). */
function ConnectionButton() {
  const view = useUi((s) => s.workstation);
  if (!view) return null;
  const profile = view.profiles.find((p) => p.id === view.activeProfileId);
  const name = !view.managed ? 'fixed connection' : profile ? profile.name : 'demo operation';
  return (
    <button
      type="button"
      className={`wf-button wf-connection${view.needsToken ? ' is-warn' : ''}`}
      onClick={() =>
        view.needsToken ? ui.set({ tokenPromptDismissed: false }) : ui.set({ settingsOpen: 'connections' })
      }
      title={view.needsToken ? (view.tokenReason ?? '') : `Connection: ${name}. Settings (Ctrl+,)`}
      data-testid="connection-button"
    >
      ⚙ {name}
      {view.needsToken ? ' — token needed' : ''}
    </button>
  );
}

/** The strip at the top: which operation, whether it is real, and how healthy the data link is. */
export function StatusBar() {
  const status = useUi((s) => s.status);
  const operation = useUi((s) => s.state.operation);
  const now = useUi((s) => s.now);
  const notice = useUi((s) => s.notice);
  const operator = useUi((s) => s.settings.operator);
  const replay = useUi((s) => s.replay);
  // The core's store notice is set once per run; the officer may hide it for this session.
  const [storeNoticeHidden, setStoreNoticeHidden] = useState<string | null>(null);

  // Until the first status arrives the host is still being reached.
  const link = status?.link ?? 'connecting';
  const dataAge = status?.lastReceivedAt == null ? null : Math.max(0, now - status.lastReceivedAt);
  const offset = status?.clockOffsetMs ?? null;
  const mode = operation?.mode ?? null;
  const storeNotice = status?.storeNotice ?? null;

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
            ? 'Training data: not a real operation'
            : mode === 'live'
              ? 'A real operation'
              : 'No operation loaded'
        }
      >
        {mode === 'exercise' ? 'EXERCISE' : mode === 'live' ? 'LIVE' : 'NO OPERATION'}
      </span>
      <span className="wf-op-name" data-testid="operation-name" title={operation?.description ?? ''}>
        {operation?.name ?? 'Waiting for an operation…'}
      </span>
      <span
        className={`wf-linkstate is-${link}`}
        data-testid="link-state"
        data-link={link}
        title={`${status?.linkError ? `${status.linkError}\n` : ''}${replay ? 'The live feed keeps being received and stored during the replay.' : ''}`}
      >
        <span className="wf-dot" aria-hidden="true" />
        {replay ? 'live feed ' : ''}
        {link}
        {status?.linkError ? ` — ${status.linkError}` : ''}
      </span>
      <span
        className={`wf-stat${level(dataAge, DATA_AGE_WARN_MS, DATA_AGE_ALERT_MS)}`}
        title={
          status?.lastReceivedAt == null
            ? 'Nothing received yet'
            : `Last event received ${formatUtc(status.lastReceivedAt)}`
        }
      >
        Data age <strong data-testid="data-age">{dataAge === null ? 'no data' : formatAge(dataAge)}</strong>
      </span>
      <span
        className={`wf-stat${offset !== null && Math.abs(offset) >= CLOCK_OFFSET_WARN_MS ? ' is-warn' : ''}`}
        title="Server clock minus this computer's clock"
      >
        Clock <strong data-testid="clock-offset">{formatOffset(offset)}</strong>
      </span>
      <span
        className={`wf-stat${(status?.outboxDepth ?? 0) > 0 ? ' is-warn' : ''}`}
        title="Officer actions not yet confirmed by the server"
      >
        Outbox <strong data-testid="outbox-depth">{formatCount(status?.outboxDepth ?? 0)}</strong>
      </span>
      {(status?.readmissionsOverdue ?? 0) > 0 && (
        <button
          type="button"
          className="wf-button wf-stat is-alert"
          title="Readmission cases still open past their deadline: show the readmission board (E)"
          onClick={() => ui.set({ panel: 'readmission' })}
          data-testid="readmissions-overdue"
        >
          Readmission overdue <strong>{formatCount(status?.readmissionsOverdue ?? 0)}</strong>
        </button>
      )}
      <span
        className={`wf-stat${(status?.quarantineCount ?? 0) > 0 ? ' is-warn' : ''}`}
        title="Messages from the server that failed validation and were set aside"
      >
        Quarantine <strong data-testid="quarantine-count">{formatCount(status?.quarantineCount ?? 0)}</strong>
      </span>
      {operator !== '' && (
        <span className="wf-stat wf-operator" title="Officer at this workstation">
          {operator}
        </span>
      )}
      <ConnectionButton />
      {storeNotice !== null && storeNotice !== storeNoticeHidden && (
        <span className="wf-notice is-alert" data-testid="store-notice">
          {storeNotice}
          <button
            type="button"
            className="wf-button wf-button-quiet"
            aria-label="Dismiss store notice"
            onClick={() => setStoreNoticeHidden(storeNotice)}
          >
            ✕
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
            aria-label="Dismiss notice"
            onClick={() => ui.set({ notice: null })}
          >
            ✕
          </button>
        </span>
      )}
    </div>
  );
}
