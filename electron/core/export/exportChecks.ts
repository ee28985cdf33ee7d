import { Ajv, type ValidateFunction } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Independent checks for the export tests: the published GeoJSON schema, a real XML parser, and
 * XML 1.0's character rules written out from the spec rather than taken from the code under test.
 */

const require = createRequire(import.meta.url);
let featureCollection: ValidateFunction | null = null;

/** Errors of `value` against geojson-schema's FeatureCollection (draft-07), empty when valid. */
export function featureCollectionErrors(value: unknown): string[] {
  if (featureCollection === null) {
    const schema = JSON.parse(
      readFileSync(require.resolve('geojson-schema/FeatureCollection.json'), 'utf8'),
    ) as object;
    featureCollection = new Ajv({ strict: false, allErrors: true }).compile(schema);
  }
  if (featureCollection(value)) return [];
  return (featureCollection.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** True for a code point XML 1.0 allows in a document (section 2.2, Char). */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The characters of `text` that XML 1.0 does not allow, as code points. */
export function nonXmlChars(text: string): number[] {
  const bad: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isXmlChar(cp)) bad.push(cp);
  }
  return bad;
}

/** What a reader should get back from our XML for `text`: XML characters only, without DEL and C1 controls. */
export function xmlVisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isXmlChar(cp) && !(cp >= 0x7f && cp <= 0x9f)) out += ch;
  }
  return out;
}

/** Well-formedness by fast-xml-parser's validator, which does not check characters, plus our character check. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true)
    problems.push(`${verdict.err.code} at ${verdict.err.line}:${verdict.err.col}: ${verdict.err.msg}`);
  const bad = nonXmlChars(xml);
  if (bad.length > 0)
    problems.push(`characters not allowed in XML: ${bad.map((c) => c.toString(16)).join(' ')}`);
  return problems;
}

/** A parse that keeps text exactly (no trimming, no number guessing) and decodes character references. */
export function parseXml(xml: string, arrays: readonly string[]): unknown {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => arrays.includes(name),
  }).parse(xml);
}
