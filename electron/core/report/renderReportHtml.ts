import { RESULT_COUNTS, type OperationMode, type ResultCount } from '../../../shared/domain';
import type { Language } from '../../../shared/settings';
import { ANNOTATION_COLORS } from '../../../shared/annotation';
import type { ZoneCoverageRule } from '../../../shared/zone';
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
import { reportLanguage, type ReportLanguage } from './reportI18n';
import { esc } from './reportText';
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

/** The banner's class by mode (its words are in the catalogue, `mode.<mode>`). Fixed strings: no data goes into CSS. */
const MODE_MARKS: Readonly<Record<OperationMode | 'unknown', { className: string }>> = {
  exercise: { className: 'exercise' },
  live: { className: 'live' },
  unknown: { className: 'unknown' },
};

/**
 * Text for a CSS string ("..."): everything but plain ASCII letters, digits and a few marks is
 * written as a CSS escape, so a translation cannot end the string or the style sheet.
 */
function cssText(text: string): string {
  return `"${[...text].map((c) => (/^[A-Za-z0-9 .,:;()!?'-]$/.test(c) ? c : `\\${(c.codePointAt(0) ?? 0xfffd).toString(16)} `)).join('')}"`;
}

/** "Page {{page}} of {{pages}}" as CSS content: the placeholders become the page counters. */
function pageCounter(template: string): string {
  return template
    .split(/(\{\{page\}\}|\{\{pages\}\})/)
    .filter((part) => part !== '')
    .map((part) =>
      part === '{{page}}' ? 'counter(page)' : part === '{{pages}}' ? 'counter(pages)' : cssText(part),
    )
    .join(' ');
}

