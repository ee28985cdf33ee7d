import type { Layer } from '@deck.gl/core';
import { PathLayer } from '@deck.gl/layers';
import type { LinkRow } from '../mapData';
import { HOVER_RGBA, LINK_FADED_RGBA, LINK_RGBA } from './style';

/** The lines between incidents linked as one case, the selected case's drawn stronger. */
export function linkedCaseLayer(links: readonly LinkRow[]): Layer {
  return new PathLayer<LinkRow>({
    id: 'linked-cases',
    data: links,
    getPath: (l) => l.path,
    getColor: (l) => (l.selected ? LINK_RGBA : LINK_FADED_RGBA),
    getWidth: (l) => (l.selected ? 3.5 : 1.5),
    widthUnits: 'pixels',
    jointRounded: true,
    capRounded: true,
    pickable: true,
    autoHighlight: true,
    highlightColor: HOVER_RGBA,
  });
}
