import { RESULT_COUNTS, type OperationMode, type ResultCount } from '../../../shared/domain';
import { RESULT_SHORT_LABELS } from '../../../shared/results';
import {
  categoryChart,
  dailyChart,
  impactColour,
  impactTimelineChart,
  priorityColour,
  responseChart,
  IMPACT_COLOURS,
  PRIORITY_COLOURS,
  UNKNOWN_COLOUR,
} from './reportCharts';
import { mapSvg } from './reportMap';
import {
  countryLabel,
  esc,
  formatCount,
  formatDuration,
  formatHours,
  formatNumber,
  formatUtc,
  humanize,
  RESULT_COUNT_LABELS,
} from './reportText';
import {
  RESPONSE_MEASURES,
  type ActivityTotals,
  type AfterActionReport,
  type ReportIncident,
  type ResultGroup,
} from './types';

/**
 * The after-action report as one self-contained HTML file, for the screen, for printing to PDF and
 * for sending on: inline CSS and inline SVG only, no script, no external resource, and a Content
 * Security Policy that would block both if anything slipped in. All text from the feed is escaped.
 */

/** The policy in the file's own <meta>: nothing may load or run; inline styles and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const SHORT: Readonly<Record<ResultCount, string>> = { persons: 'Pers.', ...RESULT_SHORT_LABELS };

/** The banner, the printed page header and the title marking, by mode. Fixed strings: no data goes into CSS. */
const MODE_MARKS: Readonly<
  Record<OperationMode | 'unknown', { banner: string; page: string; className: string }>
> = {
  exercise: {
    banner: 'EXERCISE — training operation, not a real one. Figures are exercise data.',
    page: 'EXERCISE \\2014  EXERCISE \\2014  EXERCISE',
    className: 'exercise',
  },
  live: { banner: 'LIVE OPERATION', page: 'LIVE OPERATION', className: 'live' },
  unknown: {
    banner: 'MODE NOT STATED — the picture holds no operation; do not treat these figures as live.',
    page: 'MODE NOT STATED',
    className: 'unknown',
  },
};

