import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { takAffiliation, type TakTrack } from '../../../../shared/tak';
import { hexToRgba, type Rgba } from '../colors';
import { FONT, LABEL_RGBA, LABEL_ZOOM } from './style';

/**
 * The TAK layer: tracks from the TAK server, read only and not the operation's. Drawn apart from
 * the operation's units on purpose: a hollow double ring in the affiliation colours TAK clients use
 * (friend cyan, hostile red, neutral green, unknown yellow), never an agency colour, with the
 * callsign beside it from {@link LABEL_ZOOM}.callsigns.
 */

export const TAK_COLORS = {
  friend: '#00e5ff',
  hostile: '#ff3355',
  neutral: '#33dd66',
  unknown: '#ffee33',
} as const;

const RGBA: Readonly<Record<keyof typeof TAK_COLORS, Rgba>> = {
  friend: hexToRgba(TAK_COLORS.friend),
  hostile: hexToRgba(TAK_COLORS.hostile),
  neutral: hexToRgba(TAK_COLORS.neutral),
  unknown: hexToRgba(TAK_COLORS.unknown),
};

const colorOf = (t: TakTrack): Rgba => RGBA[takAffiliation(t.type)];

export function takLayers(tracks: readonly TakTrack[], zoom: number): Layer[] {
  const out: Layer[] = [
    new ScatterplotLayer<TakTrack>({
      id: 'tak-outer',
      data: tracks,
      getPosition: (t) => [t.lon, t.lat],
      radiusUnits: 'pixels',
      getRadius: 9,
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: colorOf,
    }),
    new ScatterplotLayer<TakTrack>({
      id: 'tak-inner',
      data: tracks,
      getPosition: (t) => [t.lon, t.lat],
      radiusUnits: 'pixels',
      getRadius: 3.5,
      filled: true,
      getFillColor: colorOf,
    }),
  ];
  if (zoom >= LABEL_ZOOM.callsigns)
    out.push(
      new TextLayer<TakTrack>({
        id: 'tak-callsigns',
        data: tracks,
        getPosition: (t) => [t.lon, t.lat],
        getText: (t) => t.callsign,
        getColor: LABEL_RGBA,
        getSize: 11,
        sizeUnits: 'pixels',
        getTextAnchor: 'start',
        getAlignmentBaseline: 'center',
        getPixelOffset: [12, 0],
        fontFamily: FONT,
        characterSet: 'auto',
      }),
    );
  return out;
}
