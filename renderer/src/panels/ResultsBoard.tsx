import { useMemo } from 'react';
import { getOwn } from '../../../shared/getOwn';
import { useTranslation } from 'react-i18next';
import { currentLocale, label } from '../i18n/i18n';
import { summariseReadmissions, type ReadmissionTally } from '../../../shared/readmission';
import { useUi } from '../store/uiStore';
import { useOpNow } from './common';
import { formatCount } from './format';
import {
  aggregateResults,
  RESULT_METRICS,
  UNKNOWN_COUNTRY,
  type ResultMetric,
  type ResultTotals,
} from './results';
import { countryName } from './selectors';

const value = (totals: ResultTotals, metric: ResultMetric): string =>
  formatCount(totals[metric], metric === 'drugsKg');

/** A row of a table of counts: its heading, its cells by column, and data attributes for tests and styling. */
interface CountRow<C extends string> {
  key: string;
  label: string;
  title: string;
  cells: Readonly<Record<C, string>>;
  attributes: Readonly<Record<`data-${string}`, string>>;
}

/** A table of counts with short column headings (the full name on hover). */
function CountTable<C extends string>({
  caption,
  columns,
  rows,
  testId,
}: {
  caption: string;
  columns: readonly { key: C; title: string; short: string }[];
  rows: readonly CountRow<C>[];
  testId: string;
}) {
  return (
    // Focusable, so a table wider than the panel scrolls by keyboard too.
    <div className="wf-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="wf-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {columns.map((c) => (
              <th key={c.key} scope="col" title={c.title}>
                {c.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid={testId} {...r.attributes}>
              <th scope="row" title={r.title}>
                {r.label}
              </th>
              {columns.map((c) => (
                <td key={c.key} data-metric={c.key}>
                  {r.cells[c.key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const TALLY_COLUMNS = [
  'requested',
  'accepted',
  'refused',
  'handedOver',
  'personsHandedOver',
  'late',
] as const;
type TallyColumn = (typeof TALLY_COLUMNS)[number];

const tallyCells = (tally: ReadmissionTally): Record<TallyColumn, string> =>
  Object.fromEntries(TALLY_COLUMNS.map((c) => [c, formatCount(tally[c])])) as Record<TallyColumn, string>;

const metricCells = (totals: ResultTotals): Record<ResultMetric, string> =>
  Object.fromEntries(RESULT_METRICS.map((m) => [m, value(totals, m)])) as Record<ResultMetric, string>;

/**
 * The cases of the simplified readmission procedure as they stand now (operation time): by pair of
 * countries and by crossing point, counted as the after-action report counts them.
 */
function ReadmissionResults() {
  const { t, i18n } = useTranslation('results');
  const cases = useUi((s) => s.state.readmissions);
  const crossings = useUi((s) => s.state.crossings);
  // Lateness moves with the operation's clock, the same "now" as the board's and the status bar's.
  const now = useOpNow();
  const summary = useMemo(() => summariseReadmissions(Object.values(cases), now), [cases, now]);
  const language = i18n.language;
  const pairRows = useMemo(
    () =>
      summary.byPair.map((p) => ({
        key: `${p.requestingCountry}>${p.requestedCountry}`,
        label: t('readmission.pair', { from: p.requestingCountry, to: p.requestedCountry }),
        title: t('readmission.pair', {
          from: countryName(p.requestingCountry),
          to: countryName(p.requestedCountry),
        }),
        cells: tallyCells(p),
        attributes: { 'data-key': `${p.requestingCountry}>${p.requestedCountry}` },
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [summary, t, language],
  );
  const crossingRows = useMemo(
    () =>
      summary.byCrossing.map((c) => ({
        key: c.crossingId,
        label: getOwn(crossings, c.crossingId)?.name ?? c.crossingId,
        title: c.crossingId,
        cells: tallyCells(c),
        attributes: { 'data-key': c.crossingId },
      })),
    [summary, crossings],
  );
  const columns = useMemo(
    () =>
      TALLY_COLUMNS.map((c) => ({
        key: c,
        title: t(`readmission.column.${c}`),
        short: t(`readmission.columnShort.${c}`),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [t, language],
  );
  return (
    <section className="wf-results-readmission" data-testid="results-readmission">
      <h3>{t('readmission.title')}</h3>
      {summary.total.requested === 0 ? (
        <p className="wf-empty">{t('readmission.none')}</p>
      ) : (
        <>
          <CountTable
            caption={t('readmission.byPair')}
            columns={columns}
            rows={pairRows}
            testId="results-readmission-pair"
          />
          <CountTable
            caption={t('readmission.byCrossing')}
            columns={columns}
            rows={crossingRows}
            testId="results-readmission-crossing"
          />
        </>
      )}
    </section>
  );
}

/**
 * The operation's results (what the daily report to the partners lists): totals, by country and by
 * UTC day. Figures are credited to countries by the rule in `resultCountry` (results.ts). The
 * figures' names are this board's own translations: shared/results.ts keeps the English ones for
 * the after-action report.
 */
export function ResultsBoard() {
  const { t, i18n } = useTranslation('results');
  const incidents = useUi((s) => s.state.incidents);
  const units = useUi((s) => s.state.units);
  const sectors = useUi((s) => s.state.sectors);
  const mode = useUi((s) => s.state.operation?.mode ?? null);
  const summary = useMemo(() => aggregateResults(incidents, units, sectors), [incidents, units, sectors]);
  // The persons the readmission cases handed over, beside the persons the incidents reported
  // readmitted: two sources that need not agree (a report may come before its case, or without one),
  // so the tile says which is which rather than showing two figures that seem to contradict.
  const cases = useUi((s) => s.state.readmissions);
  const now = useOpNow();
  const handedOver = useMemo(
    () => summariseReadmissions(Object.values(cases), now).total.personsHandedOver,
    [cases, now],
  );

  // Labels in the language in use: recomputed when it changes.
  const language = i18n.language;
  const countryRows = useMemo(
    () =>
      summary.byCountry.map((c) => ({
        key: c.country,
        label: c.country === UNKNOWN_COUNTRY ? t('unknownCountry') : c.country,
        title: c.country === UNKNOWN_COUNTRY ? t('unknownCountryHint') : countryName(c.country),
        cells: metricCells(c.totals),
        attributes: { 'data-country': c.country },
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [summary, t, language],
  );
  // Newest day first: the current day is what the watch reports on.
  const dayRows = useMemo(
    () =>
      [...summary.byDay].reverse().map((d) => ({
        key: d.day,
        label: d.day,
        title: t('dayUtc', { day: d.day }),
        cells: metricCells(d.totals),
        attributes: { 'data-day': d.day },
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [summary, t, language],
  );
  const columns = useMemo(
    () => RESULT_METRICS.map((m) => ({ key: m, title: t(`metric.${m}`), short: t(`metricShort.${m}`) })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [t, language],
  );

  return (
    <section className="wf-panel wf-results" data-testid="results-board" aria-label={t('ariaLabel')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('title')}</h2>
        {mode !== null && (
          <span className={`wf-mode-tag is-${mode}`}>
            {label('operationMode', mode).toLocaleUpperCase(currentLocale())}
          </span>
        )}
        <span className="wf-muted-text" title={t('incidentsHint')}>
          {t('incidents', {
            count: summary.incidentsWithResults,
            n: formatCount(summary.incidentsWithResults),
          })}
        </span>
      </header>
      <div className="wf-scroll wf-results-body" tabIndex={0} role="region" aria-label={t('ariaLabel')}>
        <dl className="wf-tiles">
          {RESULT_METRICS.map((m) => (
            <div
              key={m}
              className="wf-tile"
              data-testid="result-total"
              data-metric={m}
              title={m === 'readmittedPersons' ? t('readmittedHint') : undefined}
            >
              <dt>{t(`metric.${m}`)}</dt>
              <dd>{value(summary.totals, m)}</dd>
              {m === 'readmittedPersons' && (
                <dd className="wf-tile-note" data-testid="readmitted-cases">
                  {t('readmittedCases', { persons: formatCount(handedOver) })}
                </dd>
              )}
            </div>
          ))}
        </dl>
        {countryRows.length === 0 ? (
          <p className="wf-empty">{t('empty')}</p>
        ) : (
          <>
            <CountTable
              caption={t('byCountry')}
              columns={columns}
              rows={countryRows}
              testId="results-country"
            />
            <CountTable caption={t('byDay')} columns={columns} rows={dayRows} testId="results-day" />
          </>
        )}
        <ReadmissionResults />
      </div>
    </section>
  );
}
