import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Crossing } from '../../../../shared/state';
import { CROSSING_RGBA, DARK_RGBA, FONT, HOVER_RGBA, LABEL_RGBA, LABEL_ZOOM } from './style';

/** The border crossings: a ring each (picked to select it), and their names from {@link LABEL_ZOOM}.crossings. */
export function crossingLayers(crossings: readonly Crossing[], zoom: number): Layer[] {
  const out: Layer[] = [
    new ScatterplotLayer<Crossing>({
      id: 'crossings',
      data: crossings,
      getPosition: (c) => [c.lon, c.lat],
      radiusUnits: 'pixels',
      getRadius: 4.5,
      stroked: true,
      getFillColor: DARK_RGBA,
      getLineColor: CROSSING_RGBA,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: true,
      autoHighlight: true,
      highlightColor: HOVER_RGBA,
    }),
  ];
  if (zoom >= LABEL_ZOOM.crossings)
    out.push(
      new TextLayer<Crossing>({
        id: 'crossing-names',
        data: crossings,
        getPosition: (c) => [c.lon, c.lat],
        getText: (c) => c.name,
        getColor: LABEL_RGBA,
        getSize: 11,
        sizeUnits: 'pixels',
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'top',
        getPixelOffset: [0, 8],
        fontFamily: FONT,
        characterSet: 'auto',
      }),
    );
  return out;
}
