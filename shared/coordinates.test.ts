import { forward } from 'mgrs';
import { describe, expect, it } from 'vitest';
import {
  COORDINATE_FORMATS,
  formatCoordinate,
  lngLatFromUtm,
  parseCoordinate,
  utmFromLngLat,
  type ParsedCoordinate,
} from './coordinates';
import { lngLat, type LngLat } from './units';

/** Metres between two nearby positions (equirectangular: enough at a few metres). */
function metresApart(a: LngLat, b: LngLat): number {
  const k = 111_320;
  const dx = (a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * k;
  return Math.hypot(dx, dy);
}

function position(parsed: ParsedCoordinate): LngLat {
  if (!parsed.ok) throw new Error(`refused: ${parsed.message}`);
  return parsed.position;
}

// The CN Tower, Toronto: Wikipedia's worked UTM example (43°38′33.24″N 79°23′13.7″W, 17T 630084 4833438).
const CN_TOWER = lngLat(-(79 + 23 / 60 + 13.7 / 3600), 43 + 38 / 60 + 33.24 / 3600);
// The Washington Monument (38°53′22.08″N 77°02′06.86″W): Wikipedia's worked MGRS example, 18S UJ 23487
// 06483. The reference marks a spot on a monument 17 m wide, hence the tolerance below.
const WASHINGTON_MONUMENT = lngLat(-(77 + 2 / 60 + 6.86 / 3600), 38 + 53 / 60 + 22.08 / 3600);
// Belgrade, at the confluence of the Sava and the Danube; and a point south-west of the equator.
const BELGRADE = lngLat(20.4489, 44.8186);
const SOUTH_WEST = lngLat(-47.9292, -15.7801);

describe('formatCoordinate', () => {
  it('writes known points as the references do', () => {
    expect(formatCoordinate(CN_TOWER, 'utm')).toMatch(/^17T 63008[34] 483343[78]$/);
    expect(formatCoordinate(WASHINGTON_MONUMENT, 'mgrs')).toMatch(/^18S UJ 234\d\d 064\d\d$/);
    expect(formatCoordinate(lngLat(3, 0), 'utm')).toBe('31N 500000 0');
    expect(formatCoordinate(CN_TOWER, 'dms')).toBe('43°38′33.2″N 79°23′13.7″W');
    expect(formatCoordinate(BELGRADE, 'dd')).toBe('44.81860, 20.44890');
    expect(formatCoordinate(SOUTH_WEST, 'dd')).toBe('-15.78010, -47.92920');
  });

  it('carries rounded seconds into minutes rather than showing 60″', () => {
    expect(formatCoordinate(lngLat(20 + 59.99 / 3600, 44 + 59 / 60 + 59.99 / 3600), 'dms')).toBe(
      '45°00′00.0″N 20°01′00.0″E',
    );
  });

  it('puts UTM on the same grid as the mgrs library', () => {
    for (const p of [CN_TOWER, WASHINGTON_MONUMENT, BELGRADE, SOUTH_WEST, lngLat(10.75, 59.91)]) {
      const utm = utmFromLngLat(p);
      const m = /^(\d+)([A-Z])[A-Z]{2}(\d{5})(\d{5})$/.exec(forward([p[0], p[1]], 5));
      expect(utm, `${p.join(',')}`).not.toBeNull();
      expect(`${utm?.zone}${utm?.band}`).toBe(`${m?.[1]}${m?.[2]}`);
      expect(String((utm?.easting ?? 0) % 100_000).padStart(5, '0')).toBe(m?.[3]);
      expect(String((utm?.northing ?? 0) % 100_000).padStart(5, '0')).toBe(m?.[4]);
    }
    // Norway's exception: Oslo is in zone 32, not 33.
    expect(utmFromLngLat(lngLat(10.75, 59.91))?.zone).toBe(32);
  });

  it('falls back to degrees where MGRS and UTM are not defined', () => {
    expect(formatCoordinate(lngLat(10, 86), 'mgrs')).toBe('86°00′00.0″N 10°00′00.0″E');
    expect(formatCoordinate(lngLat(10, -85), 'utm')).toBe('85°00′00.0″S 10°00′00.0″E');
  });
});

describe('parseCoordinate', () => {
  it('reads what it writes, in every format, to within the format’s precision', () => {
    for (const p of [CN_TOWER, WASHINGTON_MONUMENT, BELGRADE, SOUTH_WEST, lngLat(179.9, -79.5)]) {
      for (const format of COORDINATE_FORMATS) {
        const parsed = parseCoordinate(formatCoordinate(p, format));
        expect(parsed.ok && parsed.format, `${format} ${p.join(',')}`).toBe(format);
        // 1 m grid truncation; DMS to a tenth of a second is 3 m.
        expect(metresApart(position(parsed), p), `${format} ${p.join(',')}`).toBeLessThan(3.5);
      }
    }
  });

  it('reads known references typed by hand', () => {
    expect(metresApart(position(parseCoordinate('17T 630084 4833438')), CN_TOWER)).toBeLessThan(3);
    expect(metresApart(position(parseCoordinate('18SUJ2348706483')), WASHINGTON_MONUMENT)).toBeLessThan(15);
    expect(metresApart(position(parseCoordinate('18s uj 23487 06483')), WASHINGTON_MONUMENT)).toBeLessThan(
      15,
    );
    // A coarser MGRS reference is the centre of its square.
    expect(metresApart(position(parseCoordinate('18S UJ 234 064')), WASHINGTON_MONUMENT)).toBeLessThan(100);
    const lonLat = lngLatFromUtm({ zone: 31, band: 'N', easting: 500000, northing: 0 });
    expect(lonLat.lon).toBeCloseTo(3, 9);
    expect(lonLat.lat).toBeCloseTo(0, 9);
  });

  it('reads degrees written the ways people write them', () => {
    const belgrade = (text: string): void => {
      const parsed = parseCoordinate(text);
      expect(parsed.ok, text).toBe(true);
      expect(metresApart(position(parsed), BELGRADE), text).toBeLessThan(5);
    };
    belgrade('44.8186, 20.4489');
    belgrade('44.8186 20.4489');
    belgrade('44.8186;20.4489');
    belgrade('44.8186 N 20.4489 E');
    belgrade('N44.8186 E20.4489');
    belgrade('20.4489E 44.8186N');
    belgrade('44°49′07″N 20°26′56″E');
    belgrade(`44°49'07"N 20°26'56"E`);
    belgrade('44 49 07 N 20 26 56 E');
    belgrade('44°49.116′N 20°26.934′E');
    expect(position(parseCoordinate('15°46′48.4″S 47°55′45.1″W'))[0]).toBeLessThan(0);
    expect(position(parseCoordinate('-15.7801, -47.9292'))[1]).toBeCloseTo(-15.7801, 6);
  });

  it('refuses what is not a position, saying why', () => {
    const refused = (text: string, problem: string): void => {
      const parsed = parseCoordinate(text);
      expect(parsed, text).toMatchObject({ ok: false, problem });
      if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(10);
    };
    refused('   ', 'empty');
    refused('Belgrade', 'unrecognised');
    refused('44.8', 'unrecognised');
    refused('1, 2, 3', 'unrecognised');
    refused('91, 20', 'latitudeRange');
    refused('44, 181', 'longitudeRange');
    refused('44°61′00″N 20°00′00″E', 'minutesSeconds');
    refused('44.8 E 20.4 E', 'unrecognised');
    refused('-44.8 N 20.4 E', 'unrecognised');
    refused('34TDQ123', 'mgrs');
    refused('34TIQ1234567890', 'mgrs');
    refused('61T DQ 12345 67890', 'utmZone');
    refused('61T 456789 4961234', 'utmZone');
    // The hemisphere letter where the band belongs: 4,961 km north is band T, not N.
    refused('34N 456789 4961234', 'utmBand');
    refused('34T 456789 1000', 'utmBand');
  });
});
