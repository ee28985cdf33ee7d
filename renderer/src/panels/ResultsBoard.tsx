import { useMemo } from 'react';
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

function ResultsTable({
  caption,
  rows,
  testId,
  keyAttr,
}: {
  caption: string;
  rows: readonly { key: string; label: string; title: string; totals: ResultTotals }[];
  testId: string;
  keyAttr: 'data-country' | 'data-day';
}) {
  const { t } = useTranslation('results');
  return (
    <div className="wf-table-wrap">
      <table className="wf-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {RESULT_METRICS.map((m) => (
              <th key={m} scope="col" title={t(`metric.${m}`)}>
                {t(`metricShort.${m}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              data-testid={testId}
              data-country={keyAttr === 'data-country' ? r.key : undefined}
              data-day={keyAttr === 'data-day' ? r.key : undefined}
            >
              <th scope="row" title={r.title}>
                {r.label}
              </th>
              {RESULT_METRICS.map((m) => (
                <td key={m} data-metric={m}>
                  {value(r.totals, m)}
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

function ReadmissionTable({
  caption,
  rows,
  testId,
}: {
  caption: string;
  rows: readonly { key: string; label: string; title: string; tally: ReadmissionTally }[];
  testId: string;
}) {
  const { t } = useTranslation('results');
  return (
    <div className="wf-table-wrap">
      <table className="wf-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {TALLY_COLUMNS.map((c) => (
              <th key={c} scope="col" title={t(`readmission.column.${c}`)}>
                {t(`readmission.columnShort.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid={testId} data-key={r.key}>
              <th scope="row" title={r.title}>
                {r.label}
              </th>
              {TALLY_COLUMNS.map((c) => (
                <td key={c} data-metric={c}>
                  {formatCount(r.tally[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The cases of the simplified readmission procedure as they stand now (operation time): by pair of
 * countries and by crossing point, counted as the after-action report counts them.
 */
function ReadmissionResults() {
  const { t, i18n } = useTranslation('results');
  const cases = useUi((s) => s.state.readmissions);
  const crossings = useUi((s) => s.state.crossings);
  // Lateness moves with the clock, a minute at a time is enough for a summary.
  const minute = Math.floor(useOpNow() / 60_000);
  const summary = useMemo(
    () => summariseReadmissions(Object.values(cases), minute * 60_000),
    [cases, minute],
  );
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
        tally: p,
      })),
    [summary, t, language],
  );
  const crossingRows = useMemo(
    () =>
      summary.byCrossing.map((c) => ({
        key: c.crossingId,
        label: crossings[c.crossingId]?.name ?? c.crossingId,
        title: c.crossingId,
        tally: c,
      })),
    [summary, crossings],
  );
  return (
    <section className="wf-results-readmission" data-testid="results-readmission">
      <h3>{t('readmission.title')}</h3>
      {summary.total.requested === 0 ? (
        <p className="wf-empty">{t('readmission.none')}</p>
      ) : (
        <>
          <ReadmissionTable
            caption={t('readmission.byPair')}
            rows={pairRows}
            testId="results-readmission-pair"
          />
          <ReadmissionTable
            caption={t('readmission.byCrossing')}
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

  // Labels in the language in use: recomputed when it changes.
  const language = i18n.language;
  const countryRows = useMemo(
    () =>
      summary.byCountry.map((c) => ({
        key: c.country,
        label: c.country === UNKNOWN_COUNTRY ? t('unknownCountry') : c.country,
        title: c.country === UNKNOWN_COUNTRY ? t('unknownCountryHint') : countryName(c.country),
        totals: c.totals,
      })),
    [summary, t, language],
  );
  // Newest day first: the current day is what the watch reports on.
  const dayRows = useMemo(
    () =>
      [...summary.byDay]
        .reverse()
        .map((d) => ({ key: d.day, label: d.day, title: t('dayUtc', { day: d.day }), totals: d.totals })),
    [summary, t, language],
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
      <div className="wf-scroll wf-results-body">
        <dl className="wf-tiles">
          {RESULT_METRICS.map((m) => (
            <div key={m} className="wf-tile" data-testid="result-total" data-metric={m}>
              <dt>{t(`metric.${m}`)}</dt>
              <dd>{value(summary.totals, m)}</dd>
            </div>
          ))}
        </dl>
        {countryRows.length === 0 ? (
          <p className="wf-empty">{t('empty')}</p>
        ) : (
          <>
            <ResultsTable
              caption={t('byCountry')}
              rows={countryRows}
              testId="results-country"
              keyAttr="data-country"
            />
            <ResultsTable caption={t('byDay')} rows={dayRows} testId="results-day" keyAttr="data-day" />
          </>
        )}
        <ReadmissionResults />
      </div>
    </section>
  );
}