function css(mark: (typeof MODE_MARKS)[keyof typeof MODE_MARKS]): string {
  const pageMark =
    mark.className === 'live'
      ? `@top-center { content: "${mark.page}"; font: 600 8.5pt sans-serif; color: #333; }`
      : `@top-center { content: "${mark.page}"; font: 700 10pt sans-serif; color: #fff; background: ${mark.className === 'exercise' ? '#b00020' : '#5d4037'}; margin-top: 8mm; margin-bottom: 4mm; }`;
  return `
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4; margin: 20mm 12mm 15mm 12mm;
  ${pageMark}
  @bottom-left { content: "Watchfloor after-action report"; font: 8pt sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; }
}
@page :first { @top-center { content: none; background: none; } }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #111; background: #fff; }
/* Feed text is isolated: a right-to-left name cannot pull the labels and figures beside it around. */
td, th, li, dd, dt, span, p, h1, h2, h3, figcaption, text { unicode-bidi: isolate; }
body { margin: 0 auto; max-width: 190mm; padding: 0 4mm 8mm; line-height: 1.35; }
.banner { position: sticky; top: 0; z-index: 2; margin: 0 -4mm 4mm; padding: 2.2mm 4mm; font-weight: 700; font-size: 11pt; text-align: center; }
.banner.exercise { background: #b00020; color: #fff; }
.banner.live { background: #eceff1; color: #263238; border-bottom: 1px solid #90a4ae; }
.banner.unknown { background: #5d4037; color: #fff; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #263238; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
.major { break-before: page; }
.muted, .note { color: #555; }
.note { font-size: 8pt; margin: 1mm 0 2mm; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.6mm 4mm; margin: 2mm 0 3mm; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin: 2mm 0 3mm; }
.figure { border: 1px solid #b0bec5; border-radius: 1.5mm; padding: 1.5mm 2mm; break-inside: avoid; }
.figure b { display: block; font-size: 14pt; }
.figure span { font-size: 7.5pt; color: #444; }
.figure.lead { background: #263238; color: #fff; border-color: #263238; }
.figure.lead span { color: #cfd8dc; }
figure { margin: 2mm 0 3mm; break-inside: avoid; }
figcaption { font-size: 8pt; color: #444; margin-top: 1mm; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; font-size: 9px; }
svg .bar { fill: #37474f; }
svg .bar-light { fill: #b0bec5; }
svg .value { fill: #111; }
svg .axis { fill: #555; font-size: 8px; }
svg .heading { font-weight: 700; font-size: 10px; }
svg .muted { fill: #777; }
svg .grid { stroke: #cfd8dc; stroke-width: 0.6; }
svg .sea { fill: #eef4f8; }
svg .country { fill: #fbfaf6; stroke: #8d8d8d; stroke-width: 0.6; stroke-linejoin: round; }
svg .country-label { fill: #8a8a8a; font-size: 9px; letter-spacing: 0.05em; }
svg .sector { fill: none; stroke-width: 4; stroke-linecap: round; stroke-linejoin: round; }
svg .crossing { fill: #263238; }
svg .incident { stroke: #fff; stroke-width: 0.5; }
svg .frame { fill: none; stroke: #90a4ae; }
svg .map-plate { fill: #fff; fill-opacity: 0.8; }
svg .scale { fill: none; stroke: #333; stroke-width: 1.2; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 8pt; margin: 1mm 0; }
.swatch { display: inline-block; width: 3.2mm; height: 3.2mm; border-radius: 0.6mm; vertical-align: -0.5mm; margin-right: 1mm; }
.swatch.dot { border-radius: 50%; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; font-size: 8pt; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 0.5px solid #cfd8dc; padding: 0.8mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eceff1; font-weight: 700; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 1px solid #263238; }
td.time { white-space: normal; }
table.incidents { table-layout: fixed; font-size: 7.5pt; }
table.incidents td { padding: 0.6mm 1mm; }
table.incidents .pill { margin-top: 0.5mm; }
.zero { color: #aaa; }
.incident-title { font-weight: 700; }
.pill { display: inline-block; padding: 0 1.2mm; border-radius: 1mm; color: #fff; font-weight: 700; font-size: 7.5pt; }
ul.notes { margin: 1mm 0 0; padding-left: 4mm; }
ul.notes li { margin: 0.4mm 0; }
.meta { color: #444; font-size: 7.5pt; }
p.text, .desc { white-space: pre-wrap; overflow-wrap: anywhere; }
td { overflow-wrap: anywhere; }
@media screen { body { padding-top: 0; } .major { margin-top: 12mm; } }
`;
}

function num(value: number, decimals = 0): string {
  return `<td class="num${value === 0 ? ' zero' : ''}">${formatNumber(value, decimals)}</td>`;
}

function count(key: ResultCount, value: number): string {
  return `<td class="num${value === 0 ? ' zero' : ''}">${formatCount(key, value)}</td>`;
}

function resultHead(first: string): string {
  return `<thead><tr><th>${esc(first)}</th><th class="num">Inc.</th>${RESULT_COUNTS.map((k) => `<th class="num" title="${esc(RESULT_COUNT_LABELS[k])}">${esc(SHORT[k])}</th>`).join('')}</tr></thead>`;
}

function resultCells(g: ResultGroup): string {
  return num(g.incidents) + RESULT_COUNTS.map((k) => count(k, g.results[k])).join('');
}

function resultTable(
  first: string,
  rows: { label: string; group: ResultGroup }[],
  total: ResultGroup,
): string {
  return `<table>${resultHead(first)}<tbody>${rows.map((r) => `<tr><td>${esc(r.label)}</td>${resultCells(r.group)}</tr>`).join('')}<tr class="total"><td>Total</td>${resultCells(total)}</tr></tbody></table>`;
}

const RESULT_KEY = `<p class="note">Inc. = incidents; ${RESULT_COUNTS.map((k) => `${esc(SHORT[k])} = ${esc(RESULT_COUNT_LABELS[k].toLowerCase())}`).join('; ')}.</p>`;

function impactLegend(): string {
  const items = Object.entries(IMPACT_COLOURS).map(
    ([level, colour]) =>
      `<span><i class="swatch" style="background:${colour}"></i>${esc(humanize(level))}</span>`,
  );
  items.push(`<span><i class="swatch" style="background:${UNKNOWN_COLOUR}"></i>Not known</span>`);
  return `<div class="legend">${items.join('')}</div>`;
}

function priorityLegend(): string {
  return Object.entries(PRIORITY_COLOURS)
    .map(
      ([p, colour]) =>
        `<span><i class="swatch dot" style="background:${colour}"></i>Priority ${esc(p)}</span>`,
    )
    .join('');
}

