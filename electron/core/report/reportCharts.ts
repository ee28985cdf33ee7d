import type { ImpactLevel, IncidentPriority } from '../../../shared/domain';
import { reportLanguage, type ReportLanguage } from './reportI18n';
import { esc } from './reportText';
import { RESPONSE_MEASURES, type AfterActionReport, type DurationStats, type SectorTimeline } from './types';

/**
 * The report's charts as inline SVG strings: no script, no external resource, text escaped. Sizes
 * are in CSS pixels of an A4 page's printable width (about 700 px), so 10 px text prints at 10 px.
 */

/** The printable width the charts are drawn for. */
export const CHART_WIDTH = 700;

/** Impact level colours, dark enough to read on paper and told apart in grey by lightness. */
export const IMPACT_COLOURS: Readonly<Record<ImpactLevel, string>> = {
  low: '#2e7d32',
  medium: '#c99a00',
  high: '#e65100',
  critical: '#b71c1c',
};
/** The colour of a stretch whose level the report cannot know. */
export const UNKNOWN_COLOUR = '#9e9e9e';

/** Priority colours of incident dots: the most urgent the most saturated. */
export const PRIORITY_COLOURS: Readonly<Record<IncidentPriority, string>> = {
  1: '#b71c1c',
  2: '#ef6c00',
  3: '#1565c0',
  4: '#78909c',
};

/** A colour from a fixed palette: a value off the list (a hostile feed) gets the neutral grey. */
export function impactColour(level: ImpactLevel | null): string {
  return level !== null && Object.hasOwn(IMPACT_COLOURS, level) ? IMPACT_COLOURS[level] : UNKNOWN_COLOUR;
}

/** See {@link impactColour}. */
export function priorityColour(priority: number): string {
  return Object.hasOwn(PRIORITY_COLOURS, priority)
    ? PRIORITY_COLOURS[priority as IncidentPriority]
    : UNKNOWN_COLOUR;
}

/** A number for an SVG attribute: always finite, at most one decimal. */
export function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}

/** An SVG text element with escaped content. */
export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${n(x)}" y="${n(y)}"${attributes ? ` ${attributes}` : ''}>${esc(content)}</text>`;
}

/** The outer element: sized by its viewBox, scaled to the column. */
export function svg(width: number, height: number, label: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-label="${esc(label)}">${body}</svg>`;
}

function empty(L: ReportLanguage, label: string): string {
  return svg(
    CHART_WIDTH,
    40,
    label,
    text(CHART_WIDTH / 2, 24, L.t('charts.empty'), 'class="muted" text-anchor="middle"'),
  );
}

/** Incidents per category as horizontal bars. */
export function categoryChart(report: AfterActionReport, L = reportLanguage()): string {
  const rows = report.byCategory;
  const max = Math.max(1, ...rows.map((r) => r.incidents));
  const labelW = 160;
  const barMax = CHART_WIDTH - labelW - 60;
  const rowH = 18;
  const body = rows
    .map((r, i) => {
      const y = 4 + i * rowH;
      const w = (r.incidents / max) * barMax;
      return (
        text(labelW - 8, y + 12, L.label('incidentCategory', r.category), 'text-anchor="end"') +
        `<rect x="${labelW}" y="${n(y + 2)}" width="${n(Math.max(w, r.incidents > 0 ? 1.5 : 0))}" height="${rowH - 5}" class="bar"/>` +
        text(labelW + w + 6, y + 12, L.number(r.incidents), 'class="value"')
      );
    })
    .join('');
  return svg(CHART_WIDTH, rows.length * rowH + 8, L.t('charts.byCategory'), body);
}

/** Incidents per UTC day as columns. */
export function dailyChart(report: AfterActionReport, L = reportLanguage()): string {
  const days = report.byDay;
  if (days.length === 0) return empty(L, L.t('charts.perDay'));
  const height = 190;
  const left = 40;
  const right = 10;
  const top = 16;
  const bottom = 34;
  const plotW = CHART_WIDTH - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...days.map((d) => d.incidents));
  const slot = plotW / days.length;
  const barW = Math.max(1, Math.min(40, slot * 0.72));
  const labelEvery = Math.ceil(days.length / 16);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const grid = ticks
    .map((v) => {
      const y = top + plotH - (v / max) * plotH;
      return `<line x1="${left}" x2="${CHART_WIDTH - right}" y1="${n(y)}" y2="${n(y)}" class="grid"/>${text(left - 6, y + 3.5, L.number(v), 'text-anchor="end" class="axis"')}`;
    })
    .join('');
  const bars = days
    .map((d, i) => {
      const x = left + i * slot + (slot - barW) / 2;
      const h = (d.incidents / max) * plotH;
      const y = top + plotH - h;
      const label =
        i % labelEvery === 0
          ? text(
              x + barW / 2,
              height - bottom + 14,
              L.dayMonth(Date.parse(`${d.day}T00:00:00Z`)),
              'text-anchor="middle" class="axis"',
            )
          : '';
      const value =
        days.length <= 31 && d.incidents > 0
          ? text(x + barW / 2, y - 3, L.number(d.incidents), 'text-anchor="middle" class="value"')
          : '';
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(barW)}" height="${n(h)}" class="bar"><title>${esc(`${L.day(d.day)}: ${L.number(d.incidents)}`)}</title></rect>${value}${label}`;
    })
    .join('');
  const caption = text(
    left,
    height - 4,
    L.t('charts.utcDays', {
      from: L.day(days[0]?.day ?? ''),
      to: L.day(days[days.length - 1]?.day ?? ''),
    }),
    'class="axis"',
  );
  return svg(CHART_WIDTH, height, L.t('charts.perUtcDay'), grid + bars + caption);
}

