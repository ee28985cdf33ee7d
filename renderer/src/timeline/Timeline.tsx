import { useEffect, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineSummary } from '../../../shared/replay';
import { formatAge, formatCount, formatUtc } from '../panels/format';
import { REPLAY_SPEEDS, TRAIL_WINDOWS_MS, type ReplayUi } from '../store/types';
import { ui, useUi } from '../store/uiStore';
import { stepToIncident } from '../replay/stepToIncident';
import { DensityTrack } from './DensityTrack';
import {
  extentOf,
  formatMoment,
  formatSpeed,
  formatWindow,
  parseJump,
  parseSpeed,
  UTC_MARK,
  type Parsed,
} from './timelineModel';
import './timeline.css';

/**
 * Keys named in hints, as the keyboard prints them: passed into the translations as placeholders so
 * no translation (nor the Cyrillic derived from Serbian) turns them into other letters.
 */
const KEYS = { replay: 'T', play: 'P', enter: 'Enter', pages: 'Page Up/Down' } as const;

/** How often the slim live bar fetches the density again (the store grows with the feed). */
const LIVE_REFRESH_MS = 10_000;

/** The density for the live bar: fetched while live, from the live store only. */
function useLiveTimeline(active: boolean): TimelineSummary | null {
  const ready = useUi((s) => s.ready);
  const [timeline, setTimeline] = useState<TimelineSummary | null>(null);
  useEffect(() => {
    if (!active || !ready) return;
    let stopped = false;
    const load = (): void =>
      void ui.fetchTimeline().then((t) => {
        // Right after an archive is closed the core may still answer for it for a moment.
        if (!stopped && t && t.source.kind === 'live') setTimeline(t);
      });
    load();
    const timer = setInterval(load, LIVE_REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, ready]);
  return timeline;
}

/** The one switch between live and replay, the same action as the command (T). */
function ReplayToggle({ replaying }: { replaying: boolean }) {
  const { t } = useTranslation('timeline');
  return (
    <button
      type="button"
      className={`wf-button wf-tl-toggle${replaying ? ' is-replaying' : ''}`}
      data-testid="replay-toggle"
      aria-pressed={replaying}
      title={
        replaying
          ? t('toggle.backTitle', { key: KEYS.replay })
          : t('toggle.replayTitle', { key: KEYS.replay })
      }
      onClick={() => void ui.toggleReplay()}
    >
      {replaying ? t('toggle.back') : t('toggle.replay')}
    </button>
  );
}

/** The slim live bar: the density so far and the way into replay. */
function LiveTimeline() {
  const { t } = useTranslation('timeline');
  const timeline = useLiveTimeline(true);
  const extent = extentOf(timeline);
  return (
    <div className="wf-timeline is-live" data-testid="timeline">
      <span
        className="wf-tl-mode is-live"
        data-testid="timeline-mode"
        data-mode="live"
        title={t('mode.liveTitle')}
      >
        {t('mode.live')}
      </span>
      <ReplayToggle replaying={false} />
      <DensityTrack
        timeline={timeline}
        densityBy="priority"
        cursor={null}
        slim
        liveEdgeLabel={t('track.edgeNow')}
        label={t('track.liveLabel')}
        onRelease={(t) => void ui.enterReplay(t)}
      />
      {timeline && extent && (
        <span className="wf-tl-summary" title={t('summary.since', { utc: formatUtc(extent.start) })}>
          {t('summary.incidents', {
            count: timeline.incidentCount,
            total: formatCount(timeline.incidentCount),
            age: formatAge(extent.end - extent.start),
          })}
        </span>
      )}
    </div>
  );
}

/** What a field could not read: its `error` is worded when read, so it follows the language. */
type Failure = Extract<Parsed<number>, { ok: false }>;

/** A field's complaint, shown over the bar until the next edit. */
interface FieldMessage {
  field: 'speed' | 'jump';
  failure: Failure;
}

function SpeedField({ speed, onError }: { speed: number; onError: (failure: Failure | null) => void }) {
  const { t } = useTranslation('timeline');
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (text: string): void => {
    const parsed = parseSpeed(text);
    if (!parsed.ok) {
      onError(parsed);
      return;
    }
    onError(null);
    ui.setSpeed(parsed.value);
    setDraft(null);
  };
  const onChange = (e: ChangeEvent<HTMLInputElement>): void => {
    const value = e.target.value;
    setDraft(value);
    onError(null);
    // A pick from the list (not typing) takes effect at once.
    const inputType = (e.nativeEvent as InputEvent).inputType as string | undefined;
    if (inputType === undefined || inputType === 'insertReplacementText') {
      if (REPLAY_SPEEDS.some((s) => String(s) === value.trim())) commit(value);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(draft ?? formatSpeed(speed));
    } else if (e.key === 'Escape') {
      setDraft(null);
      onError(null);
    }
  };
  return (
    <label className="wf-tl-field" title={t('speed.title', { enter: KEYS.enter })}>
      <span className="wf-tl-field-label">{t('speed.label')}</span>
      <input
        className="wf-input wf-tl-speed"
        data-testid="replay-speed"
        list="wf-replay-speeds"
        inputMode="decimal"
        aria-label={t('speed.aria')}
        value={draft ?? formatSpeed(speed)}
        // The shown "600×" reads back as 600, so the text stays as it is and is only selected.
        onFocus={(e) => e.currentTarget.select()}
        onBlur={() => {
          if (draft !== null) commit(draft);
          setDraft(null);
        }}
        onChange={onChange}
        onKeyDown={onKeyDown}
      />
      <datalist id="wf-replay-speeds">
        {REPLAY_SPEEDS.map((s) => (
          <option key={s} value={String(s)}>
            {formatSpeed(s)}
          </option>
        ))}
      </datalist>
    </label>
  );
}

function JumpField({ replay, onError }: { replay: ReplayUi; onError: (failure: Failure | null) => void }) {
  const { t } = useTranslation('timeline');
  const [text, setText] = useState('');
  const go = (): void => {
    const parsed = parseJump(text, replay.at, extentOf(replay.timeline));
    if (!parsed.ok) {
      onError(parsed);
      return;
    }
    onError(null);
    setText('');
    void ui.seek(parsed.value, true);
  };
  return (
    <input
      className="wf-input wf-tl-jump"
      data-testid="replay-jump"
      placeholder={t('jump.placeholder')}
      aria-label={t('jump.aria')}
      title={t('jump.title', { z: UTC_MARK, enter: KEYS.enter })}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onError(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          go();
        } else if (e.key === 'Escape') {
          setText('');
          onError(null);
        }
      }}
    />
  );
}