function header(report: AfterActionReport): string {
  const op = report.operation;
  const mode = op.mode === null ? 'not stated' : op.mode === 'exercise' ? 'Exercise' : 'Live';
  const facts: [string, string][] = [
    ['Operation ID', op.operationId],
    ['Mode', mode],
    ['Period', `${formatUtc(report.period.from)} to ${formatUtc(report.period.to)}`],
    [
      'Operation ran',
      `${formatUtc(op.startedAt)} to ${op.endedAt === null ? 'still running' : formatUtc(op.endedAt)}`,
    ],
    ['Countries', op.countries.map(countryLabel).join(', ') || '—'],
    ['Generated', `${formatUtc(report.generatedAt)} by ${report.generatedBy}`],
  ];
  return `<header><p class="muted">After-action report</p><h1>${esc(op.name)}</h1><dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></header>`;
}

function keyFigures(report: AfterActionReport): string {
  const t = report.totals;
  const cards = [
    `<div class="figure lead"><b>${formatNumber(t.incidents)}</b><span>Incidents reported</span></div>`,
    ...RESULT_COUNTS.map(
      (k) =>
        `<div class="figure"><b>${formatCount(k, t.results[k])}</b><span>${esc(RESULT_COUNT_LABELS[k])}</span></div>`,
    ),
  ];
  return `<h2>Key figures</h2><div class="figures">${cards.join('')}</div><p class="note">Incidents total: ${formatNumber(t.incidents)}. Readmissions: ${formatNumber(report.readmissions.cases)} cases, ${formatNumber(report.readmissions.persons)} persons.</p>`;
}

function mapSection(report: AfterActionReport): string {
  return `<figure>${mapSvg(report)}<figcaption><div class="legend"><b>Sectors, level at the end of the period:</b>${impactLegend().replace(/^<div class="legend">|<\/div>$/g, '')}</div><div class="legend"><b>Incidents:</b>${priorityLegend()}<span><i class="swatch" style="background:#263238"></i>Crossing point</span></div></figcaption></figure>`;
}

function resultsSection(report: AfterActionReport): string {
  const t = report.totals;
  return [
    '<section class="major"><h2>Results</h2>',
    `<h3>Incidents by category</h3><figure>${categoryChart(report)}</figure>`,
    resultTable(
      'Category',
      report.byCategory.map((r) => ({ label: humanize(r.category), group: r })),
      t,
    ),
    RESULT_KEY,
    '<h3>By country</h3>',
    resultTable(
      'Country',
      report.byCountry.map((r) => ({ label: countryLabel(r.country), group: r })),
      t,
    ),
    '<p class="note">Credited to the country of the reporting unit, else the first country of the sector (see Method).</p>',
    `<h3>Incidents per day (UTC)</h3><figure>${dailyChart(report)}</figure>`,
    resultTable(
      'Day (UTC)',
      report.byDay.map((r) => ({ label: r.day, group: r })),
      t,
    ),
    '<h3>By sector</h3>',
    resultTable(
      'Sector',
      report.bySector.map((r) => ({ label: r.name, group: r })),
      t,
    ),
    '</section>',
  ].join('');
}

