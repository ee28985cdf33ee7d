/**
 * Branded units for values that cross a module boundary, so that a time cannot be passed where a
 * distance is expected and a [lat, lon] pair cannot pass for a [lon, lat] one.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Milliseconds since the Unix epoch, UTC. */
export type EpochMs = Brand<number, 'EpochMs'>;
/** A distance in metres. */
export type Meters = Brand<number, 'Meters'>;
/** A WGS84 position as [longitude, latitude] in degrees (GeoJSON order). */
export type LngLat = Brand<readonly [number, number], 'LngLat'>;

/** Marks a number as a time in milliseconds since the epoch (no check: validate at the edge). */
export function epochMs(value: number): EpochMs {
  return value as EpochMs;
}

/** Marks a number as metres. */
export function meters(value: number): Meters {
  return value as Meters;
}

/** Makes a [lon, lat] position; throws on a value off the globe, which is always a bug here. */
export function lngLat(lon: number, lat: number): LngLat {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new RangeError(`not a position: ${lon}, ${lat}`);
  }
  return [lon, lat] as const as LngLat;
}
