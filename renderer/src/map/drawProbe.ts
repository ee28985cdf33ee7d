/**
 * A probe for the benchmarks (tests/bench): when an incident first reached the map's canvas, not
 * only the store or the feed. It costs nothing unless a bench has put `window.__watchfloorDrawProbe`
 * in the page: then, after each deck.gl frame, the incidents layer's data is read (only when its
 * array changed since the last frame) and each incident whose id starts with the probe's prefix is
 * noted with the wall-clock time (Date.now(), the bench's clock) of the first frame that drew it.
 * Bounded by the prefix: the bench chooses which incidents it watches.
 */

/** What a bench puts in the page to be told when incidents are drawn. */
export interface DrawProbe {
  /** Only incidents whose id starts with this are noted. */
  prefix: string;
  /** incidentId -> Date.now() of the first frame that drew it. */
  drawn: Record<string, number>;
}

declare global {
  interface Window {
    __watchfloorDrawProbe?: DrawProbe;
  }
}

/** The id of the incidents canvas's layer that draws the incidents (see layers.ts). */
const INCIDENTS_LAYER = 'incidents';

interface LayerLike {
  readonly id?: unknown;
  readonly props?: { readonly data?: unknown };
}

let lastData: unknown = null;

/**
 * Called by the incidents canvas's onAfterRender with the overlay that just drew: notes the
 * watched incidents of the picture it drew. The overlay's props are what deck.gl drew (setProps
 * hands the layers to deck.gl at once; a frame draws the layers last set).
 */
export function noteDrawn(overlay: unknown): void {
  const probe = window.__watchfloorDrawProbe;
  if (!probe) return;
  const layers = (overlay as { _props?: { layers?: unknown } } | null)?._props?.layers;
  if (!Array.isArray(layers)) return;
  const layer = (layers as (LayerLike | null | false)[]).find((l) => l && l.id === INCIDENTS_LAYER);
  const data = layer ? layer.props?.data : null;
  if (!Array.isArray(data) || data === lastData) return;
  lastData = data;
  const at = Date.now();
  for (const incident of data as { incidentId?: unknown }[]) {
    const id = incident.incidentId;
    if (typeof id === 'string' && id.startsWith(probe.prefix) && !(id in probe.drawn)) probe.drawn[id] = at;
  }
}