function responseSection(report: AfterActionReport): string {
  const rows = [
    { label: 'All', incidents: report.totals.incidents, times: report.responseTimes.overall },
    ...report.responseTimes.byPriority.map((p) => ({
      label: `Priority ${p.priority}`,
      incidents: p.incidents,
      times: p.times,
    })),
  ];
  const head = `<thead><tr><th rowspan="2">Priority</th><th class="num" rowspan="2">Inc.</th>${RESPONSE_MEASURES.map((m) => `<th colspan="3">To ${esc(m)}</th>`).join('')}</tr><tr>${RESPONSE_MEASURES.map(() => '<th class="num">n</th><th class="num">Median</th><th class="num">p90</th>').join('')}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.label)}</td>${num(r.incidents)}${RESPONSE_MEASURES.map((m) => `${num(r.times[m].count)}<td class="num">${esc(formatDuration(r.times[m].medianMs))}</td><td class="num">${esc(formatDuration(r.times[m].p90Ms))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<section class="major"><h2>Response times</h2><figure>${responseChart(report)}<figcaption>Dark bar: median; light bar: 90th percentile. Each measure has its own scale.</figcaption></figure><table>${head}<tbody>${body}</tbody></table><p class="note">From the time an incident was reported. Median and 90th percentile by linear interpolation between closest ranks (as R, NumPy and PERCENTILE.INC).</p></section>`;
}

function impactSection(report: AfterActionReport): string {
  const changes = report.impactTimeline
    .flatMap((s) => s.changes.map((c) => ({ ...c, name: s.name })))
    .sort((a, b) => a.at - b.at);
  const table = changes.length
    ? `<table><thead><tr><th>Time (UTC)</th><th>Sector</th><th>New level</th><th>Reason</th></tr></thead><tbody>${changes
        .map(
          (c) =>
            `<tr><td class="time">${esc(formatUtc(c.at))}</td><td>${esc(c.name)}</td><td><i class="swatch" style="background:${impactColour(c.level)}"></i>${esc(humanize(c.level))}</td><td>${esc(c.reason ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No impact level changed during the period.</p>';
  return `<section class="major"><h2>Sector impact levels</h2><figure>${impactTimelineChart(report)}<figcaption>${impactLegend()}</figcaption></figure><h3>Changes</h3>${table}</section>`;
}

function readmissionSection(report: AfterActionReport): string {
  const r = report.readmissions;
  if (r.cases === 0)
    return '<section><h2>Readmissions</h2><p class="muted">No readmission in the period.</p></section>';
  const pairs = `<table><thead><tr><th>From</th><th>To</th><th class="num">Cases</th><th class="num">Persons</th></tr></thead><tbody>${r.byPair
    .map(
      (p) =>
        `<tr><td>${esc(countryLabel(p.fromCountry))}</td><td>${esc(countryLabel(p.toCountry))}</td>${num(p.cases)}${num(p.persons)}</tr>`,
    )
    .join(
      '',
    )}<tr class="total"><td colspan="2">Total</td>${num(r.cases)}${num(r.persons)}</tr></tbody></table>`;
  const crossings = `<table><thead><tr><th>Crossing point</th><th>Countries</th><th class="num">Cases</th><th class="num">Persons</th></tr></thead><tbody>${r.byCrossing
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${esc(c.countries.join(' – '))}</td>${num(c.cases)}${num(c.persons)}</tr>`,
    )
    .join('')}</tbody></table>`;
  return `<section><h2>Readmissions</h2><h3>By pair of countries (from → to)</h3>${pairs}<h3>By crossing point</h3>${crossings}</section>`;
}

function readmissionProcedureSection(report: AfterActionReport): string {
  const r = report.readmissionProcedure;
  if (r.requested === 0) return '';
  const duration = (ms: number | null): string => (ms === null ? '—' : `${Math.round(ms / 60_000)} min`);
  const pairs = `<table><thead><tr><th>Requesting</th><th>Requested</th><th class="num">Requested</th><th class="num">Accepted</th><th class="num">Refused</th><th class="num">Handed over</th><th class="num">Late</th></tr></thead><tbody>${r.byPair
    .map(
      (p) =>
        `<tr><td>${esc(countryLabel(p.requestingCountry))}</td><td>${esc(countryLabel(p.requestedCountry))}</td>${num(p.requested)}${num(p.accepted)}${num(p.refused)}${num(p.handedOver)}${num(p.late)}</tr>`,
    )
    .join('')}</tbody></table>`;
  const crossings = `<table><thead><tr><th>Crossing point</th><th>Countries</th><th class="num">Requested</th><th class="num">Accepted</th><th class="num">Refused</th><th class="num">Handed over</th><th class="num">Persons</th><th class="num">Late</th></tr></thead><tbody>${r.byCrossing
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${esc(c.countries.join(' – '))}</td>${num(c.requested)}${num(c.accepted)}${num(c.refused)}${num(c.handedOver)}${num(c.personsHandedOver)}${num(c.late)}</tr>`,
    )
    .join('')}</tbody></table>`;
  const reasons =
    r.refusalReasons.length === 0
      ? ''
      : `<h3>Reasons for refusal</h3><table><tbody>${r.refusalReasons
          .map((x) => `<tr><td>${esc(x.reason)}</td>${num(x.cases)}</tr>`)
          .join('')}</tbody></table>`;
  return `<section><h2>Simplified readmission procedure</h2><p>Cases requested: ${formatNumber(r.requested)}; accepted ${formatNumber(r.accepted)}, refused ${formatNumber(r.refused)}, handed over ${formatNumber(r.handedOver)} (${formatNumber(r.personsHandedOver)} persons); late (refused or handed over after the deadline, or still open past it): ${formatNumber(r.late)}. Request to answer: median ${duration(r.timeToAnswer.median)}, p90 ${duration(r.timeToAnswer.p90)}; request to handover: median ${duration(r.timeToHandover.median)}, p90 ${duration(r.timeToHandover.p90)}.</p><h3>By pair of countries</h3>${pairs}<h3>By crossing point</h3>${crossings}${reasons}</section>`;
}

function activityRows(
  rows: readonly ActivityTotals[],
  label: (key: string) => string,
  total: ActivityTotals,
): string {
  return `<table><thead><tr><th></th><th class="num">Units</th><th class="num">Reports</th><th class="num">Distance km</th><th class="num">Patrol</th><th class="num">Responding</th><th class="num">On scene</th></tr></thead><tbody>${[
    ...rows,
    total,
  ]
    .map(
      (r) =>
        `<tr${r === total ? ' class="total"' : ''}><td>${esc(r === total ? 'Total' : label(r.key))}</td>${num(r.units)}${num(r.reports)}${num(r.distanceKm, 1)}<td class="num">${esc(formatHours(r.patrolMs))}</td><td class="num">${esc(formatHours(r.respondingMs))}</td><td class="num">${esc(formatHours(r.onSceneMs))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function activitySection(report: AfterActionReport): string {
  const a = report.unitActivity;
  if (a.units.length === 0)
    return '<section class="major"><h2>Unit activity</h2><p class="muted">No unit activity recorded for the period.</p></section>';
  return `<section class="major"><h2>Unit activity</h2><h3>By agency</h3>${activityRows(a.byAgency, humanize, a.total)}<h3>By kind of unit</h3>${activityRows(a.byKind, humanize, a.total)}<p class="note">Time in each status and distance between consecutive position reports, within the period. Per-unit figures are in the annex.</p></section>`;
}

function unitAnnex(report: AfterActionReport): string {
  const a = report.unitActivity;
  if (a.units.length === 0) return '';
  const rows = a.units
    .map(
      (u) =>
        `<tr><td>${esc(u.callsign)}</td><td>${esc(humanize(u.agency))}</td><td>${esc(humanize(u.kind))}</td><td>${esc(u.country)}</td>${num(u.reports)}${num(u.distanceKm, 1)}<td class="num">${esc(formatHours(u.patrolMs))}</td><td class="num">${esc(formatHours(u.respondingMs))}</td><td class="num">${esc(formatHours(u.onSceneMs))}</td></tr>`,
    )
    .join('');
  return `<section class="major"><h2>Annex: activity per unit</h2><table><thead><tr><th>Callsign</th><th>Agency</th><th>Kind</th><th>Country</th><th class="num">Reports</th><th class="num">km</th><th class="num">Patrol</th><th class="num">Responding</th><th class="num">On scene</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function bookmarkSection(report: AfterActionReport): string {
  if (report.bookmarks.length === 0)
    return '<section><h2>Bookmarks</h2><p class="muted">No bookmark in the period.</p></section>';
  return `<section><h2>Bookmarks</h2><table><thead><tr><th>Time (UTC)</th><th>Label</th><th>Note</th><th>Author</th><th>Kind</th></tr></thead><tbody>${report.bookmarks
    .map(
      (b) =>
        `<tr><td class="time">${esc(formatUtc(b.at))}</td><td>${esc(b.label)}</td><td class="desc">${esc(b.note ?? '')}</td><td>${esc(b.author)}</td><td>${b.shared ? 'Shared' : 'This desk'}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

/** A step's time beside the report's: "15:24" on the same UTC day, "10-06 01:10" on another. */
function stepTime(at: number, reportedAt: number): string {
  const full = formatUtc(at);
  return full.slice(0, 10) === formatUtc(reportedAt).slice(0, 10) ? full.slice(11, 16) : full.slice(5, 16);
}

function incidentRow(i: ReportIncident): string {
  const results = RESULT_COUNTS.flatMap((k) => {
    const v = i.results[k];
    return v === undefined ? [] : [`${esc(SHORT[k])} ${formatCount(k, v)}`];
  });
  const steps: [string, number | null][] = [
    ['Ack.', i.acknowledgedAt],
    ['Assigned', i.assignedAt],
    ['Resolved', i.resolvedAt],
  ];
  const text = [
    `<div class="incident-title">${esc(i.title)}</div>`,
    i.description ? `<div class="desc">${esc(i.description)}</div>` : '',
    i.outcome ? `<div><b>Outcome:</b> <span class="desc">${esc(i.outcome)}</span></div>` : '',
    results.length ? `<div><b>Results:</b> ${results.join(' · ')}</div>` : '',
    i.readmission
      ? `<div><b>Readmission:</b> ${formatNumber(i.readmission.persons)} persons, ${esc(countryLabel(i.readmission.fromCountry))} → ${esc(countryLabel(i.readmission.toCountry))} at ${esc(i.readmission.crossing)}</div>`
      : '',
    i.partnerReferences.length
      ? `<div class="meta">References: ${i.partnerReferences.map((p) => `${esc(humanize(p.kind))} ${esc(p.reference)}`).join('; ')}</div>`
      : '',
    i.notes.length
      ? `<ul class="notes">${i.notes.map((note) => `<li><span class="meta">${esc(formatUtc(note.at))} · ${esc(note.author)}:</span> <span class="desc">${esc(note.text)}</span></li>`).join('')}</ul>`
      : '',
  ].join('');
  const done = steps
    .filter((s): s is [string, number] => s[1] !== null)
    .map(([label, at]) => `${label} ${esc(stepTime(at, i.reportedAt))}`);
  const status = [
    `<b>${esc(humanize(i.status))}</b>`,
    done.length ? `<div class="meta">${done.join('<br>')}</div>` : '',
    i.assignedUnits.length ? `<div class="meta">Units: ${esc(i.assignedUnits.join(', '))}</div>` : '',
  ].join('');
  const where = `${esc(i.sectorName ?? '—')}<div class="meta">${esc(countryLabel(i.country))}${i.reportedBy ? `<br>by ${esc(i.reportedBy)}` : ''}</div>`;
  return `<tr><td class="time">${esc(formatUtc(i.reportedAt))}<div class="meta">${esc(i.incidentId)}</div><span class="pill" style="background:${priorityColour(i.priority)}">P${esc(i.priority)}</span> ${esc(humanize(i.category))}</td><td>${text}</td><td>${where}</td><td>${status}</td></tr>`;
}

function incidentSection(report: AfterActionReport): string {
  if (report.incidents.length === 0)
    return '<section class="major"><h2>Incidents</h2><p class="muted">No incident reported in the period.</p></section>';
  return `<section class="major"><h2>Incidents (${formatNumber(report.incidents.length)})</h2><table class="incidents"><colgroup><col style="width:19%"><col style="width:53%"><col style="width:14%"><col style="width:14%"></colgroup><thead><tr><th>Reported (UTC)</th><th>Incident, outcome, results and notes</th><th>Sector, credited to</th><th>Status</th></tr></thead><tbody>${report.incidents.map(incidentRow).join('')}</tbody></table>${RESULT_KEY}</section>`;
}

function methodSection(report: AfterActionReport): string {
  return `<section><h2>Method</h2><ul>${report.method.map((m) => `<li>${esc(m)}</li>`).join('')}</ul><p class="note">All times are UTC.</p></section>`;
}

/** The report as one self-contained HTML document (no script, no external resource). */
export function renderReportHtml(report: AfterActionReport): string {
  const mark = MODE_MARKS[report.operation.mode ?? 'unknown'];
  const banner = `<div class="banner ${mark.className}" role="note">${esc(mark.banner)}</div>`;
  const title = `${report.operation.mode === 'exercise' ? 'EXERCISE — ' : ''}After-action report — ${report.operation.name}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${css(mark)}</style>`,
    `</head><body class="mode-${mark.className}">`,
    banner,
    header(report),
    keyFigures(report),
    mapSection(report),
    resultsSection(report),
    responseSection(report),
    impactSection(report),
    readmissionSection(report),
    readmissionProcedureSection(report),
    bookmarkSection(report),
    activitySection(report),
    incidentSection(report),
    unitAnnex(report),
    methodSection(report),
    '</body></html>',
    '',
  ].join('\n');
}
