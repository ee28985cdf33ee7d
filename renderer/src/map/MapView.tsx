import 'maplibre-gl/dist/maplibre-gl.css';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { FeatureCollection } from 'geojson';
import { Map as MaplibreMap, NavigationControl, ScaleControl, type GeoJSONSource } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../shared/getOwn';
import type { Incident } from '../../../shared/state';
import { countryNameOr, t } from '../i18n/i18n';
import { selectOperationNow, ui, useUi } from '../store/uiStore';
import { mapDrawPace } from '../store/drawPace';
import { useUnitFrame } from '../store/unitPositions';
import {
  buildUnitLayers,
  columnFreshness,
  columnsFromFrame,
  columnsFromUnits,
  unitFillColors,
  unitIdAt,
  type UnitColumns,
} from './unitLayers';
import {
  EMPTY_BASEMAP,
  parseAirports,
  parsePhysical,
  parsePlaces,
  parsePorts,
  RIVER_LABEL_SPACING_KM,
  riverLabels,
  type BasemapData,
} from './basemapLayers';
import { BASEMAP_COLORS } from './colors';
import { linesBounds, WESTERN_BALKANS_BOUNDS, type Bounds } from './geometry';
import { takLayer, useTakLayer } from '../store/takLayer';
import {
  buildBaseLayers,
  buildIncidentLayers,
  buildPulseLayers,
  buildTakLayers,
  buildTopLayers,
  buildUnitCanvasLayers,
  MAP_CANVASES,
  PULSE_STEP_MS,
  PULSE_STEPS,
  type MapCanvas,
  type SelectionMark,
} from './layers';
import {
  parseTowns,
  sameCodes,
  toSectorRows,
  agencyIn,
  trailRows,
  unacknowledged,
  pulseSplit,
  ringRow,
  type RingRow,
  linkRows,
  type Town,
  type TrailCache,
  countryLabels as labelsOfCountries,
  type CountryLabel,
} from './mapData';
import {
  BORDERS_SOURCE,
  buildMapStyle,
  COUNTRIES_SOURCE,
  LAKES_SOURCE,
  ORIENTATION_STYLE_LAYERS,
  RIVERS_SOURCE,
  visibility,
} from './mapStyle';
import { pickedSelection, pickedTooltip } from './picking';
import { entriesOf, StableRows } from './stableRows';
import { lngLat } from '../../../shared/units';
import { formatBearing, formatDistance, formatCount } from '../panels/format';
import { uncoveredSectorIds } from '../panels/selectors';
import { setMapCenterSource } from './coordinateReadout';
import { clickedAt, mapTools, useMapTools } from './mapTools';
import { toolLayers } from './measureLayer';
import { regionalTransformRequest, useRegionalBasemap } from './regionalBasemap';
import { noteDrawn } from './drawProbe';
import { drawerPadding, isClear, NO_PADDING } from './clearOfDrawer';
import { MapFocusRing, setKeyboardMap } from './MapFocusRing';
import { deckDeviceProps } from './glContext';

/** What end-to-end tests read to know the map's state without guessing at timings. */
export interface WatchfloorMapProbe {
  /** maplibre fired 'load' (style ready). */
  loaded: boolean;
  /** Country areas, borders, rivers and lakes have been handed to maplibre and processed. */
  basemapReady: boolean;
  /** How many times maplibre went idle (everything drawn, no transition running). */
  idleCount: number;
  /** deck.gl frames drawn. */
  frames: number;
  /** performance.now() of the last deck.gl frame. */
  lastRenderAt: number;
  /** The map's centre [lon, lat] when it last came to rest. */
  center: [number, number] | null;
  /** Where a place is on the map now, in pixels from the map's top left. */
  project?: (lon: number, lat: number) => [number, number];
}

declare global {
  interface Window {
    __watchfloorMap?: WatchfloorMapProbe;
  }
}

/** Trails change with every position report; redrawing them at most this often is enough. */
const TRAIL_REFRESH_MS = 2_000;

/** The pulse slows down on a slow machine but never stops. */
const PULSE_MAX_WAIT_MS = 2_000;

const TOOLTIP_STYLE: Partial<CSSStyleDeclaration> = {
  backgroundColor: '#1b2733',
  color: '#e9ecef',
  border: '1px solid #34495e',
  borderRadius: '4px',
  padding: '6px 8px',
  font: '12px system-ui, sans-serif',
  lineHeight: '1.35',
  maxWidth: '320px',
  whiteSpace: 'pre-line',
  // deck.gl positions the tooltip with `transform` at the pointer; a margin keeps it off the cursor.
  marginLeft: '12px',
  marginTop: '12px',
};

