/**
 * Structural equality of JSON-like data (plain objects, arrays, primitives). Used by the reducer to
 * leave state untouched when an event repeats what it already holds. A key whose value is
 * `undefined` counts as absent, as it would after a JSON round trip.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bArr = b as unknown[];
    if (a.length !== bArr.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bArr[i])) return false;
    return true;
  }
  const aRec = a as Record<string, unknown>;
  const bRec = b as Record<string, unknown>;
  const aKeys = Object.keys(aRec).filter((k) => aRec[k] !== undefined);
  const bKeys = Object.keys(bRec).filter((k) => bRec[k] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  for (const k of aKeys) if (!jsonEqual(aRec[k], bRec[k])) return false;
  return true;
}
