import { forward as mgrsForward, toPoint as mgrsToPoint } from 'mgrs';
import { lngLat, type LngLat } from './units';

/**
 * Positions as the watch officer reads, copies and types them: decimal degrees, degrees minutes
 * seconds, MGRS (what the patrols report in) and UTM. MGRS comes from the `mgrs` library (proj4js);
 * UTM is the same library's WGS84 transverse Mercator series, which it keeps private, so it is
 * carried here (see utmFromLngLat) and checked against the library's MGRS in the tests.
 */

/** The ways a position can be written. */
export const COORDINATE_FORMATS = ['dd', 'dms', 'mgrs', 'utm'] as const;
/** A way a position can be written. */
export type CoordinateFormat = (typeof COORDINATE_FORMATS)[number];

/** Why a typed position was refused: the page words each one in the officer's language. */
export type CoordinateProblem =
  | 'empty'
  | 'unrecognised'
  | 'latitudeRange'
  | 'longitudeRange'
  | 'minutesSeconds'
  | 'mgrs'
  | 'utmZone'
  | 'utmBand'
  | 'polar';

/** A typed position read: where it is and how it was written, or why it was refused. */
export type ParsedCoordinate =
  | { ok: true; position: LngLat; format: CoordinateFormat }
  | { ok: false; problem: CoordinateProblem; message: string };

/** A UTM grid position: zone 1-60, latitude band letter (C-X), metres east and north. */
export interface UtmPosition {
  zone: number;
  band: string;
  easting: number;
  northing: number;
}

// WGS84 and the UTM projection's constants, as the mgrs library uses them.
const SEMI_MAJOR_AXIS = 6378137;
const ECC_SQUARED = 0.00669438;
const SCALE_FACTOR = 0.9996;
const EASTING_OFFSET = 500000;
const NORTHING_OFFSET = 10000000;
const ECC_PRIME_SQUARED = ECC_SQUARED / (1 - ECC_SQUARED);
/** UTM (and MGRS) is defined between these latitudes; the poles use another grid. */
const UTM_SOUTH = -80;
const UTM_NORTH = 84;
/** Latitude bands from 80°S, 8° each (X is 12°); I and O are not used. */
const BANDS = 'CDEFGHJKLMNPQRSTUVWX';

const rad = (deg: number): number => (deg * Math.PI) / 180;
const deg = (r: number): number => (r * 180) / Math.PI;

const PROBLEM_MESSAGES: Readonly<Record<CoordinateProblem, string>> = {
  empty: 'type a position',
  unrecognised: 'not a position in decimal degrees, degrees minutes seconds, MGRS or UTM',
  latitudeRange: 'a latitude is between 90° south and 90° north',
  longitudeRange: 'a longitude is between 180° west and 180° east',
  minutesSeconds: 'minutes and seconds are below 60',
  mgrs: 'not a valid MGRS reference',
  utmZone: 'a UTM zone is 1 to 60',
  utmBand:
    'the northing is not in that latitude band: give the band letter (C-X), not N or S for the hemisphere',
  polar: 'MGRS and UTM stop at 80° south and 84° north',
};

function refuse(problem: CoordinateProblem): ParsedCoordinate {
  return { ok: false, problem, message: PROBLEM_MESSAGES[problem] };
}

function accept(lon: number, lat: number, format: CoordinateFormat): ParsedCoordinate {
  if (!(Math.abs(lat) <= 90)) return refuse('latitudeRange');
  if (!(Math.abs(lon) <= 180)) return refuse('longitudeRange');
  return { ok: true, position: lngLat(lon, lat), format };
}

/** The latitude band letter of a latitude (72°-84° is X). */
function bandOf(lat: number): string {
  if (lat >= 72) return 'X';
  return BANDS[Math.floor((lat - UTM_SOUTH) / 8)] ?? 'C';
}

/** The UTM zone of a position, with Norway's and Svalbard's exceptions. */
function zoneOf(lon: number, lat: number): number {
  if (lat >= 56 && lat < 64 && lon >= 3 && lon < 12) return 32;
  if (lat >= 72 && lat < 84) {
    if (lon >= 0 && lon < 9) return 31;
    if (lon >= 9 && lon < 21) return 33;
    if (lon >= 21 && lon < 33) return 35;
    if (lon >= 33 && lon < 42) return 37;
  }
  return lon === 180 ? 60 : Math.floor((lon + 180) / 6) + 1;
}

