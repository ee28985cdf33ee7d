/**
 * Reads a record by a key that came off the wire. Plain `record[key]` would find inherited members
 * (an incident id "constructor" would find Object's constructor); this finds own entries only.
 */
export function getOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
