import { z } from 'zod';
import type { EpochMs, LngLat, Meters } from '../units';

/**
 * Building blocks of the feed schemas. Every string is bounded and every number finite and in range,
 * because everything that arrives on the feed is untrusted.
 */

/** Identifiers: short, printable, no spaces, so they are safe as keys, in file names and in logs. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'an id uses only letters, digits and . _ : -');

/** A short label: a name, a callsign, a title. */
export const labelSchema = z.string().min(1).max(200);

/** Free text written by a person: notes, descriptions. */
export const textSchema = z.string().max(4000);

/** ISO 3166 alpha-2 country code (XK for Kosovo, EU for European agencies). */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'a country is a two-letter ISO code');

/**
 * A time in milliseconds since the epoch, between 2000 and 2100. The brand is given by the schema's
 * type, not by a transform: a transform per field costs a measurable share of ingest time.
 */
export const epochMsSchema = z
  .number()
  .int()
  .min(946_684_800_000)
  .max(4_102_444_800_000) as unknown as z.ZodType<EpochMs, number>;

/** Longitude in degrees. */
export const lonSchema = z.number().min(-180).max(180);
/** Latitude in degrees. */
export const latSchema = z.number().min(-90).max(90);

/** A [lon, lat] position. */
export const lngLatSchema = z.tuple([lonSchema, latSchema]) as unknown as z.ZodType<LngLat, [number, number]>;

/** A distance in metres, non-negative and below 100 km. */
export const metersSchema = z.number().min(0).max(100_000) as unknown as z.ZodType<Meters, number>;

/** A line of at most 5,000 positions. */
export const lineSchema = z.array(lngLatSchema).min(2).max(5000);

/** A polygon: rings of at least four positions, the outer ring first. */
export const polygonSchema = z.array(z.array(lngLatSchema).min(4).max(20_000)).min(1).max(50);

/** A non-negative count. */
export const countSchema = z.number().int().min(0).max(1_000_000);

/** A sequence number: rises by one per event of an operation, from 1. */
export const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
