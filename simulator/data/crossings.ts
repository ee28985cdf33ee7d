/**
 * Border crossing points of the reference scenario.
 *
 * Source: curated by hand from public knowledge of the region's crossings (names as
 * signposted on each side, in the local Latin spelling). The coordinates are
 * approximate (a few km at worst): simulator/geography.ts snaps each one to the nearest
 * point of the border between its two countries and throws when a point is more than
 * 10 km from that border, which catches a wrong coordinate or a wrong pair.
 *
 * Only pairs that are part of the scenario's sectors may appear here.
 */

/** One side of a crossing: its country (ISO alpha-2) and the name used on that side. */
export interface CrossingSide {
  country: string;
  name: string;
}

/** A curated crossing point before snapping. */
export interface CrossingSeed {
  /** The two sides; the first one gives the crossing id ("BCP-RS-HR-BATROVCI"). */
  sides: [CrossingSide, CrossingSide];
  lon: number;
  lat: number;
  kind: 'road' | 'rail' | 'lake' | 'river';
}

const c = (
  a: string,
  aName: string,
  b: string,
  bName: string,
  lat: number,
  lon: number,
  kind: CrossingSeed['kind'] = 'road',
): CrossingSeed => ({
  sides: [
    { country: a, name: aName },
    { country: b, name: bName },
  ],
  lon,
  lat,
  kind,
});

/** The curated list (lat before lon in the calls, as the coordinates are usually quoted). */
export const CROSSING_SEEDS: readonly CrossingSeed[] = [
  // Serbia – Croatia
  c('RS', 'Batrovci', 'HR', 'Bajakovo', 45.05, 19.1),
  c('RS', 'Šid', 'HR', 'Tovarnik', 45.17, 19.18, 'rail'),
  c('RS', 'Bačka Palanka', 'HR', 'Ilok', 45.235, 19.385),
  c('RS', 'Bezdan', 'HR', 'Batina', 45.84, 18.86),
  // Serbia – Hungary
  c('RS', 'Horgoš', 'HU', 'Röszke', 46.165, 19.98),
  c('RS', 'Kelebija', 'HU', 'Tompa', 46.17, 19.6),
  c('RS', 'Bački Breg', 'HU', 'Hercegszántó', 45.925, 18.95),
  // Serbia – North Macedonia, Bulgaria
  c('RS', 'Preševo', 'MK', 'Tabanovce', 42.22, 21.69),
  c('RS', 'Gradina', 'BG', 'Kalotina', 42.993, 22.866),
  c('RS', 'Vrška Čuka', 'BG', 'Kula', 43.8, 22.37),
  // Serbia – Kosovo
  c('RS', 'Jarinje', 'XK', 'Jarinje', 43.17, 20.63),
  c('RS', 'Merdare', 'XK', 'Merdarë', 42.93, 21.22),
  // Serbia – Bosnia and Herzegovina
  c('RS', 'Sremska Rača', 'BA', 'Rača', 44.9, 19.32),
  c('RS', 'Badovinci', 'BA', 'Pavlovića most', 44.76, 19.33),
  c('BA', 'Karakaj', 'RS', 'Mali Zvornik', 44.41, 19.12),
  c('BA', 'Bratunac', 'RS', 'Ljubovija', 44.19, 19.37),
  c('BA', 'Vardište', 'RS', 'Kotroman', 43.77, 19.47),
  // Bosnia and Herzegovina – Croatia
  c('BA', 'Gradiška', 'HR', 'Stara Gradiška', 45.148, 17.25),
  c('BA', 'Brod', 'HR', 'Slavonski Brod', 45.148, 18.008),
  c('BA', 'Šamac', 'HR', 'Slavonski Šamac', 45.07, 18.49),
  c('BA', 'Orašje', 'HR', 'Županja', 45.05, 18.7),
  c('BA', 'Kostajnica', 'HR', 'Hrvatska Kostajnica', 45.22, 16.54),
  c('BA', 'Izačić', 'HR', 'Ličko Petrovo Selo', 44.87, 15.77),
  c('BA', 'Velika Kladuša', 'HR', 'Maljevac', 45.2, 15.8),
  c('BA', 'Bijača', 'HR', 'Nova Sela', 43.11, 17.56),
  c('BA', 'Doljani', 'HR', 'Metković', 43.06, 17.62),
  c('BA', 'Neum', 'HR', 'Klek', 42.935, 17.58),
  c('BA', 'Ivanica', 'HR', 'Gornji Brgat', 42.645, 18.165),
  // Bosnia and Herzegovina – Montenegro
  c('BA', 'Klobuk', 'ME', 'Vraćenovići', 42.73, 18.52),
  c('BA', 'Hum', 'ME', 'Šćepan Polje', 43.343, 18.843),
  c('BA', 'Metaljka', 'ME', 'Metaljka', 43.51, 18.96),
  // Montenegro – Croatia, Serbia, Kosovo, Albania
  c('ME', 'Debeli Brijeg', 'HR', 'Karasovići', 42.478, 18.505),
  c('ME', 'Dobrakovo', 'RS', 'Gostun', 43.13, 19.7),
  c('ME', 'Kula', 'XK', 'Kulla', 42.77, 20.16),
  c('AL', 'Hani i Hotit', 'ME', 'Božaj', 42.335, 19.445),
  c('AL', 'Muriqan', 'ME', 'Sukobin', 41.955, 19.36),
  c('AL', 'Vermosh', 'ME', 'Grnčar', 42.57, 19.75),
  // Albania – Kosovo, North Macedonia, Greece
  c('AL', 'Morinë', 'XK', 'Vërmicë', 42.115, 20.555),
  c('AL', 'Qafë Prush', 'XK', 'Qafë Prush', 42.24, 20.46),
  c('AL', 'Qafë Thanë', 'MK', 'Kafasan', 41.13, 20.585),
  c('AL', 'Tushemisht', 'MK', 'Sveti Naum', 40.91, 20.74),
  c('AL', 'Bllatë', 'MK', 'Blato', 41.48, 20.5),
  c('AL', 'Kakavijë', 'GR', 'Kakavia', 39.915, 20.325),
  c('AL', 'Kapshticë', 'GR', 'Krystallopigi', 40.6, 21.0),
  c('AL', 'Qafë Botë', 'GR', 'Mavromati', 39.67, 20.13),
  c('AL', 'Tre Urat', 'GR', 'Mertziani', 40.08, 20.55),
  // North Macedonia – Kosovo, Greece
  c('XK', 'Hani i Elezit', 'MK', 'Blace', 42.17, 21.3),
  c('XK', 'Glloboçicë', 'MK', 'Jažince', 42.16, 21.07),
  c('MK', 'Bogorodica', 'GR', 'Evzoni', 41.12, 22.55),
  c('MK', 'Gevgelija', 'GR', 'Idomeni', 41.12, 22.52, 'rail'),
  c('MK', 'Medžitlija', 'GR', 'Niki', 40.88, 21.4),
  c('MK', 'Star Dojran', 'GR', 'Doirani', 41.17, 22.7),
];
