/**
 * The results board's figures come from shared/results.ts, which the after-action report counts
 * with too, so the board and the report cannot disagree about a figure.
 */
export {
  aggregateResults,
  emptyTotals,
  RESULT_LABELS,
  RESULT_METRICS,
  RESULT_SHORT_LABELS,
  resultCountry,
  UNKNOWN_COUNTRY,
  type ResultMetric,
  type ResultsSummary,
  type ResultTotals,
} from '../../../shared/results';
