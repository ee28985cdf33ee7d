/**
 * Reads a record by a key that came off the wire. Plain `record[key]` would find inherited members
 * (an incident id "constructor" would find Object's constructor); this finds own entries only. An
 * absent key (an optional id a payload left out) finds nothing.
 */
export function getOwn<T>(record: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Writes a record's entry by a key that came off the wire. Plain `record[key] = value` with the
 * key `__proto__` would replace the record's prototype instead of adding an entry; every other
 * key assigns as usual (an immer draft takes those, and refuses `defineProperty`).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: NoInfer<T>): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/** A copy of a record without one entry; the same record when it has no such entry. */
export function withoutOwn<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!Object.hasOwn(record, key)) return record;
  // Spread copies own entries as entries, `__proto__` included; delete removes an own entry only.
  const next = { ...record };
  delete next[key];
  return next;
}
