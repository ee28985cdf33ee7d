/**
 * A small HTML tokenizer for the report's tests, following the HTML tokenizer's rules for what
 * matters to a security check: where a tag starts, how attribute names and (quoted or unquoted)
 * values end, comments, and raw-text elements (style, script, title, textarea) whose content is not
 * markup. It reads what a browser would read, so a check on its tokens cannot be fooled by text that
 * merely looks harmless to a regular expression.
 */

/** A start tag with its attributes (names lower-cased, values with character references decoded). */
export interface StartTag {
  kind: 'start';
  name: string;
  attributes: { name: string; value: string }[];
}

/** A token of an HTML document. */
export type HtmlToken =
  | StartTag
  | { kind: 'end'; name: string }
  | { kind: 'text'; text: string }
  | { kind: 'raw'; name: string; text: string }
  | { kind: 'comment'; text: string };

const RAW_TEXT = new Set([
  'style',
  'script',
  'title',
  'textarea',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
]);
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes character references: named (the common ones), decimal and hexadecimal. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** Splits a document into tokens. */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let i = 0;
  let text = '';
  // Inside <svg> (foreign content) title and style are ordinary elements, not raw text.
  let svgDepth = 0;
  const flushText = (): void => {
    if (text) tokens.push({ kind: 'text', text: decodeEntities(text) });
    text = '';
  };
  while (i < html.length) {
    const c = html[i];
    const next = html[i + 1] ?? '';
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    if (html.startsWith('<!--', i)) {
      flushText();
      const end = html.indexOf('-->', i + 4);
      tokens.push({ kind: 'comment', text: html.slice(i + 4, end < 0 ? html.length : end) });
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (next === '!' || next === '?') {
      flushText();
      const end = html.indexOf('>', i);
      tokens.push({ kind: 'comment', text: html.slice(i + 2, end < 0 ? html.length : end) });
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    if (next === '/' && /[a-z]/i.test(html[i + 2] ?? '')) {
      flushText();
      const end = html.indexOf('>', i);
      const name = /^[^\s/>]+/.exec(html.slice(i + 2))?.[0] ?? '';
      tokens.push({ kind: 'end', name: name.toLowerCase() });
      if (name.toLowerCase() === 'svg') svgDepth = Math.max(0, svgDepth - 1);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    if (!/[a-z]/i.test(next)) {
      text += c;
      i++;
      continue;
    }
    flushText();
    i++;
    let name = '';
    while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>') name += html[i++];
    name = name.toLowerCase();
    const attributes: StartTag['attributes'] = [];
    for (;;) {
      while (isSpace(html[i]) || html[i] === '/') i++;
      if (i >= html.length || html[i] === '>') {
        i++;
        break;
      }
      let attr = html[i++] ?? '';
      while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=')
        attr += html[i++];
      while (isSpace(html[i])) i++;
      let value = '';
      if (html[i] === '=') {
        i++;
        while (isSpace(html[i])) i++;
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, i + 1);
          value = html.slice(i + 1, end < 0 ? html.length : end);
          i = end < 0 ? html.length : end + 1;
        } else {
          while (i < html.length && !isSpace(html[i]) && html[i] !== '>') value += html[i++];
        }
      }
      attributes.push({ name: attr.toLowerCase(), value: decodeEntities(value) });
    }
    tokens.push({ kind: 'start', name, attributes });
    if (name === 'svg') svgDepth++;
    if (svgDepth === 0 && RAW_TEXT.has(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      tokens.push({ kind: 'raw', name, text: html.slice(i, close < 0 ? html.length : close) });
      i = close < 0 ? html.length : close;
    }
  }
  flushText();
  return tokens;
}

/** The start tags of a document. */
export function startTags(html: string): StartTag[] {
  return tokenizeHtml(html).filter((t): t is StartTag => t.kind === 'start');
}
