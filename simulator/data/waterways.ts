/**
 * Stretches of the scenario's borders that follow a river or cross a lake, where the
 * police patrol by boat. The border data has no hydrography, so each waterway is a
 * hand-drawn box (from public maps of the border) that, for its country pair only,
 * covers the water part of that border and none of its land part.
 *
 * Rule used by simulator/geography.ts: a sector is `water` when at least
 * WATER_SHARE_MIN of its length lies inside boxes of its own pair; its kind is the
 * kind ('river' or 'lake') with the most length inside.
 */

/** A box [west, south, east, north] in degrees around where a pair's border follows water. */
export interface WaterwayBox {
  name: string;
  /** ISO alpha-2, sorted alphabetically. */
  countries: [string, string];
  water: 'river' | 'lake';
  bbox: [number, number, number, number];
}

/** Minimum share of a sector's length on water for the sector to count as a water sector. */
export const WATER_SHARE_MIN = 0.3;

/** The waterways of the region's borders (a pair's box is ignored when the pair is not in the scenario). */
export const WATERWAYS: readonly WaterwayBox[] = [
  // Sava from the Una mouth at Jasenovac down to the Croatia–Serbia tripoint.
  { name: 'Sava', countries: ['BA', 'HR'], water: 'river', bbox: [16.88, 44.84, 19.05, 45.3] },
  // Una from Novi Grad / Dvor down to its mouth; upstream of Otoka the border leaves the river.
  { name: 'Una', countries: ['BA', 'HR'], water: 'river', bbox: [16.3, 44.97, 16.9, 45.3] },
  // Sava from the tripoint to the Drina mouth, then the Drina up to Lake Perućac.
  { name: 'Sava', countries: ['BA', 'RS'], water: 'river', bbox: [19.0, 44.84, 19.4, 44.95] },
  { name: 'Drina', countries: ['BA', 'RS'], water: 'river', bbox: [19.05, 43.94, 19.65, 44.88] },
  // Danube from the Hungarian tripoint to Ilok; south of Ilok the border is on land.
  { name: 'Danube', countries: ['HR', 'RS'], water: 'river', bbox: [18.8, 45.23, 19.45, 45.95] },
  // Danube from Baziaș to the Timok mouth (Iron Gates).
  { name: 'Danube', countries: ['RO', 'RS'], water: 'river', bbox: [21.35, 44.1, 22.8, 44.83] },
  // Bojana/Buna from the sea to Shkodër, then Lake Skadar.
  { name: 'Bojana', countries: ['AL', 'ME'], water: 'river', bbox: [19.3, 41.84, 19.45, 42.06] },
  { name: 'Lake Skadar', countries: ['AL', 'ME'], water: 'lake', bbox: [19.25, 42.06, 19.5, 42.34] },
  { name: 'Lake Ohrid', countries: ['AL', 'MK'], water: 'lake', bbox: [20.6, 40.9, 20.76, 41.1] },
  { name: 'Lake Prespa', countries: ['AL', 'MK'], water: 'lake', bbox: [20.88, 40.84, 21.0, 40.95] },
  { name: 'Lake Prespa', countries: ['AL', 'GR'], water: 'lake', bbox: [20.94, 40.78, 21.0, 40.86] },
  { name: 'Lake Prespa', countries: ['GR', 'MK'], water: 'lake', bbox: [20.95, 40.83, 21.1, 40.9] },
  { name: 'Lake Dojran', countries: ['GR', 'MK'], water: 'lake', bbox: [22.68, 41.14, 22.78, 41.26] },
];
