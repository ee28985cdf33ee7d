import { displayText } from '../../../shared/displayText';

/**
 * Characters XML 1.0 does not allow (C0 controls but tab, LF and CR; lone surrogates; U+FFFE and
 * U+FFFF), plus DEL and the C1 controls, which it allows but which are never real text. In a `u`
 * regex a surrogate class only matches a surrogate that is not half of a pair.
 */
const NOT_XML_TEXT = /[^\P{Cc}\t\n\r]|[\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** The markup characters, and CR, which a parser would otherwise turn into LF (XML 1.0 section 2.11). */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/**
 * Text from the feed made safe as XML element content or as a quoted attribute value. The text is
 * untrusted: markup characters are escaped, and characters that make a document ill-formed are
 * dropped rather than replaced, since a single one would make a whole GPX or KML file unreadable.
 * (In an attribute a parser still turns tab and LF into spaces; only fixed names go there.)
 */
export function xmlText(text: string): string {
  // Names in KML and GPX are shown by map viewers: no bidi override may reorder them.
  return displayText(text)
    .replace(NOT_XML_TEXT, '')
    .replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}