/**
 * maplibre's own texts that show (the map's accessible name, the zoom buttons' titles, the scale's
 * units), in the officer's language. maplibre reads them when the map is created and when a control
 * is added, so a change of language adds the controls again (see MapView).
 */
function mapLocale(): Record<string, string> {
  return {
    'Map.Title': t('map:controls.map'),
    'NavigationControl.ZoomIn': t('map:controls.zoomIn'),
    'NavigationControl.ZoomOut': t('map:controls.zoomOut'),
    'ScaleControl.Meters': t('map:controls.metres'),
    'ScaleControl.Kilometers': t('map:controls.kilometres'),
  };
}

/** The map's controls, with the language their texts are in. */
interface Controls {
  readonly language: string;
  readonly navigation: NavigationControl;
  readonly scale: ScaleControl;
}

function addControls(map: MaplibreMap, language: string): Controls {
  const navigation = new NavigationControl({ showCompass: false });
  const scale = new ScaleControl({ unit: 'metric' });
  map.addControl(navigation, 'bottom-right');
  map.addControl(scale, 'bottom-left');
  return { language, navigation, scale };
}

const CONTAINER_STYLE: CSSProperties = { position: 'absolute', inset: 0, background: BASEMAP_COLORS.sea };

/** Zoom rounded down to half steps: label thresholds and heading ticks need no finer, and the
 * component re-renders only when it crosses a step, not on every frame of a zoom gesture. */
function zoomStep(zoom: number): number {
  return Math.floor(zoom * 2) / 2;
}

function isFeatureCollection(value: unknown): value is FeatureCollection {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'FeatureCollection' &&
    Array.isArray((value as { features?: unknown }).features)
  );
}

/** Fetches one of the geo files the host serves next to the page. */
async function fetchGeo(path: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(new URL(path, document.baseURI), { signal });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as unknown;
}

/** An orientation file that did not load: said in the log, and the map goes on without it. */
function orientationMissing(error: unknown): null {
  if (!(error instanceof DOMException && error.name === 'AbortError'))
    console.warn('map: orientation layer not loaded:', error);
  return null;
}

/** Follows a fast-changing value at most once per `ms`, always ending on the latest value. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, lastShownAt.current + ms - performance.now());
    const timer = setTimeout(() => {
      lastShownAt.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}

/** Everything the map's long-lived callbacks share with the component. */
interface Live {
  opNow: number;
  /** The camera is moving (drag, zoom, flyTo): every frame redraws anyway, so the pulse waits. */
  moving: boolean;
  /** When the last pulse step was asked for, until deck.gl has drawn it. */
  pulseRequestedAt: number | null;
  /** How long the last pulse step took to draw (ms): with software WebGL this can be most of a second. */
  pulseFrameCost: number;
  /** When the units' layers were last replaced, until deck.gl has drawn them. */
  unitsSetAt: number | null;
  /** The `basemap` toggle, for the style when it finishes loading. */
  orientation: boolean;
}

/** Shows or hides the rivers and lakes of the style (the deck.gl half follows the layer list). */
function showOrientation(map: MaplibreMap, shown: boolean): void {
  for (const id of ORIENTATION_STYLE_LAYERS)
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visibility(shown));
}

/** How near (pixels) the pointer must be to an object to hover or pick it. */
const PICKING_RADIUS = 4;

/**
 * What a click at (x, y) picks: the object on the uppermost canvas that has one there, as an officer
 * sees them stacked (a unit above the incident it stands on, an incident above its sector).
 */
function pickAt(
  overlays: Partial<Record<MapCanvas, MapboxOverlay>>,
  x: number,
  y: number,
): PickingInfo | null {
  for (const canvas of [...MAP_CANVASES].reverse()) {
    const overlay = overlays[canvas];
    if (!overlay) continue;
    let info: PickingInfo | null = null;
    try {
      info = overlay.pickObject({ x, y, radius: PICKING_RADIUS });
    } catch {
      // A canvas not yet initialised (the map's first frames) has nothing to pick.
    }
    // Binary layers (the units) pick an index, not an object.
    if (info?.picked) return info;
  }
  return null;
}