function css(L: ReportLanguage, modeKey: OperationMode | 'unknown'): string {
  const mark = MODE_MARKS[modeKey];
  const page = cssText(L.t(`mode.${modeKey}.page`));
  const pageMark =
    mark.className === 'live'
      ? `@top-center { content: ${page}; font: 600 8.5pt sans-serif; color: #333; }`
      : `@top-center { content: ${page}; font: 700 10pt sans-serif; color: #fff; background: ${mark.className === 'exercise' ? '#b00020' : '#5d4037'}; margin-top: 8mm; margin-bottom: 4mm; }`;
  return `
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4; margin: 20mm 12mm 15mm 12mm;
  ${pageMark}
  @bottom-left { content: ${cssText(L.t('footer'))}; font: 8pt sans-serif; color: #555; }
  @bottom-right { content: ${pageCounter(L.t('pageOf'))}; font: 8pt sans-serif; color: #555; }
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
svg .annotation-casing { fill: none; stroke: #263238; stroke-width: 3.2; stroke-linejoin: round; stroke-linecap: round; }
svg .annotation-line { stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
svg .annotation-point { stroke: #263238; stroke-width: 1; }
svg .annotation-text { fill: #263238; font-size: 8px; font-weight: 600; }
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

function num(L: ReportLanguage, value: number, decimals = 0): string {
  return `<td class="num${value === 0 ? ' zero' : ''}">${esc(L.number(value, decimals))}</td>`;
}

function count(L: ReportLanguage, key: ResultCount, value: number): string {
  return `<td class="num${value === 0 ? ' zero' : ''}">${esc(L.count(key, value))}</td>`;
}

function short(L: ReportLanguage, key: ResultCount): string {
  return L.resultShort(key);
}

function resultHead(L: ReportLanguage, first: string): string {
  return `<thead><tr><th>${esc(first)}</th><th class="num">${esc(L.t('col.incShort'))}</th>${RESULT_COUNTS.map((k) => `<th class="num" title="${esc(L.result(k))}">${esc(short(L, k))}</th>`).join('')}</tr></thead>`;
}

function resultCells(L: ReportLanguage, g: ResultGroup): string {
  return num(L, g.incidents) + RESULT_COUNTS.map((k) => count(L, k, g.results[k])).join('');
}

function resultTable(
  L: ReportLanguage,
  first: string,
  rows: { label: string; group: ResultGroup }[],
  total: ResultGroup,
): string {
  return `<table>${resultHead(L, first)}<tbody>${rows.map((r) => `<tr><td>${esc(r.label)}</td>${resultCells(L, r.group)}</tr>`).join('')}<tr class="total"><td>${esc(L.t('total'))}</td>${resultCells(L, total)}</tr></tbody></table>`;
}

function resultKey(L: ReportLanguage): string {
  const items = [
    L.t('resultKey.incidents', { short: L.t('col.incShort') }),
    ...RESULT_COUNTS.map((k) =>
      L.t('resultKey.item', { short: short(L, k), label: L.result(k).toLocaleLowerCase(L.locale) }),
    ),
  ];
  return `<p class="note">${esc(L.t('resultKey.list', { items: items.join('; ') }))}</p>`;
}

function impactLegend(L: ReportLanguage): string {
  const items = Object.entries(IMPACT_COLOURS).map(
    ([level, colour]) =>
      `<span><i class="swatch" style="background:${colour}"></i>${esc(L.label('impactLevel', level))}</span>`,
  );
  items.push(
    `<span><i class="swatch" style="background:${UNKNOWN_COLOUR}"></i>${esc(L.t('notKnown'))}</span>`,
  );
  return `<div class="legend">${items.join('')}</div>`;
}

function priorityLegend(L: ReportLanguage): string {
  return Object.entries(PRIORITY_COLOURS)
    .map(
      ([p, colour]) =>
        `<span><i class="swatch dot" style="background:${colour}"></i>${esc(L.t('priority', { priority: p }))}</span>`,
    )
    .join('');
}

function header(L: ReportLanguage, report: AfterActionReport): string {
  const op = report.operation;
  const mode = op.mode === null ? L.t('header.modeNotStated') : L.label('operationMode', op.mode);
  const facts: [string, string][] = [
    [L.t('header.operationId'), op.operationId],
    [L.t('header.mode'), mode],
    [
      L.t('header.period'),
      L.t('header.fromTo', { from: L.utc(report.period.from), to: L.utc(report.period.to) }),
    ],
    [
      L.t('header.operationRan'),
      L.t('header.fromTo', {
        from: L.utc(op.startedAt),
        to: op.endedAt === null ? L.t('header.stillRunning') : L.utc(op.endedAt),
      }),
    ],
    [L.t('header.countries'), op.countries.map((c) => L.country(c)).join(', ') || '—'],
    [
      L.t('header.generated'),
      L.t('header.generatedBy', { at: L.utc(report.generatedAt), by: report.generatedBy }),
    ],
  ];
  return `<header><p class="muted">${esc(L.t('title'))}</p><h1>${esc(op.name)}</h1><dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></header>`;
}

function keyFigures(L: ReportLanguage, report: AfterActionReport): string {
  const t = report.totals;
  const cards = [
    `<div class="figure lead"><b>${esc(L.number(t.incidents))}</b><span>${esc(L.t('figures.incidentsReported'))}</span></div>`,
    ...RESULT_COUNTS.map(
      (k) =>
        `<div class="figure"><b>${esc(L.count(k, t.results[k]))}</b><span>${esc(L.result(k))}</span></div>`,
    ),
  ];
  const note = `${L.t('figures.incidentsTotal', { n: L.number(t.incidents) })} ${L.t('figures.readmissions', {
    cases: L.t('cases', { count: report.readmissions.cases, n: L.number(report.readmissions.cases) }),
    persons: L.t('persons', { count: report.readmissions.persons, n: L.number(report.readmissions.persons) }),
  })}`;
  return `<h2>${esc(L.t('figures.heading'))}</h2><div class="figures">${cards.join('')}</div><p class="note">${esc(note)}</p>`;
}

/** The annotations' legend entry, when the map draws any: one swatch per colour drawn. */
function annotationLegend(L: ReportLanguage, report: AfterActionReport): string {
  const colours = [...new Set((report.annotations ?? []).map((a) => ANNOTATION_COLORS[a.color]))];
  if (colours.length === 0) return '';
  return `<span>${colours.map((c) => `<i class="swatch" style="background:${c}"></i>`).join('')}${esc(L.t('annotations.map'))}</span>`;
}

function mapSection(L: ReportLanguage, report: AfterActionReport): string {
  return `<figure>${mapSvg(report, L)}<figcaption><div class="legend"><b>${esc(L.t('map.sectors'))}</b>${impactLegend(L).replace(/^<div class="legend">|<\/div>$/g, '')}</div><div class="legend"><b>${esc(L.t('map.incidents'))}</b>${priorityLegend(L)}<span><i class="swatch" style="background:#263238"></i>${esc(L.t('map.crossingPoint'))}</span>${annotationLegend(L, report)}</div></figcaption></figure>`;
}

function resultsSection(L: ReportLanguage, report: AfterActionReport): string {
  const t = report.totals;
  return [
    `<section class="major"><h2>${esc(L.t('results.heading'))}</h2>`,
    `<h3>${esc(L.t('results.byCategory'))}</h3><figure>${categoryChart(report, L)}</figure>`,
    resultTable(
      L,
      L.t('col.category'),
      report.byCategory.map((r) => ({ label: L.label('incidentCategory', r.category), group: r })),
      t,
    ),
    resultKey(L),
    `<h3>${esc(L.t('results.byCountry'))}</h3>`,
    resultTable(
      L,
      L.t('col.country'),
      report.byCountry.map((r) => ({ label: L.country(r.country), group: r })),
      t,
    ),
    `<p class="note">${esc(L.t('results.countryNote'))}</p>`,
    `<h3>${esc(L.t('results.perDay'))}</h3><figure>${dailyChart(report, L)}</figure>`,
    resultTable(
      L,
      L.t('col.dayUtc'),
      report.byDay.map((r) => ({ label: L.day(r.day), group: r })),
      t,
    ),
    `<h3>${esc(L.t('results.bySector'))}</h3>`,
    resultTable(
      L,
      L.t('col.sector'),
      report.bySector.map((r) => ({ label: r.name, group: r })),
      t,
    ),
    '</section>',
  ].join('');
}

function responseSection(L: ReportLanguage, report: AfterActionReport): string {
  const rows = [
    { label: L.t('all'), incidents: report.totals.incidents, times: report.responseTimes.overall },
    ...report.responseTimes.byPriority.map((p) => ({
      label: L.t('priority', { priority: p.priority }),
      incidents: p.incidents,
      times: p.times,
    })),
  ];
  const head = `<thead><tr><th rowspan="2">${esc(L.t('col.priority'))}</th><th class="num" rowspan="2">${esc(L.t('col.incShort'))}</th>${RESPONSE_MEASURES.map((m) => `<th colspan="3">${esc(L.t(`response.to.${m}`))}</th>`).join('')}</tr><tr>${RESPONSE_MEASURES.map(() => `<th class="num">${esc(L.t('response.n'))}</th><th class="num">${esc(L.t('response.median'))}</th><th class="num">${esc(L.t('response.p90'))}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.label)}</td>${num(L, r.incidents)}${RESPONSE_MEASURES.map((m) => `${num(L, r.times[m].count)}<td class="num">${esc(L.duration(r.times[m].medianMs))}</td><td class="num">${esc(L.duration(r.times[m].p90Ms))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<section class="major"><h2>${esc(L.t('response.heading'))}</h2><figure>${responseChart(report, L)}<figcaption>${esc(L.t('response.caption'))}</figcaption></figure><table>${head}<tbody>${body}</tbody></table><p class="note">${esc(L.t('response.note'))}</p></section>`;
}

function impactSection(L: ReportLanguage, report: AfterActionReport): string {
  const changes = report.impactTimeline
    .flatMap((s) => s.changes.map((c) => ({ ...c, name: s.name })))
    .sort((a, b) => a.at - b.at);
  const table = changes.length
    ? `<table><thead><tr><th>${esc(L.t('col.timeUtc'))}</th><th>${esc(L.t('col.sector'))}</th><th>${esc(L.t('impact.newLevel'))}</th><th>${esc(L.t('impact.reason'))}</th></tr></thead><tbody>${changes
        .map(
          (c) =>
            `<tr><td class="time">${esc(L.utc(c.at))}</td><td>${esc(c.name)}</td><td><i class="swatch" style="background:${impactColour(c.level)}"></i>${esc(L.label('impactLevel', c.level))}</td><td>${esc(c.reason ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted">${esc(L.t('impact.none'))}</p>`;
  return `<section class="major"><h2>${esc(L.t('impact.heading'))}</h2><figure>${impactTimelineChart(report, report.impactTimeline, L)}<figcaption>${impactLegend(L)}</figcaption></figure><h3>${esc(L.t('impact.changes'))}</h3>${table}</section>`;
}

function readmissionSection(L: ReportLanguage, report: AfterActionReport): string {
  const r = report.readmissions;
  const heading = `<h2>${esc(L.t('readmissions.heading'))}</h2>`;
  if (r.cases === 0)
    return `<section>${heading}<p class="muted">${esc(L.t('readmissions.none'))}</p></section>`;
  const pairs = `<table><thead><tr><th>${esc(L.t('col.from'))}</th><th>${esc(L.t('col.to'))}</th><th class="num">${esc(L.t('col.cases'))}</th><th class="num">${esc(L.t('col.persons'))}</th></tr></thead><tbody>${r.byPair
    .map(
      (p) =>
        `<tr><td>${esc(L.country(p.fromCountry))}</td><td>${esc(L.country(p.toCountry))}</td>${num(L, p.cases)}${num(L, p.persons)}</tr>`,
    )
    .join(
      '',
    )}<tr class="total"><td colspan="2">${esc(L.t('total'))}</td>${num(L, r.cases)}${num(L, r.persons)}</tr></tbody></table>`;
  const crossings = `<table><thead><tr><th>${esc(L.t('col.crossingPoint'))}</th><th>${esc(L.t('col.countries'))}</th><th class="num">${esc(L.t('col.cases'))}</th><th class="num">${esc(L.t('col.persons'))}</th></tr></thead><tbody>${r.byCrossing
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${esc(c.countries.join(' – '))}</td>${num(L, c.cases)}${num(L, c.persons)}</tr>`,
    )
    .join('')}</tbody></table>`;
  return `<section>${heading}<h3>${esc(L.t('readmissions.byPairFromTo'))}</h3>${pairs}<h3>${esc(L.t('readmissions.byCrossing'))}</h3>${crossings}</section>`;
}

function readmissionProcedureSection(L: ReportLanguage, report: AfterActionReport): string {
  const r = report.readmissionProcedure;
  if (r.requested === 0) return '';
  const duration = (ms: number | null): string =>
    ms === null ? '—' : L.t('duration.minutes', { min: L.number(Math.round(ms / 60_000)) });
  const th = (key: string): string => `<th class="num">${esc(L.t(`procedure.col.${key}`))}</th>`;
  const pairs = `<table><thead><tr><th>${esc(L.t('procedure.col.requesting'))}</th><th>${esc(L.t('procedure.col.requestedCountry'))}</th>${th('requested')}${th('accepted')}${th('refused')}${th('handedOver')}${th('late')}</tr></thead><tbody>${r.byPair
    .map(
      (p) =>
        `<tr><td>${esc(L.country(p.requestingCountry))}</td><td>${esc(L.country(p.requestedCountry))}</td>${num(L, p.requested)}${num(L, p.accepted)}${num(L, p.refused)}${num(L, p.handedOver)}${num(L, p.late)}</tr>`,
    )
    .join('')}</tbody></table>`;
  const crossings = `<table><thead><tr><th>${esc(L.t('col.crossingPoint'))}</th><th>${esc(L.t('col.countries'))}</th>${th('requested')}${th('accepted')}${th('refused')}${th('handedOver')}${th('persons')}${th('late')}</tr></thead><tbody>${r.byCrossing
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${esc(c.countries.join(' – '))}</td>${num(L, c.requested)}${num(L, c.accepted)}${num(L, c.refused)}${num(L, c.handedOver)}${num(L, c.personsHandedOver)}${num(L, c.late)}</tr>`,
    )
    .join('')}</tbody></table>`;
  const reasons =
    r.refusalReasons.length === 0
      ? ''
      : `<h3>${esc(L.t('procedure.reasons'))}</h3><table><tbody>${r.refusalReasons
          .map((x) => `<tr><td>${esc(x.reason)}</td>${num(L, x.cases)}</tr>`)
          .join('')}</tbody></table>`;
  const summary = L.t('procedure.summary', {
    requested: L.number(r.requested),
    accepted: L.number(r.accepted),
    refused: L.number(r.refused),
    handedOver: L.number(r.handedOver),
    persons: L.t('persons', { count: r.personsHandedOver, n: L.number(r.personsHandedOver) }),
    late: L.number(r.late),
    answerMedian: duration(r.timeToAnswer.median),
    answerP90: duration(r.timeToAnswer.p90),
    handoverMedian: duration(r.timeToHandover.median),
    handoverP90: duration(r.timeToHandover.p90),
  });
  return `<section><h2>${esc(L.t('procedure.heading'))}</h2><p>${esc(summary)}</p><h3>${esc(L.t('readmissions.byPair'))}</h3>${pairs}<h3>${esc(L.t('readmissions.byCrossing'))}</h3>${crossings}${reasons}</section>`;
}

function activityRows(
  L: ReportLanguage,
  rows: readonly ActivityTotals[],
  label: (key: string) => string,
  total: ActivityTotals,
): string {
  const th = (key: string): string => `<th class="num">${esc(L.t(`activity.col.${key}`))}</th>`;
  return `<table><thead><tr><th></th>${th('units')}${th('reports')}${th('distanceKm')}${th('patrol')}${th('responding')}${th('onScene')}</tr></thead><tbody>${[
    ...rows,
    total,
  ]
    .map(
      (r) =>
        `<tr${r === total ? ' class="total"' : ''}><td>${esc(r === total ? L.t('total') : label(r.key))}</td>${num(L, r.units)}${num(L, r.reports)}${num(L, r.distanceKm, 1)}<td class="num">${esc(L.hours(r.patrolMs))}</td><td class="num">${esc(L.hours(r.respondingMs))}</td><td class="num">${esc(L.hours(r.onSceneMs))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function activitySection(L: ReportLanguage, report: AfterActionReport): string {
  const a = report.unitActivity;
  const heading = `<h2>${esc(L.t('activity.heading'))}</h2>`;
  if (a.units.length === 0)
    return `<section class="major">${heading}<p class="muted">${esc(L.t('activity.none'))}</p></section>`;
  return `<section class="major">${heading}<h3>${esc(L.t('activity.byAgency'))}</h3>${activityRows(L, a.byAgency, (k) => L.label('agency', k), a.total)}<h3>${esc(L.t('activity.byKind'))}</h3>${activityRows(L, a.byKind, (k) => L.label('unitKind', k), a.total)}<p class="note">${esc(L.t('activity.note'))}</p></section>`;
}

function unitAnnex(L: ReportLanguage, report: AfterActionReport): string {
  const a = report.unitActivity;
  if (a.units.length === 0) return '';
  const rows = a.units
    .map(
      (u) =>
        `<tr><td>${esc(u.callsign)}</td><td>${esc(L.label('agency', u.agency))}</td><td>${esc(L.label('unitKind', u.kind))}</td><td>${esc(u.country)}</td>${num(L, u.reports)}${num(L, u.distanceKm, 1)}<td class="num">${esc(L.hours(u.patrolMs))}</td><td class="num">${esc(L.hours(u.respondingMs))}</td><td class="num">${esc(L.hours(u.onSceneMs))}</td></tr>`,
    )
    .join('');
  const th = (key: string, numeric = false): string =>
    `<th${numeric ? ' class="num"' : ''}>${esc(L.t(`activity.col.${key}`))}</th>`;
  return `<section class="major"><h2>${esc(L.t('activity.annex'))}</h2><table><thead><tr>${th('callsign')}${th('agency')}${th('kind')}${th('country')}${th('reports', true)}${th('km', true)}${th('patrol', true)}${th('responding', true)}${th('onScene', true)}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

function bookmarkSection(L: ReportLanguage, report: AfterActionReport): string {
  const heading = `<h2>${esc(L.t('bookmarks.heading'))}</h2>`;
  if (report.bookmarks.length === 0)
    return `<section>${heading}<p class="muted">${esc(L.t('bookmarks.none'))}</p></section>`;
  return `<section>${heading}<table><thead><tr><th>${esc(L.t('col.timeUtc'))}</th><th>${esc(L.t('bookmarks.label'))}</th><th>${esc(L.t('bookmarks.note'))}</th><th>${esc(L.t('bookmarks.author'))}</th><th>${esc(L.t('bookmarks.kind'))}</th></tr></thead><tbody>${report.bookmarks
    .map(
      (b) =>
        `<tr><td class="time">${esc(L.utc(b.at))}</td><td>${esc(b.label)}</td><td class="desc">${esc(b.note ?? '')}</td><td>${esc(b.author)}</td><td>${esc(b.shared ? L.t('bookmarks.shared') : L.t('bookmarks.thisDesk'))}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

/** A coverage rule in words: "at least 1 × boat inside", "no unit inside for 20 min". */
function ruleText(L: ReportLanguage, rule: ZoneCoverageRule): string {
  return rule.rule === 'at_least'
    ? L.t('zones.ruleAtLeast', {
        count: rule.count,
        kind: L.label('unitKind', rule.unitKind).toLocaleLowerCase(L.locale),
      })
    : L.t('zones.ruleNoUnit', { minutes: rule.minutes });
}

function zoneSection(L: ReportLanguage, report: AfterActionReport): string {
  const events = report.zones ?? [];
  const heading = `<h2>${esc(L.t('zones.heading'))}</h2>`;
  if (events.length === 0)
    return `<section>${heading}<p class="muted">${esc(L.t('zones.none'))}</p></section>`;
  const alerts = events.filter((e) => e.kind !== 'breach' || !e.rule);
  const breaches = events.filter((e) => e.kind === 'breach' && e.rule);
  const alertTable =
    alerts.length === 0
      ? ''
      : `<h3>${esc(L.t('zones.alerts'))}</h3><table><thead><tr><th>${esc(L.t('col.timeUtc'))}</th><th>${esc(L.t('zones.zone'))}</th><th>${esc(L.t('zones.what'))}</th></tr></thead><tbody>${alerts
          .map(
            (e) =>
              `<tr><td class="time">${esc(L.utc(e.at))}</td><td>${esc(e.zone)}</td><td class="desc">${esc(L.t(`zones.${e.kind}`, { who: e.who }))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  // A breach from a report saved before ended breaches were kept has no end: open at the period's end.
  const breachTable =
    breaches.length === 0
      ? ''
      : `<h3>${esc(L.t('zones.breaches'))}</h3><table><thead><tr><th>${esc(L.t('zones.start'))}</th><th>${esc(L.t('zones.end'))}</th><th>${esc(L.t('zones.duration'))}</th><th>${esc(L.t('zones.zone'))}</th><th>${esc(L.t('zones.rule'))}</th></tr></thead><tbody>${breaches
          .map((e) => {
            const end = e.end ?? null;
            return `<tr class="zone-breach"><td class="time">${esc(L.utc(e.at))}</td><td class="time">${esc(end === null ? L.t('zones.open') : L.utc(end))}</td><td class="num">${esc(L.duration((end ?? report.period.to) - e.at))}</td><td>${esc(e.zone)}</td><td class="desc">${esc(ruleText(L, e.rule!))}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  return `<section>${heading}${alertTable}${breachTable}</section>`;
}

function annotationSection(L: ReportLanguage, report: AfterActionReport): string {
  const annotations = report.annotations ?? [];
  const heading = `<h2>${esc(L.t('annotations.heading'))}</h2>`;
  if (annotations.length === 0)
    return `<section>${heading}<p class="muted">${esc(L.t('annotations.none'))}</p></section>`;
  // Annotation text and authors come from any workstation: escaped like every other value.
  return `<section>${heading}<table><thead><tr><th>${esc(L.t('annotations.created'))}</th><th>${esc(L.t('annotations.kind'))}</th><th>${esc(L.t('annotations.text'))}</th><th>${esc(L.t('annotations.author'))}</th><th>${esc(L.t('annotations.deleted'))}</th></tr></thead><tbody>${annotations
    .map(
      (a) =>
        `<tr class="annotation"><td class="time">${esc(L.utc(a.createdAt))}</td><td>${esc(L.t(`annotations.kinds.${a.kind}`))}</td><td class="desc">${esc(a.text ?? '')}</td><td>${esc(a.author)}</td><td class="time">${esc(a.deletedAt === null ? L.t('annotations.kept') : L.t('annotations.deletedBy', { at: L.utc(a.deletedAt), who: a.deletedBy ?? '' }))}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

/** A step's time beside the report's: "15:24" on the same UTC day, "10-06 01:10" on another. */
function stepTime(L: ReportLanguage, at: number, reportedAt: number): string {
  const sameDay = Math.floor(at / 86_400_000) === Math.floor(reportedAt / 86_400_000);
  return sameDay ? L.time(at) : `${L.dayMonth(at)} ${L.time(at)}`;
}

function incidentRow(L: ReportLanguage, i: ReportIncident): string {
  const results = RESULT_COUNTS.flatMap((k) => {
    const v = i.results[k];
    return v === undefined ? [] : [`${esc(short(L, k))} ${esc(L.count(k, v))}`];
  });
  const steps: [string, number | null][] = [
    [L.t('incidents.ack'), i.acknowledgedAt],
    [L.t('incidents.assigned'), i.assignedAt],
    [L.t('incidents.resolved'), i.resolvedAt],
  ];
  const readmission = i.readmission
    ? L.t('incidents.readmission', {
        persons: L.t('persons', { count: i.readmission.persons, n: L.number(i.readmission.persons) }),
        from: L.country(i.readmission.fromCountry),
        to: L.country(i.readmission.toCountry),
        crossing: i.readmission.crossing,
      })
    : '';
  const text = [
    `<div class="incident-title">${esc(i.title)}</div>`,
    i.description ? `<div class="desc">${esc(i.description)}</div>` : '',
    i.outcome
      ? `<div><b>${esc(L.t('incidents.outcome'))}</b> <span class="desc">${esc(i.outcome)}</span></div>`
      : '',
    results.length ? `<div><b>${esc(L.t('incidents.results'))}</b> ${results.join(' · ')}</div>` : '',
    i.readmission ? `<div><b>${esc(L.t('incidents.readmissionLabel'))}</b> ${esc(readmission)}</div>` : '',
    i.partnerReferences.length
      ? `<div class="meta">${esc(L.t('incidents.references'))} ${i.partnerReferences.map((p) => `${esc(L.label('partnerReferenceKind', p.kind))} ${esc(p.reference)}`).join('; ')}</div>`
      : '',
    i.notes.length
      ? `<ul class="notes">${i.notes.map((note) => `<li><span class="meta">${esc(L.utc(note.at))} · ${esc(note.author)}:</span> <span class="desc">${esc(note.text)}</span></li>`).join('')}</ul>`
      : '',
  ].join('');
  const done = steps
    .filter((s): s is [string, number] => s[1] !== null)
    .map(([label, at]) => `${esc(label)} ${esc(stepTime(L, at, i.reportedAt))}`);
  const status = [
    `<b>${esc(L.label('incidentStatus', i.status))}</b>`,
    done.length ? `<div class="meta">${done.join('<br>')}</div>` : '',
    i.assignedUnits.length
      ? `<div class="meta">${esc(L.t('incidents.units', { units: i.assignedUnits.join(', ') }))}</div>`
      : '',
  ].join('');
  const where = `${esc(i.sectorName ?? '—')}<div class="meta">${esc(L.country(i.country))}${i.reportedBy ? `<br>${esc(L.t('incidents.by', { reporter: i.reportedBy }))}` : ''}</div>`;
  return `<tr><td class="time">${esc(L.utc(i.reportedAt))}<div class="meta">${esc(i.incidentId)}</div><span class="pill" style="background:${priorityColour(i.priority)}">${esc(L.t('priorityShort', { priority: i.priority }))}</span> ${esc(L.label('incidentCategory', i.category))}</td><td>${text}</td><td>${where}</td><td>${status}</td></tr>`;
}

function incidentSection(L: ReportLanguage, report: AfterActionReport): string {
  if (report.incidents.length === 0)
    return `<section class="major"><h2>${esc(L.t('incidents.heading'))}</h2><p class="muted">${esc(L.t('incidents.none'))}</p></section>`;
  return `<section class="major"><h2>${esc(L.t('incidents.headingCount', { n: L.number(report.incidents.length) }))}</h2><table class="incidents"><colgroup><col style="width:19%"><col style="width:53%"><col style="width:14%"><col style="width:14%"></colgroup><thead><tr><th>${esc(L.t('incidents.col.reported'))}</th><th>${esc(L.t('incidents.col.text'))}</th><th>${esc(L.t('incidents.col.where'))}</th><th>${esc(L.t('incidents.col.status'))}</th></tr></thead><tbody>${report.incidents.map((i) => incidentRow(L, i)).join('')}</tbody></table>${resultKey(L)}</section>`;
}

/** The paragraphs of the Method section (how the figures were counted, so a reader can check them), in order: `method.<key>` in the catalogue. */
const METHOD_KEYS = ['period', 'days', 'credit', 'response', 'readmissions', 'activity'] as const;

function methodSection(L: ReportLanguage): string {
  const items = METHOD_KEYS.map((key) => L.t(`method.${key}`));
  return `<section><h2>${esc(L.t('method.heading'))}</h2><ul>${items.map((m) => `<li>${esc(m)}</li>`).join('')}</ul><p class="note">${esc(L.t('method.utc'))}</p></section>`;
}

/**
 * The report as one self-contained HTML document (no script, no external resource), in `language`
 * (English by default): fixed text from the report's catalogue, numbers and dates in the language's
 * locale, feed text as it came.
 */
export function renderReportHtml(report: AfterActionReport, language: Language = 'en'): string {
  const L = reportLanguage(language);
  const modeKey = report.operation.mode ?? 'unknown';
  const mark = MODE_MARKS[modeKey];
  const banner = `<div class="banner ${mark.className}" role="note">${esc(L.t(`mode.${modeKey}.banner`))}</div>`;
  const title = L.t(report.operation.mode === 'exercise' ? 'documentTitleExercise' : 'documentTitle', {
    name: report.operation.name,
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${esc(L.language)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${css(L, modeKey)}</style>`,
    `</head><body class="mode-${mark.className}">`,
    banner,
    header(L, report),
    keyFigures(L, report),
    mapSection(L, report),
    resultsSection(L, report),
    responseSection(L, report),
    impactSection(L, report),
    readmissionSection(L, report),
    readmissionProcedureSection(L, report),
    bookmarkSection(L, report),
    zoneSection(L, report),
    annotationSection(L, report),
    activitySection(L, report),
    incidentSection(L, report),
    unitAnnex(L, report),
    methodSection(L),
    '</body></html>',
    '',
  ].join('\n');
}