/** The central meridian of a UTM zone. */
function centralMeridian(zone: number): number {
  return (zone - 1) * 6 - 180 + 3;
}

/** A position on the UTM grid, to the metre (rounded down, as MGRS truncates); null at the poles. */
export function utmFromLngLat(position: LngLat): UtmPosition | null {
  const [lon, lat] = position;
  if (lat < UTM_SOUTH || lat > UTM_NORTH) return null;
  const zone = zoneOf(lon, lat);
  const phi = rad(lat);
  const e2 = ECC_SQUARED;
  const n = SEMI_MAJOR_AXIS / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const t = Math.tan(phi) ** 2;
  const c = ECC_PRIME_SQUARED * Math.cos(phi) ** 2;
  const a = Math.cos(phi) * rad(lon - centralMeridian(zone));
  const m =
    SEMI_MAJOR_AXIS *
    ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi -
      ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi) +
      ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi) -
      ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
  const easting =
    SCALE_FACTOR *
      n *
      (a +
        ((1 - t + c) * a ** 3) / 6 +
        ((5 - 18 * t + t * t + 72 * c - 58 * ECC_PRIME_SQUARED) * a ** 5) / 120) +
    EASTING_OFFSET;
  let northing =
    SCALE_FACTOR *
    (m +
      n *
        Math.tan(phi) *
        ((a * a) / 2 +
          ((5 - t + 9 * c + 4 * c * c) * a ** 4) / 24 +
          ((61 - 58 * t + t * t + 600 * c - 330 * ECC_PRIME_SQUARED) * a ** 6) / 720));
  if (lat < 0) northing += NORTHING_OFFSET;
  return { zone, band: bandOf(lat), easting: Math.trunc(easting), northing: Math.trunc(northing) };
}

/** The position of a UTM grid reference (the band says the hemisphere). */
export function lngLatFromUtm(utm: UtmPosition): { lon: number; lat: number } {
  const e2 = ECC_SQUARED;
  const e1 = (1 - Math.sqrt(1 - e2)) / (1 + Math.sqrt(1 - e2));
  const x = utm.easting - EASTING_OFFSET;
  const y = utm.band < 'N' ? utm.northing - NORTHING_OFFSET : utm.northing;
  const mu = y / SCALE_FACTOR / (SEMI_MAJOR_AXIS * (1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256));
  const phi1 =
    mu +
    ((3 * e1) / 2 - (27 * e1 ** 3) / 32) * Math.sin(2 * mu) +
    ((21 * e1 ** 2) / 16 - (55 * e1 ** 4) / 32) * Math.sin(4 * mu) +
    ((151 * e1 ** 3) / 96) * Math.sin(6 * mu);
  const n1 = SEMI_MAJOR_AXIS / Math.sqrt(1 - e2 * Math.sin(phi1) ** 2);
  const t1 = Math.tan(phi1) ** 2;
  const c1 = ECC_PRIME_SQUARED * Math.cos(phi1) ** 2;
  const r1 = (SEMI_MAJOR_AXIS * (1 - e2)) / (1 - e2 * Math.sin(phi1) ** 2) ** 1.5;
  const d = x / (n1 * SCALE_FACTOR);
  const lat =
    phi1 -
    ((n1 * Math.tan(phi1)) / r1) *
      ((d * d) / 2 -
        ((5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ECC_PRIME_SQUARED) * d ** 4) / 24 +
        ((61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ECC_PRIME_SQUARED - 3 * c1 * c1) * d ** 6) / 720);
  const lon =
    (d -
      ((1 + 2 * t1 + c1) * d ** 3) / 6 +
      ((5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ECC_PRIME_SQUARED + 24 * t1 * t1) * d ** 5) / 120) /
    Math.cos(phi1);
  return { lon: centralMeridian(utm.zone) + deg(lon), lat: deg(lat) };
}

/** Degrees, minutes and seconds of an absolute angle, seconds to a tenth, carried so 59.95″ never shows as 60.0″. */
function dmsParts(value: number): { d: number; m: number; s: string } {
  const tenths = Math.round(Math.abs(value) * 36000);
  const d = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return { d, m, s };
}

