import Papa from 'papaparse';
import type { OperationState } from '../../../shared/state';
import { csvCell } from './csvCell';
import { INCIDENT_COLUMNS, incidentRecord, incidentsInReportOrder, type Cell } from './incidentRecord';
import type { ExportMeta } from './types';

/**
 * The byte order mark that makes Excel read the file as UTF-8 (Cyrillic and Greek names otherwise
 * come out garbled); papaparse and other CSV readers skip it.
 */
export const CSV_BOM = '\uFEFF';

/**
 * A CSV document as the exports write it: BOM, header, CRLF between records (RFC 4180) and none
 * after the last, as papaparse writes it (a trailing line end reads back as an empty record there);
 * papaparse adds one after a lone header, so that is taken off.
 */
export function csvDocument(fields: readonly string[], data: readonly Cell[][]): string {
  const body = Papa.unparse({ fields: [...fields], data: [...data] }, { newline: '\r\n' });
  return CSV_BOM + (body.endsWith('\r\n') ? body.slice(0, -2) : body);
}

/** Text cells made inert for spreadsheets; numbers and empty cells pass as they are. */
export function csvRow(cells: readonly Cell[]): Cell[] {
  return cells.map((c) => (typeof c === 'string' ? csvCell(c) : c));
}

/**
 * Every incident of the operation as one CSV row, in report order: for review in a spreadsheet,
 * where the result counts add up per column. Each row says the operation and its mode, so rows
 * copied out of the file still say EXERCISE.
 */
export function incidentsCsv(state: OperationState, meta: ExportMeta): string {
  const data = incidentsInReportOrder(state).map((incident) => {
    const record = incidentRecord(state, incident, meta);
    return csvRow(INCIDENT_COLUMNS.map((column) => record[column]));
  });
  return csvDocument(INCIDENT_COLUMNS, data);
}
