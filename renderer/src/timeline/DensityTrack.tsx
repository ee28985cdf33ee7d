import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineBookmark, TimelineSummary } from '../../../shared/replay';
import { formatUtc } from '../panels/format';
import {
  binIndexAt,
  binsPerBar,
  chooseTicks,
  densitySeries,
  describeBin,
  extentOf,
  formatMoment,
  keyStep,
  mergeBins,
  pointerToTime,
  stackSeries,
  timeToFraction,
  type Extent,
  type Stack,
  type Tick,
} from './timelineModel';

/** Room under the bars for the tick labels (px). */
const TICK_AREA = 14;
/** Bars narrower than this merge neighbouring bins (px). */
const MIN_BAR_PX = 4;
/** Bins after the cursor (the replay's future) are drawn this faint. */
const FUTURE_ALPHA = 0.35;

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(3)}%`;
}

/** Follows an element's size in CSS pixels. */
function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (): void => {
      const box = element.getBoundingClientRect();
      setSize((s) =>
        s.width === Math.round(box.width) && s.height === Math.round(box.height)
          ? s
          : { width: Math.round(box.width), height: Math.round(box.height) },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** Draws the stacked density and the time axis into the canvas. */
function draw(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  startTs: number | null,
  barMs: number,
  extent: Extent,
  stack: Stack,
  ticks: readonly Tick[],
  cursor: number | null,
): void {
  const ratio = window.devicePixelRatio || 1;
  const pixelWidth = Math.max(1, Math.round(width * ratio));
  const pixelHeight = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const axis = ticks.length > 0 ? TICK_AREA : 0;
  const barTop = 3;
  const barBottom = height - axis;
  const barSpace = Math.max(1, barBottom - barTop);

  // Tick lines first, under the bars.
  // eslint-disable-next-line i18next/no-literal-string -- a CSS font, not text
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  for (const tick of ticks) {
    const x = Math.round(timeToFraction(tick.at, extent) * width) + 0.5;
    ctx.strokeStyle = tick.major ? 'rgba(139, 152, 165, 0.55)' : 'rgba(139, 152, 165, 0.18)';
    ctx.beginPath();
    ctx.moveTo(x, barTop);
    ctx.lineTo(x, barBottom + (tick.major ? 4 : 2));
    ctx.stroke();
    ctx.fillStyle = tick.major ? '#e6edf3' : '#8b98a5';
    const label = tick.label;
    const w = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(width - w - 1, Math.max(1, x - w / 2)), height - 1);
  }
  ctx.strokeStyle = 'rgba(139, 152, 165, 0.35)';
  ctx.beginPath();
  ctx.moveTo(0, barBottom + 0.5);
  ctx.lineTo(width, barBottom + 0.5);
  ctx.stroke();

  if (stack.max <= 0 || startTs === null || barMs <= 0) return;
  const scale = barSpace / stack.max;
  stack.bins.forEach((segments, i) => {
    if (segments.length === 0) return;
    const from = startTs + i * barMs;
    const x0 = timeToFraction(from, extent) * width;
    const x1 = timeToFraction(from + barMs, extent) * width;
    const barWidth = Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0));
    ctx.globalAlpha = cursor !== null && from > cursor ? FUTURE_ALPHA : 1;
    for (const s of segments) {
      ctx.fillStyle = s.color;
      const y = barBottom - s.y1 * scale;
      ctx.fillRect(x0, y, barWidth, (s.y1 - s.y0) * scale);
    }
  });
  ctx.globalAlpha = 1;
}

/**
 * The timeline's bar: incident density over the whole operation, the live edge, bookmarks and (in
 * replay) the cursor. A press starts a drag that scrubs (with pointer capture, so the drag goes on
 * outside the bar); releasing asks for the exact moment; a click is a drag that did not move.
 */
export function DensityTrack({
  timeline,
  densityBy,
  cursor,
  seq,
  slim,
  liveEdgeLabel,
  onScrub,
  onRelease,
  onBookmark,
  label,
}: {
  timeline: TimelineSummary | null;
  densityBy: 'priority' | 'category';
  /** The replayed moment; null live. */
  cursor: number | null;
  /** The newest event at or before the cursor (a test waits on it to know a seek has landed). */
  seq?: number;
  slim: boolean;
  liveEdgeLabel: string;
  /** While dragging (replay only). */
  onScrub?: (t: number) => void;
  /** On release or a click. */
  onRelease: (t: number) => void;
  onBookmark?: (bookmark: TimelineBookmark) => void;
  label: string;
}) {
  const { t, i18n } = useTranslation('timeline');
  const trackRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = useElementSize(trackRef);
  const extent = useMemo(() => extentOf(timeline), [timeline]);
  const binCount = timeline ? (timeline.bins.byPriority[1]?.length ?? 0) : 0;
  const factor = binsPerBar(binCount, width, MIN_BAR_PX);
  // The layers carry their labels, so they are built again when the language changes.
  const language = i18n.language;
  const series = useMemo(
    () => (timeline ? mergeBins(densitySeries(timeline.bins, densityBy), factor) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [timeline, densityBy, factor, language],
  );
  const barMs = (timeline?.binMs ?? 0) * factor;
  const stack = useMemo(() => stackSeries(series), [series]);
  const ticks = useMemo(() => (extent && !slim ? chooseTicks(extent, width, 90) : []), [extent, width, slim]);
  const [hover, setHover] = useState<string>('');
  const drag = useRef<{ pointerId: number; last: number; frame: number | null } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !timeline || !extent || width === 0 || height === 0) return;
    draw(canvas, width, height, timeline.startTs, barMs, extent, stack, ticks, cursor);
  }, [timeline, barMs, extent, stack, ticks, cursor, width, height]);

  // A drag still running when the component goes away must not leave a frame queued.
  useEffect(
    () => () => {
      if (drag.current?.frame != null) cancelAnimationFrame(drag.current.frame);
    },
    [],
  );

  const timeAt = (clientX: number): number | null => {
    const box = trackRef.current?.getBoundingClientRect();
    if (!box || !extent) return null;
    return pointerToTime(clientX, box.left, box.width, extent);
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0 || !extent) return;
    const at = timeAt(e.clientX);
    if (at === null) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    drag.current = { pointerId: e.pointerId, last: at, frame: null };
    onScrub?.(at);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const at = timeAt(e.clientX);
    if (at === null) return;
    const d = drag.current;
    if (d && d.pointerId === e.pointerId) {
      d.last = at;
      // One seek per frame at most: pointer events come faster than the map can draw.
      d.frame ??= requestAnimationFrame(() => {
        if (drag.current) {
          drag.current.frame = null;
          onScrub?.(drag.current.last);
        }
      });
      return;
    }
    if (timeline && timeline.startTs !== null) {
      const count = stack.bins.length;
      const i = binIndexAt(at, timeline.startTs, barMs, count);
      setHover(
        i === null
          ? t('track.moment', { moment: formatMoment(at), utc: formatUtc(at) })
          : t('track.binHover', { bin: describeBin(i, timeline.startTs, barMs, series), label }),
      );
    }
  };

  const finish = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    if (d.frame !== null) cancelAnimationFrame(d.frame);
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    const at = e.type === 'pointercancel' ? d.last : (timeAt(e.clientX) ?? d.last);
    onRelease(at);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!extent) return;
    if (cursor === null) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onRelease(extent.end);
      }
      return;
    }
    const step = keyStep(e.key, extent);
    if (step === null) return;
    e.preventDefault();
    onRelease(Math.min(extent.end, Math.max(extent.start, cursor + step)));
  };

  const bookmarks = timeline?.bookmarks ?? [];
  const bookmarkTitle = (b: TimelineBookmark): string => {
    const values = {
      label: b.label,
      moment: formatMoment(b.at),
      utc: formatUtc(b.at),
      kept: b.shared ? t('bookmark.shared') : t('bookmark.local'),
      author: b.author,
    };
    return b.note ? t('bookmark.titleNote', { ...values, note: b.note }) : t('bookmark.title', values);
  };
  return (
    <div
      ref={trackRef}
      className={`wf-tl-track${slim ? ' is-slim' : ''}${extent ? '' : ' is-empty'}`}
      data-testid="timeline-track"
      role="slider"
      tabIndex={0}
      aria-label={label}
      aria-valuemin={extent?.start ?? 0}
      aria-valuemax={extent?.end ?? 0}
      aria-valuenow={cursor ?? extent?.end ?? 0}
      aria-valuetext={formatMoment(cursor ?? extent?.end ?? Number.NaN)}
      title={hover || label}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={finish}
      onPointerCancel={finish}
      onPointerLeave={() => setHover('')}
      onKeyDown={onKeyDown}
    >
      <canvas ref={canvasRef} className="wf-tl-canvas" aria-hidden="true" />
      {!extent && <span className="wf-tl-empty">{t('track.empty')}</span>}
      {extent && (
        <span
          className="wf-tl-live-edge"
          data-testid="timeline-live-edge"
          title={t('track.edgeTitle', {
            edge: liveEdgeLabel,
            moment: formatMoment(extent.end),
            utc: formatUtc(extent.end),
          })}
        >
          <span className="wf-tl-live-label">{liveEdgeLabel}</span>
        </span>
      )}
      {extent &&
        !slim &&
        bookmarks.map((b) => (
          <button
            key={b.bookmarkId}
            type="button"
            className={`wf-tl-bookmark${b.shared ? ' is-shared' : ''}`}
            style={{ left: percent(timeToFraction(b.at, extent)) }}
            data-testid="timeline-bookmark"
            data-at={b.at}
            title={bookmarkTitle(b)}
            aria-label={t('bookmark.aria', { label: b.label })}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => onBookmark?.(b)}
          />
        ))}
      {extent && cursor !== null && (
        <span
          className="wf-tl-cursor"
          data-testid="timeline-cursor"
          data-at={Math.round(cursor)}
          data-seq={seq}
          style={{ left: percent(timeToFraction(cursor, extent)) }}
        />
      )}
    </div>
  );
}
