import { displayText } from '../../../shared/displayText';

/** Cells a spreadsheet would read as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made inert for spreadsheets: a leading apostrophe when it starts with = + - @ tab or
 * CR, as OWASP advises. Bidi controls become U+FFFD (shared/displayText.ts). Only for text: numbers are passed to the CSV writer as numbers, so a
 * negative longitude stays a number. Not papaparse's `escapeFormulae`, whose pattern misses a
 * formula followed by a newline.
 */
export function csvCell(text: string): string {
  // A spreadsheet shows the cell: a bidi override there would make it read as other text.
  const shown = displayText(text);
  return FORMULA_START.test(shown) ? `'${shown}` : shown;
}
