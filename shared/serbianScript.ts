/**
 * Serbian Latin to Cyrillic. The two scripts of Serbian map letter for letter (with three Latin
 * digraphs for one Cyrillic letter each), so the Cyrillic translation is derived from the Latin one
 * rather than kept by hand: `npm run i18n:sr-cyrl` writes renderer/src/i18n/locales/sr-Cyrl and
 * shared/locales/sr-Cyrl from the sr-Latn beside them, and the i18n tests fail when they differ.
 *
 * Left in Latin letters: interpolation placeholders (`{{count}}`), nesting (`$t(...)`), and words
 * that are codes or foreign names rather than Serbian: the acronyms in {@link LATIN_CODES} (SIENA,
 * UTC, CSV; a Serbian word in capitals, such as VEŽBA, is transliterated), mixed case inside a word
 * (GeoJSON), letters Serbian does not have (q, w, x, y), and letters next to digits (P1, Ctrl+K) or
 * to a placeholder (P{{priority}}).
 */

const DIGRAPHS: Readonly<Record<string, string>> = {
  Lj: 'Љ',
  LJ: 'Љ',
  lj: 'љ',
  Nj: 'Њ',
  NJ: 'Њ',
  nj: 'њ',
  Dž: 'Џ',
  DŽ: 'Џ',
  dž: 'џ',
};

const LETTERS: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'б',
  c: 'ц',
  č: 'ч',
  ć: 'ћ',
  d: 'д',
  đ: 'ђ',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'ј',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  š: 'ш',
  t: 'т',
  u: 'у',
  v: 'в',
  z: 'з',
  ž: 'ж',
};

/**
 * Acronyms written in Latin letters in Serbian Cyrillic text too: formats, units, standards, the
 * partners' systems and the country codes. A new acronym in a translation goes here.
 */
export const LATIN_CODES: ReadonlySet<string> = new Set([
  ...[
    'UTC',
    'MGRS',
    'UTM',
    'DMS',
    'ISO',
    'ID',
    'CA',
    'TLS',
    'PEM',
    'HTML',
    'PDF',
    'CSV',
    'KML',
    'KMZ',
    'GPX',
    'JSON',
    'SQL',
    'TAK',
  ],
  ...['KB', 'MB', 'GB', 'TB', 'SIENA', 'EU', 'JO', 'JOC', 'JOCC', 'WB', 'BCP'],
  // The first line of a PEM certificate, quoted to say what the file must begin with.
  ...['BEGIN', 'CERTIFICATE'],
  // Statistics software and functions the report's method names.
  ...['R', 'PERCENTILE', 'INC'],
  ...['AL', 'BA', 'BG', 'GR', 'HR', 'HU', 'ME', 'MK', 'RO', 'RS', 'SI', 'XK'],
  // Keys as their caps read.
  ...['Ctrl', 'Alt', 'Shift', 'Esc', 'Enter', 'Tab', 'Home', 'End', 'Page', 'Up', 'Down', 'Delete', 'Space'],
  // What is typed or read as it is: commands, file types, the MBTiles tables, the web's protocol.
  ...['ps', 'chmod', 'mbtiles', 'pbf', 'png', 'jpg', 'json', 'metadata', 'tiles', 'vector', 'HTTP'],
]);

/** A word that stays in Latin letters (see the module comment). */
function isCode(word: string): boolean {
  if (/[qwxyQWXY]/.test(word)) return true;
  if (/\d/.test(word)) return true;
  // A shortcut: Ctrl+K, Ctrl+,.
  if (word.includes('+')) return true;
  if (LATIN_CODES.has(word)) return true;
  const letters = word.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toUpperCase()) return false;
  // A capital after the first letter: GeoJSON, iPhone.
  return /.\p{Lu}/u.test(letters);
}

function transliterateWord(word: string): string {
  if (isCode(word)) return word;
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const pair = word.slice(i, i + 2);
    const digraph = DIGRAPHS[pair];
    if (digraph !== undefined) {
      out += digraph;
      i++;
      continue;
    }
    const ch = word[i] ?? '';
    const lower = ch.toLowerCase();
    const mapped = LETTERS[lower];
    out += mapped === undefined ? ch : ch === lower ? mapped : mapped.toUpperCase();
  }
  return out;
}

/** Serbian text in Latin letters to Cyrillic, placeholders and codes untouched. */
export function latinToCyrillic(text: string): string {
  // Placeholders, nesting and command-line options (--token-file) are copied as they are; the
  // text between them goes word by word.
  return text
    .split(/(\{\{[^}]*\}\}|\$t\([^)]*\)|--[A-Za-z][\w-]*)/)
    .map((part, i, parts) => {
      if (i % 2 === 1) return part;
      // A word glued to a placeholder is a code with a number in it (P{{priority}} reads P1).
      const gluedAfter = i + 1 < parts.length;
      return part.replace(/[\p{L}\p{N}+]+/gu, (word, at: number) =>
        gluedAfter && at + word.length === part.length ? word : transliterateWord(word),
      );
    })
    .join('');
}

/** A whole namespace (nested objects of strings), transliterated value by value; keys unchanged. */
export function namespaceToCyrillic(value: unknown): unknown {
  if (typeof value === 'string') return latinToCyrillic(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, namespaceToCyrillic(v)]));
  }
  return value;
}
