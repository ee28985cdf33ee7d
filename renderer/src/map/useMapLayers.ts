import type { Layer } from '@deck.gl/core';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Incident, Unit } from '../../../shared/state';
import { countryNameOr, t } from '../i18n/i18n';
import { formatBearing, formatCount, formatDistance } from '../panels/format';
import { uncoveredSectorIds } from '../panels/selectors';
import { mapOperationNow } from '../store/clockSlices';
import { ui, useUi } from '../store/uiStore';
import { mapDrawGate } from '../store/drawPace';
import { useUnitFrame } from '../store/unitPositions';
import type { GeoState } from './geoData';
import { linesBounds, type Bounds } from './geometry';
import {
  buildBaseLayers,
  buildIncidentLayers,
  buildTakLayers,
  buildTopLayers,
  buildTrailCanvasLayers,
  buildUnitCanvasLayers,
  type MapCanvas,
  type SelectionMark,
} from './layers';
import { selectionMarkOf } from './layers/selection';
import { useOverlays } from '../overlays/overlayStore';
import { takLayer, useTakLayer } from '../store/takLayer';
import {
  agencyIn,
  linkRows,
  pulseSplit,
  ringRow,
  freshnessToDraw,
  toSectorRows,
  trailRows,
  unacknowledged,
  type RingRow,
  type TrailCache,
} from './mapData';
import { useMapTools, mapTools } from './mapTools';
import { toolLayers } from './measureLayer';
import { entriesOf, StableRows } from './stableRows';
import {
  buildUnitLayers,
  columnFreshness,
  columnsFromFrame,
  columnsFromUnits,
  unitFillColors,
  type UnitColumns,
} from './unitLayers';
import { useThrottled } from './useThrottled';
import { annotationDraftLayers, liveAnnotations } from './layers/annotations';
import { useAnnotationDraw } from '../annotations/annotationDraw';
import { zoneShapes } from './layers/zones';

/**
 * The deck.gl layers of the operation's picture, from the UI store: one memo per canvas, each on
 * its own inputs only, so a position update rebuilds and redraws the units' canvas, never the
 * incidents' or the basemap's (see MAP_CANVASES). The rows are memoised on the store's records,
 * which keep their identity while unchanged.
 */

/** Trails change with every position report; redrawing them at most this often is enough. */
const TRAIL_REFRESH_MS = 2_000;

/**
 * Live, the trails (their own canvas) follow the position frames at most this often: at 5,000
 * units a redraw of their 300,000 points keeps software WebGL busy for most of a second, and an
 * incident arriving meanwhile waited for it. A trail's newest stretch then lags its unit, which
 * moves with every frame, by at most this long (at 100 km/h, 280 m: a pixel or two at the
 * operation's zoom); it catches up with the next frame after that.
 */
export const LIVE_TRAIL_REFRESH_MS = 10_000;

const trailGate = (now: number): number => mapDrawGate.heldFor(now);

/** What the map shows besides the picture: the zoom step, the language, the loaded geography. */
export interface MapLayerView {
  readonly zoom: number;
  readonly language: string;
  readonly geo: GeoState;
}

/** The units as drawn now, for picking: binary data has no object to hand back, only the index. */
export interface UnitPick {
  readonly columns: UnitColumns;
  readonly units: Readonly<Record<string, Unit>>;
}

export interface MapLayers {
  readonly layers: Record<MapCanvas, Layer[]>;
  /** The unacknowledged incidents that pulse (the rest have a steady ring). */
  readonly pulsing: readonly Incident[];
  /** The operation area: the sectors' bounds, null until sectors are known. */
  readonly sectorBounds: Bounds | null;
  readonly selectionMark: SelectionMark | null;
  readonly unitPick: RefObject<UnitPick>;
}

