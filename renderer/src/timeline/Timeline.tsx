import { useEffect, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import type { TimelineSummary } from '../../../shared/replay';
import { formatAge, formatUtc } from '../panels/format';
import { REPLAY_SPEEDS, TRAIL_WINDOWS_MS, type ReplayUi } from '../store/types';
import { ui, useUi } from '../store/uiStore';
import { DensityTrack } from './DensityTrack';
import { extentOf, formatMoment, formatSpeed, formatWindow, parseJump, parseSpeed } from './timelineModel';
import './timeline.css';

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
  return (
    <button
      type="button"
      className={`wf-button wf-tl-toggle${replaying ? ' is-replaying' : ''}`}
      data-testid="replay-toggle"
      aria-pressed={replaying}
      title={replaying ? 'Back to the live picture (T)' : 'Replay the operation: review any past moment (T)'}
      onClick={() => void ui.toggleReplay()}
    >
      {replaying ? '● Back to live' : '⟲ Replay'}
    </button>
  );
}

/** The slim live bar: the density so far and the way into replay. */
function LiveTimeline() {
  const timeline = useLiveTimeline(true);
  const extent = extentOf(timeline);
  return (
    <div className="wf-timeline is-live" data-testid="timeline">
      <span
        className="wf-tl-mode is-live"
        data-testid="timeline-mode"
        data-mode="live"
        title="The live picture"
      >
        LIVE
      </span>
      <ReplayToggle replaying={false} />
      <DensityTrack
        timeline={timeline}
        densityBy="priority"
        cursor={null}
        slim
        liveEdgeLabel="now"
        label="Incident density of the operation; click to replay from that moment"
        onRelease={(t) => void ui.enterReplay(t)}
      />
      {timeline && extent && (
        <span className="wf-tl-summary" title={`Recorded since ${formatUtc(extent.start)}`}>
          {timeline.incidentCount} incidents · {formatAge(extent.end - extent.start)}
        </span>
      )}
    </div>
  );
}

/** A field's complaint, shown over the bar until the next edit. */
interface FieldMessage {
  field: 'speed' | 'jump';
  text: string;
}

function SpeedField({ speed, onError }: { speed: number; onError: (text: string | null) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (text: string): void => {
    const parsed = parseSpeed(text);
    if (!parsed.ok) {
      onError(parsed.error);
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
    <label
      className="wf-tl-field"
      title="Replay speed: pick one, or type 0.5 to 3600 (e.g. 600 or 600x) and press Enter"
    >
      <span className="wf-tl-field-label">Speed</span>
      <input
        className="wf-input wf-tl-speed"
        data-testid="replay-speed"
        list="wf-replay-speeds"
        inputMode="decimal"
        aria-label="Replay speed"
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

function JumpField({ replay, onError }: { replay: ReplayUi; onError: (text: string | null) => void }) {
  const [text, setText] = useState('');
  const go = (): void => {
    const parsed = parseJump(text, replay.at, extentOf(replay.timeline));
    if (!parsed.ok) {
      onError(parsed.error);
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
      placeholder="Jump to… 14:05"
      aria-label="Jump to a date and time"
      title="Jump to a moment: 14:05 (on the cursor’s day), 2026-11-29 14:05 (local time), add Z or UTC for UTC; press Enter"
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
  const [message, setMessage] = useState<FieldMessage | null>(null);
  const archive = replay.source.kind === 'archive';
  const say = (field: FieldMessage['field']) => (text: string | null) =>
    setMessage((m) => (text === null ? (m?.field === field ? null : m) : { field, text }));
  return (
    <div className={`wf-timeline is-replay${archive ? ' is-archive' : ''}`} data-testid="timeline">
      {message && (
        <div className="wf-tl-message" role="alert" data-testid="timeline-error" data-field={message.field}>
          {message.text}
        </div>
      )}
      <div className="wf-tl-controls">
        <span
          className="wf-tl-mode is-replay"
          data-testid="timeline-mode"
          data-mode="replay"
          title={
            archive
              ? `Replaying an archive, read only: ${replay.source.path ?? ''}`
              : 'Replaying the recorded operation; the live feed keeps being stored'
          }
        >
          {archive ? 'ARCHIVE' : 'REPLAY'}
        </span>
        <time
          className="wf-tl-now"
          data-testid="replay-time"
          dateTime={new Date(replay.at).toISOString()}
          title={`${formatUtc(replay.at)}${replay.lastSeek ? ` · drawn in ${replay.lastSeek.tookMs} ms (${replay.lastSeek.path})` : ''}`}
        >
          {formatMoment(replay.at)}
        </time>
        <span className="wf-tl-transport" role="group" aria-label="Playback">
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-prev-bookmark"
            title="Previous bookmark"
            aria-label="Previous bookmark"
            onClick={() => void ui.step(-1, 'bookmark')}
          >
            ◂⚑
          </button>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-prev"
            title="Previous incident ([)"
            aria-label="Previous incident"
            onClick={() => void ui.step(-1, 'incident')}
          >
            ◂ Incident
          </button>
          <button
            type="button"
            className={`wf-button wf-tl-play${replay.playing ? ' is-playing' : ''}`}
            data-testid="replay-play"
            aria-pressed={replay.playing}
            title={replay.playing ? 'Pause (P)' : 'Play (P)'}
            onClick={() => ui.togglePlay()}
          >
            {replay.playing ? '❚❚ Pause' : '▶ Play'}
          </button>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-next"
            title="Next incident (])"
            aria-label="Next incident"
            onClick={() => void ui.step(1, 'incident')}
          >
            Incident ▸
          </button>
          <button
            type="button"
            className="wf-button"
            data-testid="replay-step-next-bookmark"
            title="Next bookmark"
            aria-label="Next bookmark"
            onClick={() => void ui.step(1, 'bookmark')}
          >
            ⚑▸
          </button>
        </span>
      </div>
      <div className="wf-tl-controls">
        <SpeedField speed={replay.speed} onError={say('speed')} />
        <select
          className="wf-select"
          data-testid="replay-trail-window"
          aria-label="Trail window"
          title="How much of each unit's track to draw before the moment shown"
          value={replay.trailWindowMs}
          onChange={(e) => ui.setTrailWindow(Number(e.target.value))}
        >
          {TRAIL_WINDOWS_MS.map((ms) => (
            <option key={ms} value={ms}>
              Trails {formatWindow(ms)}
            </option>
          ))}
        </select>
        <select
          className="wf-select"
          data-testid="replay-density-by"
          aria-label="Density by"
          title="Stack the incident density by priority or by category"
          value={replay.densityBy}
          onChange={(e) => ui.setDensityBy(e.target.value === 'category' ? 'category' : 'priority')}
        >
          <option value="priority">By priority</option>
          <option value="category">By category</option>
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
        liveEdgeLabel={archive ? 'end' : 'live'}
        label="Drag to scrub, click to jump; arrow keys move a minute, Page Up/Down an hour"
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