/** The replay bar: transport, speed, trails, density, jump, and the scrubbable density. */
function ReplayTimeline({ replay }: { replay: ReplayUi }) {
  const { t } = useTranslation('timeline');
  const [message, setMessage] = useState<FieldMessage | null>(null);
  const archive = replay.source.kind === 'archive';
  const say = (field: FieldMessage['field']) => (failure: Failure | null) =>
    setMessage((m) => (failure === null ? (m?.field === field ? null : m) : { field, failure }));
  return (
    <div className={`wf-timeline is-replay${archive ? ' is-archive' : ''}`} data-testid="timeline">
      {message && (
        <div className="wf-tl-message" role="alert" data-testid="timeline-error" data-field={message.field}>
          {message.failure.error}
        </div>
      )}
      <div className="wf-tl-controls">
        <span
          className="wf-tl-mode is-replay"
          data-testid="timeline-mode"
          data-mode="replay"
          title={archive ? t('mode.archiveTitle', { path: replay.source.path ?? '' }) : t('mode.replayTitle')}
        >
          {archive ? t('mode.archive') : t('mode.replay')}
        </span>
        <time
          className={`wf-tl-now${replay.behind ? ' is-behind' : ''}`}
          data-testid="replay-time"
          data-behind={replay.behind ? 'true' : undefined}
          dateTime={new Date(replay.at).toISOString()}
          title={
            (replay.lastSeek
              ? t('now.drawn', {
                  utc: formatUtc(replay.at),
                  ms: formatCount(replay.lastSeek.tookMs),
                  path: replay.lastSeek.path,
                })
              : formatUtc(replay.at)) + (replay.behind ? ` · ${t('now.behind')}` : '')
          }
        >
          {formatMoment(replay.at)}
        </time>
        <span className="wf-tl-transport" role="group" aria-label={t('transport.aria')}>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-prev-bookmark"
            title={t('transport.prevBookmark')}
            aria-label={t('transport.prevBookmark')}
            onClick={() => void ui.step(-1, 'bookmark')}
          >
            {
              // eslint-disable-next-line i18next/no-literal-string -- an icon; the button's name is its aria-label
              '◂⚑'
            }
          </button>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-prev"
            title={t('transport.prevIncidentTitle')}
            aria-label={t('transport.prevIncident')}
            onClick={() => void stepToIncident(-1)}
          >
            {t('transport.prevIncidentButton')}
          </button>
          <button
            type="button"
            className={`wf-button wf-tl-play${replay.playing ? ' is-playing' : ''}`}
            data-testid="replay-play"
            aria-pressed={replay.playing}
            title={
              replay.playing
                ? t('transport.pauseTitle', { key: KEYS.play })
                : t('transport.playTitle', { key: KEYS.play })
            }
            onClick={() => ui.togglePlay()}
          >
            {replay.playing ? t('transport.pause') : t('transport.play')}
          </button>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-next"
            title={t('transport.nextIncidentTitle')}
            aria-label={t('transport.nextIncident')}
            onClick={() => void stepToIncident(1)}
          >
            {t('transport.nextIncidentButton')}
          </button>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-next-bookmark"
            title={t('transport.nextBookmark')}
            aria-label={t('transport.nextBookmark')}
            onClick={() => void ui.step(1, 'bookmark')}
          >
            {
              // eslint-disable-next-line i18next/no-literal-string -- an icon; the button's name is its aria-label
              '⚑▸'
            }
          </button>
        </span>
      </div>
      <div className="wf-tl-controls">
        <SpeedField speed={replay.speed} onError={say('speed')} />
        <select
          className="wf-select"
          data-testid="replay-trail-window"
          aria-label={t('trails.aria')}
          title={t('trails.title')}
          value={replay.trailWindowMs}
          onChange={(e) => ui.setTrailWindow(Number(e.target.value))}
        >
          {TRAIL_WINDOWS_MS.map((ms) => (
            <option key={ms} value={ms}>
              {t('trails.option', { window: formatWindow(ms) })}
            </option>
          ))}
        </select>
        <select
          className="wf-select"
          data-testid="replay-density-by"
          aria-label={t('densityBy.aria')}
          title={t('densityBy.title')}
          value={replay.densityBy}
          onChange={(e) => ui.setDensityBy(e.target.value === 'category' ? 'category' : 'priority')}
        >
          <option value="priority">{t('densityBy.priority')}</option>
          <option value="category">{t('densityBy.category')}</option>
        </select>
        <JumpField replay={replay} onError={say('jump')} />
        <ReplayToggle replaying />
      </div>
      <DensityTrack
        timeline={replay.timeline}
        densityBy={replay.densityBy}
        cursor={replay.at}
        seq={replay.seq}
        slim={false}
        liveEdgeLabel={archive ? t('track.edgeEnd') : t('track.edgeLive')}
        label={t('track.replayLabel', { pages: KEYS.pages })}
        onScrub={(t) => void ui.seek(t, false)}
        onRelease={(t) => void ui.seek(t, true)}
        onBookmark={(b) => void ui.seek(b.at, true)}
      />
    </div>
  );
}

/** The timeline under the map: a slim density bar live, the full replay controls in replay. */
export function Timeline() {
  const replay = useUi((s) => s.replay);
  return replay ? <ReplayTimeline replay={replay} /> : <LiveTimeline />;
}