/**
 * A position written in a format, as shown and copied: "44.81760, 20.45690" (latitude first, as
 * people say it), "44°49′03.4″N 20°27′24.8″E", "34T DQ 12345 67890" (to the metre), "34T 456789
 * 4961234". MGRS and UTM fall back to degrees at the poles, where they are not defined.
 */
export function formatCoordinate(position: LngLat, format: CoordinateFormat): string {
  const [lon, lat] = position;
  switch (format) {
    case 'dd':
      return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    case 'dms': {
      const a = dmsParts(lat);
      const o = dmsParts(lon);
      return (
        `${a.d}°${String(a.m).padStart(2, '0')}′${a.s}″${lat < 0 ? 'S' : 'N'} ` +
        `${o.d}°${String(o.m).padStart(2, '0')}′${o.s}″${lon < 0 ? 'W' : 'E'}`
      );
    }
    case 'mgrs': {
      if (lat < UTM_SOUTH || lat > UTM_NORTH) return formatCoordinate(position, 'dms');
      const text = mgrsForward([lon, lat], 5);
      const m = /^(\d{1,2}[A-Z])([A-Z]{2})(\d{5})(\d{5})$/.exec(text);
      return m ? `${m[1]} ${m[2]} ${m[3]} ${m[4]}` : text;
    }
    case 'utm': {
      const utm = utmFromLngLat(position);
      if (!utm) return formatCoordinate(position, 'dms');
      return `${utm.zone}${utm.band} ${utm.easting} ${utm.northing}`;
    }
  }
}

const MGRS_PATTERN = /^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z][A-HJ-NP-V])(\d*)$/;
const UTM_PATTERN = /^(\d{1,2})\s*([A-Z])\s+(\d+(?:\.\d+)?)\s*(?:M?E|M)?\s+(\d+(?:\.\d+)?)\s*(?:M?N|M)?$/;
const NUMBER = String.raw`[-+]?\d+(?:\.\d+)?`;

function parseMgrs(compact: string): ParsedCoordinate {
  const m = MGRS_PATTERN.exec(compact);
  if (!m || (m[4] ?? '').length % 2 !== 0 || (m[4] ?? '').length > 10) return refuse('mgrs');
  const zone = Number(m[1]);
  if (zone < 1 || zone > 60) return refuse('utmZone');
  try {
    const [lon, lat] = mgrsToPoint(compact);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return refuse('mgrs');
    // The library reads a square that does not exist in that band as one 2,000 km away.
    if (bandOf(lat) !== m[2] && bandOf(lat - 0.5) !== m[2] && bandOf(lat + 0.5) !== m[2])
      return refuse('mgrs');
    return accept(lon, lat, 'mgrs');
  } catch {
    return refuse('mgrs');
  }
}

function parseUtm(m: RegExpExecArray): ParsedCoordinate {
  const zone = Number(m[1]);
  const band = m[2] ?? '';
  if (zone < 1 || zone > 60) return refuse('utmZone');
  if (!BANDS.includes(band)) return refuse('utmBand');
  const easting = Number(m[3]);
  const northing = Number(m[4]);
  if (easting < 100_000 || easting > 900_000 || northing > NORTHING_OFFSET) return refuse('unrecognised');
  const { lon, lat } = lngLatFromUtm({ zone, band, easting, northing });
  // A band letter that does not match the northing is most often N or S meant as the hemisphere.
  if (bandOf(lat) !== band && bandOf(lat - 0.01) !== band && bandOf(lat + 0.01) !== band)
    return refuse('utmBand');
  return accept(lon, lat, 'utm');
}

/** One axis in degrees, minutes and seconds (each part optional after degrees), with its hemisphere. */
interface Axis {
  value: number;
  hemisphere: string | null;
  dms: boolean;
}

const AXIS_PATTERN = new RegExp(
  String.raw`^([NSEW])?\s*(${NUMBER})\s*[°º:]?\s*` +
    String.raw`(?:(\d+(?:\.\d+)?)\s*['′’:]?\s*)?` +
    String.raw`(?:(\d+(?:\.\d+)?)\s*(?:["″”]|''|′′)?\s*)?([NSEW])?$`,
);

