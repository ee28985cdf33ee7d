/**
 * The results board's figures come from shared/results.ts, which the after-action report counts
 * with too, so the board and the report cannot disagree about a figure. The figures' names are not
 * taken from there: the board shows them in the officer's language (the `results` namespace).
 */
export {
  aggregateResults,
  emptyTotals,
  RESULT_METRICS,
  resultCountry,
  UNKNOWN_COUNTRY,
  type ResultMetric,
  type ResultsSummary,
  type ResultTotals,
} from '../../../shared/results';