export function useMapLayers({ zoom, language, geo }: MapLayerView): MapLayers {
  const sectorsRecord = useUi((s) => s.state.sectors);
  const crossingsRecord = useUi((s) => s.state.crossings);
  const unitsRecord = useUi((s) => s.state.units);
  const replaying = useUi((s) => s.replay !== null);
  const unitFrame = useUnitFrame(ui.positions);
  const incidentsRecord = useUi((s) => s.state.incidents);
  const linkedCasesRecord = useUi((s) => s.state.linkedCases);
  const trailsLive = useUi((s) => s.trails);
  const settings = useUi((s) => s.settings);
  // Operation time, not the wall clock: see operationNow (shared/domainRules.ts).
  const opNow = useUi(mapOperationNow);
  const selection = useUi((s) => s.selection);
  const layerSwitches = useUi((s) => s.layers);
  // The TAK layer: live, or as it was at the replayed moment.
  const replayShownAt = useUi((s) => s.replay?.shownAt ?? null);
  useEffect(() => takLayer.follow(replayShownAt), [replayShownAt]);
  const takTracks = useTakLayer().tracks;
  // The tools' drawings (not the cursor, which moves at pointer rate and only the readout shows).
  const toolMeasure = useMapTools((s) => s.measure);
  const toolRings = useMapTools((s) => s.rings);
  const toolMark = useMapTools((s) => s.goToMark);
  const annotationsRecord = useUi((s) => s.state.annotations);
  const zonesRecord = useUi((s) => s.state.zones);
  const annotationDraft = useAnnotationDraw((s) => s);

  const [trailCache] = useState((): TrailCache => new WeakMap());
  // The units as of the last render, for the trails' colours: read when the trails are refreshed,
  // not a reason to refresh them (a position report replaces the record several times a second).
  const unitsForTrails = useRef(unitsRecord);
  unitsForTrails.current = unitsRecord;

  const sectors = useMemo(() => toSectorRows(sectorsRecord), [sectorsRecord]);
  const sectorBounds = useMemo(() => linesBounds(sectors.map((s) => s.path)), [sectors]);
  const crossings = useMemo(() => Object.values(crossingsRecord), [crossingsRecord]);
  // Live, units move with the position channel's frames; in replay, and until the first frame,
  // with the units of the picture shown.
  const fromFrame = !replaying && unitFrame !== null;
  const frameColumns = useMemo(() => (unitFrame ? columnsFromFrame(unitFrame) : null), [unitFrame]);
  const recordColumns = useMemo(
    () => (fromFrame ? null : columnsFromUnits(unitsRecord)),
    [fromFrame, unitsRecord],
  );
  const unitColumns: UnitColumns = (fromFrame ? frameColumns : recordColumns) ?? columnsFromUnits({});
  const unitPick = useRef<UnitPick>({ columns: unitColumns, units: unitsRecord });
  unitPick.current = { columns: unitColumns, units: unitsRecord };
  // Incidents in a stable order, so that a change updates only its own rows of the layers.
  const [incidentRows] = useState(() => new StableRows<Incident>());
  const [ringRows] = useState(() => new StableRows<RingRow>());
  const allIncidents = useMemo(
    () => incidentRows.update(entriesOf(incidentsRecord)),
    [incidentRows, incidentsRecord],
  );
  const selectedIncidentId = selection?.kind === 'incident' ? selection.id : null;
  const links = useMemo(
    () => linkRows(linkedCasesRecord, incidentsRecord, selectedIncidentId),
    [linkedCasesRecord, incidentsRecord, selectedIncidentId],
  );
  // From the rows already built: an unacknowledged incident is open, so on the map (no second pass
  // over every incident to drop the closed ones first).
  const unacked = useMemo(() => unacknowledged(allIncidents), [allIncidents]);
  const { pulsing, steady: steadyRings } = useMemo(() => pulseSplit(unacked), [unacked]);
  const rings = useMemo(() => {
    const steady = new Set(steadyRings);
    return ringRows.update(
      (function* () {
        for (const incident of allIncidents)
          yield [incident.incidentId, ringRow(incident, steady.has(incident))] as const;
      })(),
    );
  }, [ringRows, allIncidents, steadyRings]);
  // Live, the trails' canvas is redrawn at most every LIVE_TRAIL_REFRESH_MS, never while an incident
  // waits to be drawn; in replay and before the first frame, at most every TRAIL_REFRESH_MS.
  const trailsShown = useThrottled(
    trailsLive,
    fromFrame ? LIVE_TRAIL_REFRESH_MS : TRAIL_REFRESH_MS,
    trailGate,
  );
  const trails = useMemo(
    () => trailRows(trailsShown, agencyIn(unitsForTrails.current), zoom, trailCache),
    [trailsShown, zoom, trailCache],
  );

  // Freshness moves with the clock. Keep the previous array while no unit changed class, so the
  // updateTriggers that recolour the fleet fire only when something actually went stale or lost.
  const freshnessNow = useMemo(
    () => columnFreshness(unitColumns, opNow, settings),
    [unitColumns, opNow, settings],
  );
  const [freshness, setFreshness] = useState(freshnessNow);
  // While position frames flow, a unit gone stale is recoloured with the next frame, not by a
  // redraw of the fleet of its own: at 5,000 units on software WebGL the clock's ticks recoloured a
  // few units nearly every second, doubling the units' redraws (measured: 32 in 20 s, 14 without).
  // The columns of the last render, to tell a new frame: a ref, not state, so that a frame does not
  // render the map twice to remember it.
  const lastColumns = useRef(unitColumns);
  const freshnessDrawn = freshnessToDraw(
    freshness,
    freshnessNow,
    unitColumns !== lastColumns.current,
    fromFrame && ui.positions.redrawDue,
  );
  lastColumns.current = unitColumns;
  if (freshnessDrawn !== freshness) setFreshness(freshnessDrawn);
  // Colours are made per unit only when the table or some unit's freshness changes, not per frame.
  const unitFill = useMemo(
    () => unitFillColors(unitColumns.table, freshness),
    [unitColumns.table, freshness],
  );
  const unitLayers = useMemo(
    () => buildUnitLayers({ columns: unitColumns, freshness, fill: unitFill, zoom }),
    [unitColumns, freshness, unitFill, zoom],
  );

  // The sectors nobody covers, as the sector board counts them. The set moves with the clock, so it
  // is compared by its ids: the dashed mark is rebuilt only when a sector gains or loses its cover.
  const uncoveredKey = useMemo(
    () => [...uncoveredSectorIds(sectorsRecord, unitsRecord, opNow, settings)].sort().join('\n'),
    [sectorsRecord, unitsRecord, opNow, settings],
  );
  const uncoveredSectors = useMemo(() => {
    const ids = new Set(uncoveredKey.split('\n'));
    return sectors.filter((s) => ids.has(s.sector.sectorId));
  }, [sectors, uncoveredKey]);

  const selectionMark = useMemo(
    () =>
      selectionMarkOf(selection, {
        incidents: incidentsRecord,
        units: unitsRecord,
        unitColumns,
        crossings: crossingsRecord,
        sectors,
      }),
    [selection, incidentsRecord, unitsRecord, unitColumns, crossingsRecord, sectors],
  );

  // The basemap's country names in the officer's language where the app has them (the data's are English).
  const countryNames = useMemo(
    () => geo.countryLabels.map((l) => (l.code ? { ...l, name: countryNameOr(l.code, l.name) } : l)),
    // language: the names follow it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [geo.countryLabels, language],
  );

  const sectorMark = selectionMark && selectionMark.paths.length > 0 ? selectionMark : null;
  const overlays = useOverlays().drawn;
  const annotations = useMemo(() => liveAnnotations(annotationsRecord), [annotationsRecord]);
  // The zones' alarms move with the clock: compared by their key, so the base canvas is rebuilt
  // only when a zone comes, goes or changes alarm.
  const zoneList = useMemo(
    () => zoneShapes(zonesRecord, sectorsRecord, opNow),
    [zonesRecord, sectorsRecord, opNow],
  );
  const zoneKey = zoneList.map((z) => `${z.zoneId}:${z.alarm ? 1 : 0}`).join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the key changes, not per clock tick
  const zones = useMemo(() => zoneList, [zoneKey, zonesRecord, sectorsRecord]);
  const { towns, basemap } = geo;
  const base = useMemo(
    () =>
      buildBaseLayers({
        layers: layerSwitches,
        zoom,
        sectors,
        uncoveredSectors,
        crossings,
        towns,
        basemap,
        countryLabels: countryNames,
        selection: sectorMark,
        overlays,
        annotations,
        zones,
      }),
    [
      layerSwitches,
      zoom,
      sectors,
      uncoveredSectors,
      crossings,
      towns,
      basemap,
      countryNames,
      sectorMark,
      overlays,
      annotations,
      zones,
    ],
  );
  const incidents = useMemo(
    () =>
      buildIncidentLayers({
        layers: layerSwitches,
        incidents: allIncidents,
        incidentsDiff: (_new, old) => incidentRows.diff(old),
        rings,
        ringsDiff: (_new, old) => ringRows.diff(old),
        links,
      }),
    [layerSwitches, allIncidents, incidentRows, rings, ringRows, links],
  );
  const trailLayers = useMemo(
    () => buildTrailCanvasLayers({ layers: layerSwitches, trails }),
    [layerSwitches, trails],
  );
  const units = useMemo(
    () => buildUnitCanvasLayers({ layers: layerSwitches, unitLayers }),
    [layerSwitches, unitLayers],
  );
  const drawnTools = useMemo(
    () =>
      toolLayers(
        { ...mapTools.snapshot, measure: toolMeasure, rings: toolRings, goToMark: toolMark },
        {
          measurement: (m) => `${formatDistance(m.distance)} · ${formatBearing(m.bearing)}`,
          ring: (km) => `${formatCount(km)} ${t('map:controls.kilometres')}`,
        },
      ),
    // language: the figures follow it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [toolMeasure, toolRings, toolMark, language],
  );
  // The annotation being drawn, at click rate: on the top canvas, so the base one is not redrawn per click.
  const { kind: draftKind, points: draftPoints, color: draftColor } = annotationDraft;
  const drawnDraft = useMemo(
    () => (draftKind === null ? [] : annotationDraftLayers(draftKind, draftPoints, draftColor)),
    [draftKind, draftPoints, draftColor],
  );
  const top = useMemo(
    () => [
      ...buildTakLayers(layerSwitches, takTracks, zoom),
      ...buildTopLayers({ selection: selectionMark }),
      ...drawnTools,
      ...drawnDraft,
    ],
    [layerSwitches, takTracks, zoom, selectionMark, drawnTools, drawnDraft],
  );
  const layers = useMemo(
    () => ({ base, incidents, trails: trailLayers, units, top }),
    [base, incidents, trailLayers, units, top],
  );
  return { layers, pulsing, sectorBounds, selectionMark, unitPick };
}
