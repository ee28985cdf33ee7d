import { MapboxOverlay } from '@deck.gl/mapbox';
import { ScatterplotLayer } from '@deck.gl/layers';
import { afterEach, describe, expect, it } from 'vitest';
import { noteDrawn, type DrawProbe } from './drawProbe';

const w = globalThis as unknown as { window?: { __watchfloorDrawProbe?: DrawProbe } };

function incidents(ids: string[]): ScatterplotLayer<{ incidentId: string }> {
  return new ScatterplotLayer({ id: 'incidents', data: ids.map((incidentId) => ({ incidentId })) });
}

afterEach(() => {
  delete w.window;
});

describe('the draw probe the latency bench reads', () => {
  it("notes each watched incident of the overlay's layers once, at the first frame that draws it", () => {
    w.window = { __watchfloorDrawProbe: { prefix: 'INC-LAT-', drawn: {} } };
    const overlay = new MapboxOverlay({ layers: [] });
    overlay.setProps({ layers: [incidents(['INC-LAT-0', 'INC-OTHER'])] });
    noteDrawn(overlay);
    const drawn = w.window.__watchfloorDrawProbe!.drawn;
    expect(Object.keys(drawn)).toEqual(['INC-LAT-0']);
    const first = drawn['INC-LAT-0'];
    overlay.setProps({ layers: [incidents(['INC-LAT-0', 'INC-LAT-1'])] });
    noteDrawn(overlay);
    expect(Object.keys(drawn).sort()).toEqual(['INC-LAT-0', 'INC-LAT-1']);
    expect(drawn['INC-LAT-0']).toBe(first);
  });

  it('notes nothing while the incidents layer is switched off, or when no bench asked', () => {
    w.window = { __watchfloorDrawProbe: { prefix: 'INC-LAT-', drawn: {} } };
    const overlay = new MapboxOverlay({ layers: [] });
    overlay.setProps({ layers: [] });
    noteDrawn(overlay);
    expect(w.window.__watchfloorDrawProbe!.drawn).toEqual({});
    w.window = {};
    overlay.setProps({ layers: [incidents(['INC-LAT-2'])] });
    expect(() => noteDrawn(overlay)).not.toThrow();
  });
});
