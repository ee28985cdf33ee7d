import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { CountryLabel, Town } from '../mapData';
import { FONT, TOWN_DOT_RGBA, TOWN_RGBA } from './style';

/** Country names in capitals (Natural Earth's), part of the basemap at the smaller zooms. */
export function countryNameLayer(labels: readonly CountryLabel[]): Layer {
  return new TextLayer<CountryLabel>({
    id: 'country-names',
    data: labels,
    getPosition: (c) => [c.lon, c.lat],
    getText: (c) => c.name.toUpperCase(),
    getColor: [170, 182, 196, 150],
    getSize: 13,
    sizeUnits: 'pixels',
    fontFamily: FONT,
    fontWeight: 600,
    characterSet: 'auto',
  });
}

/** Towns (Natural Earth's populated places): a dot and the name beside it, at `size` px. */
export function townLayers(id: string, towns: readonly Town[], size: number): Layer[] {
  return [
    new ScatterplotLayer<Town>({
      id: `${id}-dots`,
      data: towns,
      getPosition: (t) => [t.lon, t.lat],
      radiusUnits: 'pixels',
      getRadius: size / 6,
      getFillColor: TOWN_DOT_RGBA,
    }),
    new TextLayer<Town>({
      id: `${id}-names`,
      data: towns,
      getPosition: (t) => [t.lon, t.lat],
      getText: (t) => t.name,
      getColor: TOWN_RGBA,
      getSize: size,
      sizeUnits: 'pixels',
      getTextAnchor: 'start',
      getAlignmentBaseline: 'center',
      getPixelOffset: [5, 0],
      fontFamily: FONT,
      characterSet: 'auto',
    }),
  ];
}