function parseAxis(text: string): Axis | CoordinateProblem {
  const m = AXIS_PATTERN.exec(text.trim());
  if (!m) return 'unrecognised';
  const before = m[1] ?? null;
  const after = m[5] ?? null;
  if (before && after) return 'unrecognised';
  const degrees = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  const seconds = m[4] === undefined ? 0 : Number(m[4]);
  if (minutes >= 60 || seconds >= 60) return 'minutesSeconds';
  const dms = m[3] !== undefined;
  if (dms && (!Number.isInteger(degrees) || (m[4] !== undefined && !Number.isInteger(minutes)))) {
    return 'unrecognised';
  }
  const hemisphere = before ?? after;
  if ((degrees < 0 || m[2]?.startsWith('-')) && hemisphere) return 'unrecognised';
  const sign = degrees < 0 || Object.is(degrees, -0) || hemisphere === 'S' || hemisphere === 'W' ? -1 : 1;
  return { value: sign * (Math.abs(degrees) + minutes / 60 + seconds / 3600), hemisphere, dms };
}

/** Splits "lat lon" written with degrees: at a comma or semicolon, else after the first hemisphere letter or second number group. */
function splitAxes(text: string): [string, string] | null {
  const bySeparator = text.split(/\s*[,;]\s*/);
  if (bySeparator.length === 2) return [bySeparator[0] ?? '', bySeparator[1] ?? ''];
  if (bySeparator.length > 2) return null;
  // "44°49′03″N 20°27′25″E" or "N44.8 E20.4": split after a trailing or before a leading hemisphere.
  const trailing = /^(.*?[NSEW])\s+(.+)$/.exec(text);
  if (trailing && /\d/.test(trailing[1] ?? '')) return [trailing[1] ?? '', trailing[2] ?? ''];
  const leading = /^([NSEW].*?)\s+([NSEW].*)$/.exec(text);
  if (leading) return [leading[1] ?? '', leading[2] ?? ''];
  // Two plain numbers: "44.8176 20.4569".
  const plain = new RegExp(String.raw`^(${NUMBER})\s+(${NUMBER})$`).exec(text);
  if (plain) return [plain[1] ?? '', plain[2] ?? ''];
  return null;
}

function parseDegrees(text: string): ParsedCoordinate {
  const axes = splitAxes(text);
  if (!axes) return refuse('unrecognised');
  const first = parseAxis(axes[0]);
  const second = parseAxis(axes[1]);
  if (typeof first === 'string') return refuse(first);
  if (typeof second === 'string') return refuse(second);
  // Latitude first unless the hemisphere letters say otherwise ("E20 N44").
  const firstIsLon = first.hemisphere === 'E' || first.hemisphere === 'W';
  const secondIsLat = second.hemisphere === 'N' || second.hemisphere === 'S';
  if (firstIsLon !== secondIsLat) {
    if (first.hemisphere && second.hemisphere) return refuse('unrecognised');
  }
  const [lat, lon] = firstIsLon || secondIsLat ? [second, first] : [first, second];
  if (lat.hemisphere === 'E' || lat.hemisphere === 'W' || lon.hemisphere === 'N' || lon.hemisphere === 'S') {
    return refuse('unrecognised');
  }
  if (Math.abs(lat.value) > 90) return refuse('latitudeRange');
  if (Math.abs(lon.value) > 180) return refuse('longitudeRange');
  return accept(lon.value, lat.value, first.dms || second.dms ? 'dms' : 'dd');
}

/**
 * Reads a position typed in any of the four formats: "44.8176, 20.4569" or "44.8176 N 20.4569 E"
 * (latitude first unless the letters say otherwise), "44°49′03.4″N 20°27′24.8″E" or "44 49 03 N
 * 20 27 25 E" (also degrees and decimal minutes), "34TDQ1234567890" or "34T DQ 123 678" (any even
 * number of digits), "34T 456789 4961234". What cannot be read is refused with the reason.
 */
export function parseCoordinate(input: string): ParsedCoordinate {
  const text = input
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    // Typographic minus and the degree sign's look-alikes.
    .replace(/[−–]/g, '-');
  if (text === '') return refuse('empty');
  const compact = text.replace(/\s/g, '');
  if (/^\d{1,2}[A-Z][A-Z]{2}\d*$/.test(compact)) {
    const parsed = parseMgrs(compact);
    if (parsed.ok && (parsed.position[1] < UTM_SOUTH || parsed.position[1] > UTM_NORTH))
      return refuse('polar');
    return parsed;
  }
  const utm = UTM_PATTERN.exec(text);
  if (utm) return parseUtm(utm);
  return parseDegrees(text);
}
