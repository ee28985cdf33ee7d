import { describe, expect, it } from 'vitest';
import { computeReport } from './computeReport';
import { decodeEntities, startTags, tokenizeHtml } from './htmlTokens';
import { IMPACT_COLOURS, PRIORITY_COLOURS } from './reportCharts';
import { REPORT_CSP, renderReportHtml } from './renderReportHtml';
import { CORE_RESOURCES } from '../i18n/coreTranslations';
import { esc, formatDuration, formatNumber, formatUtc } from './reportText';
import {
  DAY0,
  HOSTILE,
  HOUR,
  hostileInput,
  makeInput,
  makeOperation,
  makeState,
  MINUTE,
  sampleInput,
} from './testFixtures';

/** Removes what a browser ignores inside a URL scheme (whitespace and control characters). */
// eslint-disable-next-line no-control-regex -- browsers drop control characters inside a URL scheme
const squash = (value: string): string => value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();

describe('renderReportHtml', () => {
  it('escapes every piece of text from the feed', () => {
    const html = renderReportHtml(computeReport(hostileInput()));
    const tokens = tokenizeHtml(html);
    const tags = startTags(html);
    // No element that runs, loads or links anything.
    const forbidden = [
      'script',
      'iframe',
      'object',
      'embed',
      'link',
      'base',
      'a',
      'img',
      'form',
      'foreignobject',
      'use',
      'image',
      'animate',
      'set',
    ];
    expect(tags.filter((t) => forbidden.includes(t.name)).map((t) => t.name)).toEqual([]);
    for (const tag of tags) {
      for (const attr of tag.attributes) {
        expect(attr.name, `<${tag.name} ${attr.name}>`).not.toMatch(/^on/);
        expect(['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset', 'poster']).not.toContain(
          attr.name,
        );
        expect(squash(attr.value), `<${tag.name} ${attr.name}>`).not.toMatch(
          /javascript:|vbscript:|https?:|url\(|expression\(/,
        );
        // Every attribute name is one the renderer writes, not one smuggled in by a value.
        expect(attr.name).toMatch(
          /^(class|style|lang|charset|http-equiv|content|name|viewbox|width|height|role|aria-label|x|y|x1|x2|y1|y2|cx|cy|r|d|fill|stroke|text-anchor|title|colspan|rowspan)$/,
        );
      }
    }
    // One style element, ours: nothing closed it early, nothing imported.
    const styles = tokens.filter((t) => t.kind === 'raw' && t.name === 'style');
    expect(styles).toHaveLength(1);
    const styleText = styles[0]!.kind === 'raw' ? styles[0]!.text : '';
    expect(styleText).not.toMatch(/url\(|@import|expression\(|javascript:/i);
    // "javascript:" appears only as text a reader sees, never in markup.
    const inText = tokens
      .filter((t) => t.kind === 'text' || (t.kind === 'raw' && t.name === 'title'))
      .map((t) => (t.kind === 'text' || t.kind === 'raw' ? t.text : ''))
      .join('\n');
    const count = (s: string, needle: string): number => s.split(needle).length - 1;
    expect(count(decodeEntities(html), 'javascript:')).toBeGreaterThan(0);
    expect(count(inText, 'javascript:')).toBe(count(decodeEntities(html), 'javascript:'));
    // The hostile strings are there, as text.
    expect(inText).toContain(HOSTILE.script);
    expect(inText).toContain(HOSTILE.img);
    expect(inText).toContain(HOSTILE.svg);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Bidi controls cannot reorder what the report prints: each is U+FFFD, and text cells are isolated.
    expect(html).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(inText).toContain('AB\uFFFDdcba \uFFFDisolate\uFFFD \uFFFDmark');
    expect(styleText).toMatch(/unicode-bidi: isolate/);
  });

  it('is self-contained: a strict CSP, no script, no external URL', () => {
    const html = renderReportHtml(computeReport(sampleInput()));
    const tags = startTags(html);
    const metas = tags.filter((t) => t.name === 'meta');
    expect(metas[0]!.attributes).toEqual([{ name: 'charset', value: 'utf-8' }]);
    expect(metas[1]!.attributes).toEqual([
      { name: 'http-equiv', value: 'Content-Security-Policy' },
      { name: 'content', value: REPORT_CSP },
    ]);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(src|href|xlink:href)\s*=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('marks an exercise on the page and in the print header of every page', () => {
    const html = renderReportHtml(computeReport(sampleInput()));
    const banner = startTags(html).find(
      (t) => t.name === 'div' && t.attributes.some((a) => a.value === 'banner exercise'),
    );
    expect(banner).toBeDefined();
    expect(html).toMatch(/<div class="banner exercise"[^>]*>EXERCISE —/);
    expect(html).toMatch(/@top-center \{ content: "EXERCISE/);
    expect(html).toContain('<title>EXERCISE — After-action report');

    const live = renderReportHtml(
      computeReport(
        sampleInput({ state: { ...sampleInput().state, operation: makeOperation({ mode: 'live' }) } }),
      ),
    );
    expect(live).not.toContain('EXERCISE');
    expect(live).toContain('LIVE OPERATION');

    const none = renderReportHtml(
      computeReport(sampleInput({ state: { ...sampleInput().state, operation: null } })),
    );
    expect(none).toContain('MODE NOT STATED');
  });

  it('draws the charts and the map from the report', () => {
    const report = computeReport(sampleInput());
    const html = renderReportHtml(report);
    const tags = startTags(html);
    expect(tags.filter((t) => t.name === 'svg').length).toBeGreaterThanOrEqual(5);
    const attr = (t: (typeof tags)[number], name: string): string | undefined =>
      t.attributes.find((a) => a.name === name)?.value;
    const cls = (name: string) => tags.filter((t) => attr(t, 'class') === name);
    expect(cls('country')).toHaveLength(1);
    // Sector lines in the colour of the level they ended with (S1 went critical, S2 stayed low).
    expect(
      cls('sector')
        .map((t) => attr(t, 'stroke'))
        .sort(),
    ).toEqual([IMPACT_COLOURS.critical, IMPACT_COLOURS.low].sort());
    // Incident dots by priority.
    expect(
      cls('incident')
        .map((t) => attr(t, 'fill'))
        .sort(),
    ).toEqual([PRIORITY_COLOURS[1], PRIORITY_COLOURS[3]].sort());
    // Impact timeline: S1 medium then critical, S2 low all along.
    const fills = tags.filter((t) => t.name === 'rect').map((t) => attr(t, 'fill'));
    expect(fills).toContain(IMPACT_COLOURS.medium);
    expect(fills.filter((f) => f === IMPACT_COLOURS.critical).length).toBeGreaterThanOrEqual(1);
    // Readable UTC times and the figures.
    expect(html).toContain('2026-11-29 01:00 UTC');
    expect(html).toContain('Bezdan–Bački Breg');
    expect(html).toContain('Handed to RS patrol.');
  });

  it('renders an empty period without failing', () => {
    const html = renderReportHtml(computeReport(makeInput({ state: makeState(), to: DAY0 })));
    expect(html).toContain('No incident reported in the period.');
    expect(html).toContain('Nothing to show for this period.');
  });
});

describe('report text', () => {
  it('escapes the five HTML characters and the backtick, and drops control characters', () => {
    expect(esc(`<a href="x" onclick='y'>&\`\u0000\u0007`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;',
    );
    expect(esc(null)).toBe('');
    expect(esc(3)).toBe('3');
  });

  it('writes times as UTC minutes and durations in words', () => {
    expect(formatUtc(Date.UTC(2026, 10, 29, 14, 5, 59))).toBe('2026-11-29 14:05 UTC');
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc(Number.NaN)).toBe('—');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * MINUTE)).toBe('12 min');
    expect(formatDuration(2 * HOUR + 5 * MINUTE)).toBe('2 h 05 min');
    expect(formatDuration(3 * 24 * HOUR + 4 * HOUR)).toBe('3 d 04 h');
  });
});

describe("renderReportHtml in the officer's language", () => {
  const langOf = (html: string): string | undefined =>
    startTags(html)
      .find((t) => t.name === 'html')
      ?.attributes.find((a) => a.name === 'lang')?.value;

  it('writes the report in Serbian Cyrillic: headings, figures, times and durations in the locale', () => {
    const html = renderReportHtml(computeReport(sampleInput()), 'sr-Cyrl');
    expect(langOf(html)).toBe('sr-Cyrl');
    expect(html).toContain('<title>ВЕЖБА — Извештај након акције — Joint Operation Test Shield</title>');
    expect(html).toContain('<h2>Кључни показатељи</h2>');
    expect(html).toContain('<h2>Време реаговања</h2>');
    expect(html).toContain('<h2>Методологија</h2>');
    // The decimal comma, the Serbian hour and the date as Serbian writes it; one case, four persons.
    expect(html).toContain('<td class="num">52,0</td>');
    expect(html).toContain('<td class="num">20,0 ч</td>');
    expect(html).toContain('медијана 2 мин');
    expect(html).toContain('29.11.2026. 01:00 UTC');
    expect(html).toContain('Укупно инцидената: 2. Реадмисије: 1 случај, 4 лица.');
    // The print header of every page, as CSS escapes of "ВЕЖБА".
    expect(html).toContain('@top-center { content: "\\412 \\415 \\416 \\411 \\410 ');
    // Feed text as it came.
    expect(html).toContain('Group of 12 migrants near the river');
    expect(formatDuration(2 * HOUR + 5 * MINUTE, 'sr-Cyrl')).toBe('2 ч 05 мин');
    expect(formatNumber(12_345.5, 1, 'sr-Cyrl')).toBe('12.345,5');
  });

  it('writes the report in Albanian', () => {
    const html = renderReportHtml(computeReport(sampleInput()), 'sq');
    expect(langOf(html)).toBe('sq');
    expect(html).toContain('<h2>Shifrat kryesore</h2>');
    expect(html).toContain('<h2>Kohët e reagimit</h2>');
    expect(html).toContain('<h3>Incidentet sipas kategorisë</h3>');
    expect(html).toContain('<td class="num">52,0</td>');
    expect(html).toContain('<td class="num">20,0 orë</td>');
    expect(html).toContain('29.11.2026, 01:00 UTC');
    expect(html).toContain('Kroacia');
    expect(formatDuration(3 * 24 * HOUR + 4 * HOUR, 'sq')).toBe('3 ditë 04 orë');
    expect(formatNumber(12_345.5, 1, 'sq')).toMatch(/^12\s345,5$/u);
  });

  it('leaves no English fixed text in a translated report', () => {
    // Every English string of the catalogue that the other languages translate (of two words or more).
    const english = new Set<string>();
    const walk = (tree: unknown): void => {
      if (typeof tree === 'string') {
        if (!tree.includes('{{') && (tree.match(/\p{L}{3,}/gu)?.length ?? 0) >= 2) english.add(tree);
      } else if (tree && typeof tree === 'object') Object.values(tree).forEach(walk);
    };
    walk(CORE_RESOURCES.en.report);
    for (const language of ['sq', 'mk', 'sr-Latn', 'sr-Cyrl'] as const) {
      for (const input of [sampleInput(), makeInput({ state: makeState(), to: DAY0 })]) {
        const text = tokenizeHtml(renderReportHtml(computeReport(input), language))
          .filter((t) => t.kind === 'text')
          .map((t) => (t.kind === 'text' ? t.text : ''));
        expect(
          text.filter((t) => english.has(t.trim())),
          language,
        ).toEqual([]);
      }
    }
  });
});
