/**
 * A coordinate as xsd:decimal, which GPX and KML expect: plain digits, never the exponent form
 * that String() gives below 1e-6 (a longitude of 1e-7 just off the meridian). Finite input only.
 */
export function xmlDecimal(value: number): string {
  const plain = String(value);
  if (!plain.includes('e')) return plain;
  return value.toFixed(12).replace(/\.?0+$/, '');
}
