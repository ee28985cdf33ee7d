import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../../shared/state';
import { epochMs, lngLat } from '../../../../shared/units';
import { makeSector } from '../../panels/testFixtures';
import { buildLayerGroups } from '../layers';
import { toSectorRows } from '../mapData';
import { ALL_LAYERS_ON, mapLayerInput } from '../testFixtures';
import { pickedSelection, pickedTooltip } from '../picking';
import { annotationDraftLayers, annotationLayers, annotationRgba, liveAnnotations } from './annotations';

const T0 = Date.UTC(2026, 9, 5, 6);

function annotation(id: string, patch: Partial<Annotation> = {}): Annotation {
  return {
    annotationId: id,
    kind: 'polygon',
    coordinates: [lngLat(19.1, 44.38), lngLat(19.13, 44.38), lngLat(19.12, 44.41)],
    color: 'magenta',
    author: 'Insp. Marković',
    createdAt: epochMs(T0),
    deletedAt: null,
    deletedBy: null,
    ...patch,
  };
}

const ids = (layers: readonly Layer[]) => layers.map((l) => l.id);

describe('annotations on the map', () => {
  it('are drawn on the base canvas over the sectors and overlays, never on the live picture canvases', () => {
    const sectors = toSectorRows({ S1: makeSector('S1') });
    const annotations = [annotation('A1')];
    const groups = buildLayerGroups(mapLayerInput({ sectors, annotations }));
    const base = ids(groups.base);
    expect(base.indexOf('annotations-areas')).toBeGreaterThan(base.indexOf('sectors'));
    expect(
      [...groups.incidents, ...groups.units, ...groups.top].some((l) => l.id.startsWith('annotations-')),
    ).toBe(false);
    // The layer switch hides them.
    const off = buildLayerGroups(
      mapLayerInput({ sectors, annotations, layers: { ...ALL_LAYERS_ON, annotations: false } }),
    );
    expect(ids(off.base).some((id) => id.startsWith('annotations-'))).toBe(false);
  });

  it('draws each kind in its own layer, in its palette colour, with every text as glyphs', () => {
    const layers = annotationLayers([
      annotation('A1'),
      annotation('A2', { kind: 'line', color: 'lime', text: 'Patrol route' }),
      annotation('A3', { kind: 'point', coordinates: [lngLat(19.2, 44.5)], color: 'sky' }),
      annotation('A4', {
        kind: 'text',
        coordinates: [lngLat(19.3, 44.6)],
        text: '<img src=x onerror=alert(1)>',
      }),
    ]);
    expect(ids(layers)).toEqual([
      'annotations-areas',
      'annotations-lines',
      'annotations-points',
      'annotations-texts',
    ]);
    const props = (id: string) =>
      layers.find((l) => l.id === id)!.props as unknown as Record<string, unknown>;
    const lineColour = props('annotations-lines')['getColor'] as (a: Annotation) => number[];
    expect(lineColour(annotation('x', { color: 'lime' }))).toEqual(annotationRgba('lime'));
    const areaFill = props('annotations-areas')['getFillColor'] as (a: Annotation) => number[];
    // An area is faint inside, so what lies under it stays readable.
    expect(areaFill(annotation('x'))[3]).toBeLessThan(80);
    const texts = props('annotations-texts')['data'] as { text: string }[];
    expect(texts.map((l) => l.text)).toEqual(['Patrol route', '<img src=x onerror=alert(1)>']);
  });

  it('name the hovered annotation with its text and author, and select nothing', () => {
    const area = annotation('A1', { text: 'Search area' });
    expect(pickedTooltip('annotations-areas', area, T0)).toMatch(
      /^Search area\nArea by Insp\. Marković, 2026-10-05/,
    );
    expect(pickedSelection('annotations-areas', area)).toBeNull();
  });

  it('shows only the annotations not deleted, oldest first', () => {
    const shown = liveAnnotations({
      B: annotation('B', { createdAt: epochMs(T0 + 2) }),
      A: annotation('A', { createdAt: epochMs(T0 + 1) }),
      C: annotation('C', { deletedAt: epochMs(T0 + 5), deletedBy: 'x' }),
    });
    expect(shown.map((a) => a.annotationId)).toEqual(['A', 'B']);
    expect(annotationLayers([])).toEqual([]);
  });

  it('draws the shape being drawn with its vertices, an area closed back to its start', () => {
    const points = [lngLat(19, 44), lngLat(19.1, 44), lngLat(19.1, 44.1)];
    const [path, vertices] = annotationDraftLayers('polygon', points, 'orange');
    const data = (path!.props as unknown as { data: { path: unknown[] }[] }).data;
    expect(data[0]!.path).toHaveLength(4);
    expect((vertices!.props as unknown as { data: unknown[] }).data).toHaveLength(3);
    expect(annotationDraftLayers('line', [], 'orange')).toEqual([]);
  });
});
