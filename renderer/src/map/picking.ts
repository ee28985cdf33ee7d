import type { Annotation, Crossing, Incident, Unit } from '../../../shared/state';
import { ANNOTATION_LAYER_PREFIX } from './layers/annotations';
import { formatUtc } from '../panels/format';
import type { Selection } from '../store/types';
import type { LinkRow, SectorRow } from './mapData';
import { crossingTooltip, incidentTooltip, linkTooltip, sectorTooltip, unitTooltip } from './tooltip';
import type { OverlayFeature } from '../../../shared/overlay';
import { OVERLAY_LAYER_PREFIX } from './layers/overlays';
import { overlaySnapshot } from '../overlays/overlayStore';
import { t } from '../i18n/i18n';

/**
 * Turns what deck.gl picked into a selection or a tooltip. deck.gl hands back the data item of
 * the layer that was hit; the layer id says which kind of item it is, since every pickable layer
 * is built in layers.ts from one known array.
 */

type Picked =
  | { kind: 'incident'; object: Incident }
  | { kind: 'unit'; object: Unit }
  | { kind: 'crossing'; object: Crossing }
  | { kind: 'sector'; object: SectorRow }
  | { kind: 'link'; object: LinkRow }
  | { kind: 'overlay'; object: OverlayFeature; overlayId: string }
  | { kind: 'annotation'; object: Annotation };

function picked(layerId: string | undefined, object: unknown): Picked | null {
  if (object === null || typeof object !== 'object') return null;
  switch (layerId) {
    case 'incidents':
      return { kind: 'incident', object: object as Incident };
    case 'units':
      return { kind: 'unit', object: object as Unit };
    case 'crossings':
      return { kind: 'crossing', object: object as Crossing };
    case 'sectors':
      return { kind: 'sector', object: object as SectorRow };
    case 'linked-cases':
      return { kind: 'link', object: object as LinkRow };
    default:
      // An overlay's feature (layers/overlays.ts): one layer per overlay, named by its id.
      if (layerId?.startsWith(OVERLAY_LAYER_PREFIX))
        return {
          kind: 'overlay',
          object: object as OverlayFeature,
          overlayId: layerId.slice(OVERLAY_LAYER_PREFIX.length),
        };
      // A shared annotation (layers/annotations.ts): its shapes' layers hand back the annotation.
      if (layerId?.startsWith(ANNOTATION_LAYER_PREFIX) && 'annotationId' in object)
        return { kind: 'annotation', object: object as Annotation };
      return null;
  }
}

/** The selection a click on `object` of layer `layerId` makes, or null for empty map. */
export function pickedSelection(layerId: string | undefined, object: unknown): Selection | null {
  const p = picked(layerId, object);
  if (!p) return null;
  switch (p.kind) {
    case 'incident':
      return { kind: 'incident', id: p.object.incidentId };
    case 'unit':
      return { kind: 'unit', id: p.object.unitId };
    case 'crossing':
      return { kind: 'crossing', id: p.object.crossingId };
    case 'sector':
      return { kind: 'sector', id: p.object.sector.sectorId };
    case 'link':
    case 'overlay':
    case 'annotation':
      // A line is not a thing to select; its incidents are. An overlay is reference only; an
      // annotation is listed, focused and deleted in its panel.
      return null;
  }
}

/** The plain-text tooltip for a hovered object, or null. */
export function pickedTooltip(layerId: string | undefined, object: unknown, opNow: number): string | null {
  const p = picked(layerId, object);
  if (!p) return null;
  switch (p.kind) {
    case 'incident':
      return incidentTooltip(p.object, opNow);
    case 'unit':
      return unitTooltip(p.object, opNow);
    case 'crossing':
      return crossingTooltip(p.object);
    case 'sector':
      return sectorTooltip(p.object.sector);
    case 'link':
      return linkTooltip(p.object);
    case 'overlay':
      return overlayTooltip(p.object, p.overlayId);
    case 'annotation': {
      const kind = t(`map:annotations.kind.${p.object.kind}`);
      const about = t('map:annotations.about', {
        kind,
        author: p.object.author,
        at: formatUtc(p.object.createdAt),
      });
      return [p.object.text, about].filter((line): line is string => Boolean(line)).join('\n');
    }
  }
}

/** An overlay's feature: its name and description (plain text, shared/overlay.ts), and whose file it is. */
function overlayTooltip(feature: OverlayFeature, overlayId: string): string {
  const overlay = overlaySnapshot().overlays.find((o) => o.overlayId === overlayId);
  const { name, description } = feature.properties ?? {};
  return [name, description, overlay ? t('map:overlays.tooltip', { overlay: overlay.name }) : null]
    .filter((line): line is string => Boolean(line))
    .join('\n');
}