const HOUR = 3_600_000;
const TICK_STEPS = [
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  48 * HOUR,
  7 * 24 * HOUR,
  14 * 24 * HOUR,
  28 * 24 * HOUR,
];

/** Tick times on whole UTC steps inside [from, to]: at most about 8 of them. */
export function timeTicks(from: number, to: number, L = reportLanguage()): { at: number; label: string }[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const step = TICK_STEPS.find((s) => span / s <= 8) ?? Math.ceil(span / 8 / (24 * HOUR)) * 24 * HOUR;
  const ticks: { at: number; label: string }[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const time = L.time(t);
    ticks.push({ at: t, label: step < 24 * HOUR && time !== '00:00' ? time : L.dayMonth(t) });
  }
  return ticks;
}

/** The sector impact timeline: one strip per sector, coloured by level, on a shared UTC time axis. */
export function impactTimelineChart(
  report: AfterActionReport,
  timeline: readonly SectorTimeline[] = report.impactTimeline,
  L = reportLanguage(),
): string {
  const { from, to } = report.period;
  if (timeline.length === 0 || !(to > from)) return empty(L, L.t('charts.impactTimeline'));
  const labelW = 200;
  const x0 = labelW + 6;
  const x1 = CHART_WIDTH - 6;
  const top = 22;
  const rowH = 15;
  const height = top + timeline.length * rowH + 8;
  const x = (t: number): number => x0 + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * (x1 - x0);
  const ticks = timeTicks(from, to, L)
    .map((t) => {
      // Labels at the ends of the axis stay inside the chart.
      const anchor = x(t.at) > x1 - 14 ? 'end' : x(t.at) < x0 + 14 ? 'start' : 'middle';
      return `<line x1="${n(x(t.at))}" x2="${n(x(t.at))}" y1="${top - 4}" y2="${n(height - 6)}" class="grid"/>${text(x(t.at), top - 8, t.label, `text-anchor="${anchor}" class="axis"`)}`;
    })
    .join('');
  const rows = timeline
    .map((s, i) => {
      const y = top + i * rowH;
      const segments = s.segments
        .map(
          (g) =>
            `<rect x="${n(x(g.start))}" y="${n(y + 2)}" width="${n(Math.max(0.6, x(g.end) - x(g.start)))}" height="${rowH - 4}" fill="${impactColour(g.level)}"><title>${esc(L.t('charts.segment', { sector: s.name, level: g.level === null ? L.t('charts.unknownLevel') : L.label('impactLevel', g.level).toLocaleLowerCase(L.locale), from: L.utc(g.start), to: L.utc(g.end) }))}</title></rect>`,
        )
        .join('');
      const name = s.name.length > 34 ? `${s.name.slice(0, 33)}…` : s.name;
      return text(labelW, y + rowH - 4, name, 'text-anchor="end"') + segments;
    })
    .join('');
  return svg(CHART_WIDTH, height, L.t('charts.impactOverPeriod'), ticks + rows);
}

/** Median bars with the 90th percentile as a lighter bar behind, per measure, overall and by priority. */
export function responseChart(report: AfterActionReport, L = reportLanguage()): string {
  const labelW = 90;
  const valueW = 210;
  const barMax = CHART_WIDTH - labelW - valueW - 10;
  const rowH = 16;
  let y = 0;
  let body = '';
  for (const measure of RESPONSE_MEASURES) {
    const rows: { label: string; stats: DurationStats }[] = [
      { label: L.t('all'), stats: report.responseTimes.overall[measure] },
      ...report.responseTimes.byPriority.map((p) => ({
        label: L.t('priority', { priority: p.priority }),
        stats: p.times[measure],
      })),
    ];
    const max = Math.max(1, ...rows.map((r) => r.stats.p90Ms ?? 0));
    body += text(0, y + 13, L.t(`charts.measure.${measure}`), 'class="heading"');
    y += 18;
    for (const r of rows) {
      const median = r.stats.medianMs ?? 0;
      const p90 = r.stats.p90Ms ?? 0;
      body +=
        text(labelW - 8, y + 11, r.label, 'text-anchor="end"') +
        `<rect x="${labelW}" y="${n(y + 2)}" width="${n((p90 / max) * barMax)}" height="${rowH - 5}" class="bar-light"/>` +
        `<rect x="${labelW}" y="${n(y + 2)}" width="${n((median / max) * barMax)}" height="${rowH - 5}" class="bar"/>` +
        text(
          labelW + barMax + 8,
          y + 11,
          r.stats.count === 0
            ? L.t('charts.none')
            : L.t('charts.responseValue', {
                median: L.duration(r.stats.medianMs),
                p90: L.duration(r.stats.p90Ms),
                n: L.number(r.stats.count),
              }),
          'class="value"',
        );
      y += rowH;
    }
    y += 8;
  }
  return svg(CHART_WIDTH, y, L.t('charts.responseTimes'), body);
}