/**
 * The live map: an offline maplibre basemap with the operation drawn on top by deck.gl. It fills
 * its parent (which must be positioned) and reads everything from the UI store.
 */
export function MapView() {
  // No text of its own in the page, but maplibre's controls and the hover texts follow the language.
  const { i18n } = useTranslation('map');
  const language = i18n.language;
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
  const opNow = useUi(selectOperationNow);
  const selection = useUi((s) => s.selection);
  const layerSwitches = useUi((s) => s.layers);
  // The TAK layer: live, or as it was at the replayed moment.
  const replayShownAt = useUi((s) => s.replay?.shownAt ?? null);
  useEffect(() => takLayer.follow(replayShownAt), [replayShownAt]);
  const takTracks = useTakLayer().tracks;
  const flyTo = useUi((s) => s.flyTo);
  // The tools' drawings (not the cursor, which moves at pointer rate and only the readout shows).
  const toolMeasure = useMapTools((s) => s.measure);
  const toolRings = useMapTools((s) => s.rings);
  const toolMark = useMapTools((s) => s.goToMark);

  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const overlaysRef = useRef<Partial<Record<MapCanvas, MapboxOverlay>>>({});
  const pulseOverlayRef = useRef<MapboxOverlay | null>(null);
  const setCanvasLayers = (canvas: MapCanvas, layers: Layer[]): void => {
    overlaysRef.current[canvas]?.setProps({ layers });
  };
  const fittedRef = useRef(false);
  const flySerialRef = useRef(flyTo?.serial ?? 0);
  const controlsRef = useRef<Controls | null>(null);
  const liveRef = useRef<Live>({
    opNow,
    moving: false,
    pulseRequestedAt: null,
    pulseFrameCost: 0,
    unitsSetAt: null,
    orientation: layerSwitches.basemap,
  });

  const [zoom, setZoom] = useState(() => zoomStep(5));
  const [pulseStep, setPulseStep] = useState(0);
  const [towns, setTowns] = useState<{ major: Town[]; minor: Town[] }>({ major: [], minor: [] });
  const [countryLabels, setCountryLabels] = useState<CountryLabel[]>([]);
  const [basemap, setBasemap] = useState<BasemapData>(EMPTY_BASEMAP);
  const [trailCache] = useState((): TrailCache => new WeakMap());
  // The units as of the last render, for the trails' colours: read when the trails are refreshed,
  // not a reason to refresh them (a position report replaces the record several times a second).
  const unitsForTrails = useRef(unitsRecord);
  unitsForTrails.current = unitsRecord;

  // --- Layer data, memoised on the store's records (which keep identity while unchanged). ---
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
  // For picking: binary data has no object to hand back, only the index.
  const pickRef = useRef({ columns: unitColumns, units: unitsRecord });
  pickRef.current = { columns: unitColumns, units: unitsRecord };
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
  const trailsShown = useThrottled(trailsLive, TRAIL_REFRESH_MS);
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
  if (freshness !== freshnessNow && !sameCodes(freshness, freshnessNow)) setFreshness(freshnessNow);
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

  const selectionMark = useMemo((): SelectionMark | null => {
    if (!selection) return null;
    const at = (lon: number, lat: number): SelectionMark => ({ selection, points: [[lon, lat]], paths: [] });
    switch (selection.kind) {
      case 'incident': {
        const incident = getOwn(incidentsRecord, selection.id);
        return incident ? at(incident.lon, incident.lat) : null;
      }
      case 'unit': {
        // Where the dot is drawn (the frames move it more often than the unit's record).
        const i = unitColumns.table.unitIds.indexOf(selection.id);
        if (i >= 0) return at(unitColumns.lonLat[2 * i]!, unitColumns.lonLat[2 * i + 1]!);
        const position = getOwn(unitsRecord, selection.id)?.position;
        return position ? at(position.lon, position.lat) : null;
      }
      case 'crossing': {
        const crossing = getOwn(crossingsRecord, selection.id);
        return crossing ? at(crossing.lon, crossing.lat) : null;
      }
      case 'sector': {
        const row = sectors.find((s) => s.sector.sectorId === selection.id);
        return row ? { selection, points: [], paths: [row.path] } : null;
      }
    }
  }, [selection, incidentsRecord, unitsRecord, unitColumns, crossingsRecord, sectors]);

  // The basemap's country names in the officer's language where the app has them (the data's are English).
  const countryNames = useMemo(
    () => countryLabels.map((l) => (l.code ? { ...l, name: countryNameOr(l.code, l.name) } : l)),
    // language: the names follow it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [countryLabels, language],
  );

  // One memo per canvas, each on its own inputs only: a position update rebuilds and redraws the
  // units' canvas, never the incidents' or the basemap's (see MAP_CANVASES).
  const sectorMark = selectionMark && selectionMark.paths.length > 0 ? selectionMark : null;
  const baseLayers = useMemo(
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
      }),
    [layerSwitches, zoom, sectors, uncoveredSectors, crossings, towns, basemap, countryNames, sectorMark],
  );
  const incidentLayers = useMemo(
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
  const unitCanvasLayers = useMemo(
    () => buildUnitCanvasLayers({ layers: layerSwitches, trails, unitLayers }),
    [layerSwitches, trails, unitLayers],
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
  const topLayers = useMemo(
    () => [
      ...buildTakLayers(layerSwitches, takTracks, zoom),
      ...buildTopLayers({ selection: selectionMark }),
      ...drawnTools,
    ],
    [layerSwitches, takTracks, zoom, selectionMark, drawnTools],
  );

  useEffect(() => {
    liveRef.current.opNow = opNow;
  }, [opNow]);

  // --- The map itself: created once per mount, torn down with it. ---
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const probe: WatchfloorMapProbe = {
      loaded: false,
      basemapReady: false,
      idleCount: 0,
      frames: 0,
      lastRenderAt: 0,
      center: null,
    };
    window.__watchfloorMap = probe;
    const abort = new AbortController();

    const startBounds: Bounds = sectorBounds ?? WESTERN_BALKANS_BOUNDS;
    fittedRef.current = sectorBounds !== null;
    const map = new MaplibreMap({
      container,
      style: buildMapStyle({}, liveRef.current.orientation),
      bounds: startBounds,
      fitBoundsOptions: { padding: 40 },
      attributionControl: false,
      renderWorldCopies: false,
      // A flat operations map: rotation and pitch only disorient and deck's 2D labels assume north-up.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
      minZoom: 3,
      maxZoom: 16,
      fadeDuration: 0,
      locale: mapLocale(),
      // The centre's on-premises style server is reached through the page's own host.
      transformRequest: regionalTransformRequest,
    });
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    controlsRef.current = addControls(map, i18n.language);
    mapRef.current = map;
    setKeyboardMap(map);
    probe.project = (lon, lat) => {
      const p = map.project([lon, lat]);
      return [p.x, p.y];
    };
    setZoom(zoomStep(map.getZoom()));

    // A unit is picked by index (its layer's data is binary): the unit itself is in the picture.
    const pickedObject = (info: PickingInfo): unknown => {
      if (info.layer?.id !== 'units') return info.object as unknown;
      const { columns, units } = pickRef.current;
      const unitId = unitIdAt(columns, info.index);
      return unitId === null ? null : (getOwn(units, unitId) ?? null);
    };
    // What the pointer is over on each canvas. One hover text for the map, from the uppermost
    // canvas with something under the pointer (as a click picks): each canvas picks on its own
    // animation frame, so the text is chosen once all of them have answered the same move.
    const hovered: Partial<Record<MapCanvas, PickingInfo>> = {};
    const tooltip = document.createElement('div');
    // deck.gl's own class, so the page's and the tests' rules for hover texts still apply.
    tooltip.className = 'deck-tooltip';
    Object.assign(tooltip.style, TOOLTIP_STYLE, {
      position: 'absolute',
      top: '0',
      left: '0',
      zIndex: '1',
      pointerEvents: 'none',
      display: 'none',
    });
    container.appendChild(tooltip);
    let tooltipTimer: ReturnType<typeof setTimeout> | null = null;
    const showTooltip = (): void => {
      tooltipTimer = null;
      const info = [...MAP_CANVASES]
        .reverse()
        .map((c) => hovered[c])
        .find((i) => i?.picked);
      const text = info ? pickedTooltip(info.layer?.id, pickedObject(info), liveRef.current.opNow) : null;
      if (!info || text === null) {
        tooltip.style.display = 'none';
        return;
      }
      // Feed text goes in as text, never as markup.
      tooltip.textContent = text;
      // eslint-disable-next-line i18next/no-literal-string -- a CSS value, not text
      tooltip.style.transform = `translate(${info.x}px, ${info.y}px)`;
      tooltip.style.display = 'block';
    };
    // The pulse has a canvas of its own, under the operation's (added first): a step of the
    // animation then redraws a few dozen rings, not every object of the picture.
    const deviceProps = deckDeviceProps();
    const pulseOverlay = new MapboxOverlay({
      interleaved: false,
      useDevicePixels: 1,
      deviceProps,
      layers: [],
      onAfterRender: () => {
        const live = liveRef.current;
        if (live.pulseRequestedAt === null) return;
        const t = performance.now();
        live.pulseFrameCost = (live.pulseFrameCost + (t - live.pulseRequestedAt)) / 2;
        live.pulseRequestedAt = null;
      },
    });
    map.addControl(pulseOverlay);
    pulseOverlayRef.current = pulseOverlay;
    // Then one canvas per rate of change, bottom first (see MAP_CANVASES). Clicks are picked by the
    // map's own click handler below, uppermost canvas first; each canvas shows its own hover text.
    for (const canvas of MAP_CANVASES) {
      const overlay = new MapboxOverlay({
        interleaved: false,
        useDevicePixels: 1,
        deviceProps,
        pickingRadius: PICKING_RADIUS,
        layers: [],
        onHover: (info) => {
          hovered[canvas] = info;
          tooltipTimer ??= setTimeout(showTooltip, 0);
          // The overlays do not take pointer events (maplibre forwards them), so the cursor is
          // set on maplibre's canvas.
          map.getCanvas().style.cursor =
            mapTools.snapshot.tool !== 'none'
              ? 'crosshair'
              : MAP_CANVASES.some((c) => hovered[c]?.picked)
                ? 'pointer'
                : '';
        },
        onAfterRender: () => {
          const t = performance.now();
          probe.frames += 1;
          probe.lastRenderAt = t;
          if (canvas === 'incidents') noteDrawn(overlay);
          const live = liveRef.current;
          if (canvas === 'units' && live.unitsSetAt !== null) {
            // What a position update costs, from new layers to drawn: the store paces them by it.
            mapDrawPace.note(t - live.unitsSetAt);
            live.unitsSetAt = null;
          }
        },
      });
      map.addControl(overlay);
      overlaysRef.current[canvas] = overlay;
    }

    map.on('zoom', () => setZoom(zoomStep(map.getZoom())));
    map.on('movestart', () => {
      liveRef.current.moving = true;
    });
    map.on('moveend', () => {
      liveRef.current.moving = false;
      const c = map.getCenter();
      probe.center = [c.lng, c.lat];
    });
    map.on('mousemove', (event) => {
      const at = event.lngLat.wrap();
      mapTools.setCursor(lngLat(at.lng, Math.max(-90, Math.min(90, at.lat))));
    });
    map.on('click', (event) => {
      if (mapTools.snapshot.tool === 'none') {
        const picked = pickAt(overlaysRef.current, event.point.x, event.point.y);
        // A case's line is not a thing to select: a click on it leaves the selection as it is.
        if (picked?.layer?.id === 'linked-cases') return;
        ui.select(picked ? pickedSelection(picked.layer?.id, pickedObject(picked)) : null);
        return;
      }
      const at = event.lngLat.wrap();
      mapTools.update((s) => clickedAt(s, lngLat(at.lng, Math.max(-90, Math.min(90, at.lat)))));
    });
    setMapCenterSource(() => {
      const c = map.getCenter().wrap();
      return lngLat(c.lng, c.lat);
    });
    map.on('idle', () => {
      probe.idleCount += 1;
      window.dispatchEvent(new CustomEvent('watchfloor:map-idle'));
    });
    map.on('error', (event) => console.warn('map:', event.error));

    const geo = Promise.all([
      fetchGeo('geo/countries.json', abort.signal),
      fetchGeo('geo/borders.json', abort.signal),
      // Older data folders (built before the orientation layers) lack these: the map works without.
      fetchGeo('geo/rivers.json', abort.signal).catch(orientationMissing),
      fetchGeo('geo/lakes.json', abort.signal).catch(orientationMissing),
    ]);
    map.on('load', () => {
      probe.loaded = true;
      void geo
        .then(async ([countries, borders, rivers, lakes]) => {
          if (abort.signal.aborted) return;
          const updates: Promise<void>[] = [];
          if (!abort.signal.aborted) setCountryLabels(labelsOfCountries(countries));
          showOrientation(map, liveRef.current.orientation);
          if (isFeatureCollection(rivers)) {
            const source = map.getSource<GeoJSONSource>(RIVERS_SOURCE);
            if (source) updates.push(source.setData(rivers, true));
            const lines = rivers as Parameters<typeof riverLabels>[0];
            const overview = riverLabels(lines, RIVER_LABEL_SPACING_KM.overview);
            const close = riverLabels(lines, RIVER_LABEL_SPACING_KM.close);
            setBasemap((b) => ({ ...b, riverLabels: overview, riverLabelsClose: close }));
          }
          if (isFeatureCollection(lakes)) {
            const source = map.getSource<GeoJSONSource>(LAKES_SOURCE);
            if (source) updates.push(source.setData(lakes, true));
          }
          if (isFeatureCollection(countries)) {
            const source = map.getSource<GeoJSONSource>(COUNTRIES_SOURCE);
            if (source) updates.push(source.setData(countries, true));
          }
          if (isFeatureCollection(borders)) {
            const source = map.getSource<GeoJSONSource>(BORDERS_SOURCE);
            if (source) updates.push(source.setData(borders, true));
          }
          await Promise.all(updates);
          if (!abort.signal.aborted) probe.basemapReady = true;
        })
        .catch((error: unknown) => {
          if (!abort.signal.aborted) console.warn('map: basemap data not loaded:', error);
        });
    });

    fetchGeo('geo/towns.json', abort.signal)
      .then((json) => {
        if (!abort.signal.aborted) setTowns(parseTowns(json));
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) console.warn('map: towns not loaded:', error);
      });

    // The orientation points: each file on its own, so one missing file loses only its layer.
    const points = [
      ['places', parsePlaces],
      ['airports', parseAirports],
      ['ports', parsePorts],
      ['physical', parsePhysical],
    ] as const;
    for (const [name, parse] of points)
      // eslint-disable-next-line i18next/no-literal-string -- a file path, not text
      fetchGeo(`geo/${name}.json`, abort.signal)
        .then((json) => {
          if (!abort.signal.aborted) setBasemap((b) => ({ ...b, [name]: parse(json) }));
        })
        .catch(orientationMissing);

    return () => {
      abort.abort();
      probe.loaded = false;
      overlaysRef.current = {};
      pulseOverlayRef.current = null;
      mapRef.current = null;
      controlsRef.current = null;
      setMapCenterSource(null);
      setKeyboardMap(null);
      // Removing the map removes its controls, which finalizes the deck.gl overlay.
      map.remove();
      if (tooltipTimer) clearTimeout(tooltipTimer);
      tooltip.remove();
    };
    // The map is created once per mount; later data reaches it through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the map is created once per mount; later data reaches it through the effects below
  }, []);

  // The centre's basemap (a tile file or on-premises style), when the settings name one.
  useRegionalBasemap(mapRef, settings.basemap);

  useEffect(() => setCanvasLayers('base', baseLayers), [baseLayers]);
  useEffect(() => setCanvasLayers('incidents', incidentLayers), [incidentLayers]);
  useEffect(() => {
    // What a position update costs, from new layers to drawn: the store paces them by it.
    liveRef.current.unitsSetAt ??= performance.now();
    setCanvasLayers('units', unitCanvasLayers);
  }, [unitCanvasLayers]);
  useEffect(() => setCanvasLayers('top', topLayers), [topLayers]);

  const pulseLayers = useMemo(
    () => buildPulseLayers({ on: layerSwitches.incidents, pulsing, pulseStep }),
    [layerSwitches.incidents, pulsing, pulseStep],
  );
  useEffect(() => {
    pulseOverlayRef.current?.setProps({ layers: pulseLayers });
  }, [pulseLayers]);

  // The basemap toggle hides the style's rivers and lakes too (before 'load' the style is not
  // there yet: the load handler applies the switch then).
  const orientation = layerSwitches.basemap;
  useEffect(() => {
    liveRef.current.orientation = orientation;
    const map = mapRef.current;
    if (map) showOrientation(map, orientation);
  }, [orientation]);

  // The language changed: maplibre's texts too. (Hover texts are built when shown, in the new one.)
  useEffect(() => {
    const map = mapRef.current;
    const controls = controlsRef.current;
    if (!map || !controls || controls.language === language) return;
    map._locale = { ...map._locale, ...mapLocale() };
    map.removeControl(controls.navigation);
    map.removeControl(controls.scale);
    controlsRef.current = addControls(map, language);
    map.getCanvas().setAttribute('aria-label', t('map:controls.map'));
  }, [language]);

  // Fit to the operation area once its sectors are known (the map starts on the region).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || fittedRef.current || !sectorBounds) return;
    fittedRef.current = true;
    map.fitBounds(sectorBounds, { padding: 40, duration: 0 });
  }, [sectorBounds]);

  // Fly where the store asks; the serial makes the same target twice still move the map.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !flyTo || flyTo.serial === flySerialRef.current) return;
    flySerialRef.current = flyTo.serial;
    // Padded by the drawer's width, so what the map flies to is not under the drawer (see clearOfDrawer).
    const padding = drawerPadding(map.getContainer());
    map.flyTo({ center: [flyTo.lon, flyTo.lat], zoom: flyTo.zoom, padding, essential: true });
  }, [flyTo]);

  // An object selected where it lies under the drawer now open (a click near the right of the map, a
  // step of replay, the keyboard's ring): the map moves it clear. Keyed on what is selected, not on
  // where it is, so a selected unit's reports do not move the map. A fly already on its way is
  // padded itself. With the drawer closed, the padding goes and the view stays where it is.
  const selectionKey = selection ? `${selection.kind}:${selection.id}` : null;
  const selectedPoint = selectionMark?.points[0] ?? null;
  const selectedPointRef = useRef(selectedPoint);
  selectedPointRef.current = selectedPoint;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const container = map.getContainer();
    const { clientWidth: width, clientHeight: height } = container;
    if (selectionKey === null) {
      const p = map.getPadding();
      if (map.isEasing() || !((p.left ?? 0) || (p.right ?? 0) || (p.top ?? 0) || (p.bottom ?? 0))) return;
      map.jumpTo({ center: map.unproject([width / 2, height / 2]), padding: NO_PADDING });
      return;
    }
    // Checked once the camera is at rest: a move still on its way (the keyboard's ring, a fly)
    // may end with the object under the drawer that has just opened.
    const keepClear = (): void => {
      const point = selectedPointRef.current;
      if (!point || map.isEasing()) return;
      const padding = drawerPadding(container);
      if (!isClear(map.project(point), width, height, padding))
        map.easeTo({ center: point, padding, essential: true });
    };
    if (!map.isEasing()) {
      keepClear();
      return;
    }
    const atRest = (): void => {
      map.off('moveend', atRest);
      keepClear();
    };
    map.on('moveend', atRest);
    return () => void map.off('moveend', atRest);
  }, [selectionKey]);

  // Step the pulse of the most urgent unacknowledged incidents at most ~4 times a second, only
  // while there are any. A step redraws only the pulse's own canvas, but with software WebGL even
  // that is not free, so the pulse also waits while the camera moves, never overlaps a step still
  // being drawn, and keeps its canvas busy at most a third of the time. Officers who ask for
  // reduced motion get a steady ring instead of a pulse (and so do the end-to-end tests, where
  // every animation frame is software-rendered).
  const reducedMotion = useReducedMotion();
  const pulseActive = layerSwitches.incidents && pulsing.length > 0 && !reducedMotion;
  useEffect(() => {
    if (!pulseActive) return;
    const live = liveRef.current;
    live.pulseRequestedAt = null;
    let frame = 0;
    let last = performance.now();
    const tick = (t: number): void => {
      const drawing = live.pulseRequestedAt !== null && t - live.pulseRequestedAt < 5_000;
      const wait = Math.min(PULSE_MAX_WAIT_MS, Math.max(PULSE_STEP_MS, 3 * live.pulseFrameCost));
      if (!live.moving && !drawing && t - last >= wait) {
        last = t;
        live.pulseRequestedAt = t;
        setPulseStep((s) => (s + 1) % PULSE_STEPS);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [pulseActive]);

  return (
    <>
      <div ref={containerRef} data-testid="map" style={CONTAINER_STYLE} />
      <MapFocusRing />
    </>
  );
}

/** True while the system asks for reduced motion; follows changes to the setting. */
function useReducedMotion(): boolean {
  // eslint-disable-next-line i18next/no-literal-string -- a media query, not text
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = (): void => setReduced(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return reduced;
}
