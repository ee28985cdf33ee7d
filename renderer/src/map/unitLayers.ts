import type { Layer } from '@deck.gl/core';
import { LineLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { isInactiveUnit, reportFreshness, type FreshnessSettings } from '../../../shared/domainRules';
import type { DecodedFrame, UnitTable } from '../../../shared/positionFrame';
import type { Unit } from '../../../shared/state';
import {
  AGENCY_COLORS,
  BASEMAP_COLORS,
  hexToRgba,
  INACTIVE_UNIT_COLOR,
  LABEL_COLOR,
  LOST_CONTACT_COLOR,
  STALE_ALPHA,
  UNIT_KIND_GLYPHS,
  type Rgba,
} from './colors';
import { headingTip } from './geometry';
import { LABEL_ZOOM, UNIT_RADIUS } from './layers';
import { FRESH, FRESHNESS_CODE, LOST } from './mapData';

/**
 * The units on the map, drawn from typed-array columns: one index per unit, positions handed to
 * deck.gl as binary attributes (`data: {length, attributes}`), so a new picture of 5,000 moving
 * units uploads a few buffers instead of running accessors over 5,000 objects. Live, the columns
 * are the position channel's newest frame; in replay (and before the first frame) they are made
 * from the units of the picture shown.
 */

/** What the unit layers are drawn from; typed arrays indexed alike, `table` naming each index. */
export interface UnitColumns {
  readonly count: number;
  /** lon, lat per unit. */
  readonly lonLat: Float64Array;
  readonly heading: Float32Array;
  readonly speed: Float32Array;
  /** Operation time of each unit's report. */
  readonly reportedAt: Float64Array;
  readonly table: Pick<UnitTable, 'unitIds' | 'callsigns' | 'agencies' | 'kinds' | 'statuses'>;
  /** A new number with every new picture of the positions (deck.gl's updateTriggers). */
  readonly version: number;
}

let columnsVersion = 0;

/** The columns of a frame of the position channel. */
export function columnsFromFrame(decoded: DecodedFrame): UnitColumns {
  return {
    count: decoded.frame.count,
    lonLat: decoded.lonLat,
    heading: decoded.heading,
    speed: decoded.speed,
    reportedAt: decoded.reportedAt,
    table: decoded.table,
    version: ++columnsVersion,
  };
}

/** The columns of a picture's units (those with a position), for replay. */
export function columnsFromUnits(units: Readonly<Record<string, Unit>>): UnitColumns {
  const positioned = Object.values(units).filter((u) => u.position !== null);
  const count = positioned.length;
  const lonLat = new Float64Array(2 * count);
  const heading = new Float32Array(count);
  const speed = new Float32Array(count);
  const reportedAt = new Float64Array(count);
  positioned.forEach((u, i) => {
    const p = u.position!;
    lonLat[2 * i] = p.lon;
    lonLat[2 * i + 1] = p.lat;
    heading[i] = p.heading;
    speed[i] = p.speed;
    reportedAt[i] = p.at;
  });
  return {
    count,
    lonLat,
    heading,
    speed,
    reportedAt,
    table: {
      unitIds: positioned.map((u) => u.unitId),
      callsigns: positioned.map((u) => u.callsign),
      agencies: positioned.map((u) => u.agency),
      kinds: positioned.map((u) => u.kind),
      statuses: positioned.map((u) => u.status),
    },
    version: ++columnsVersion,
  };
}

/** The unit at an index deck.gl picked, by id (binary data has no object to hand back). */
export function unitIdAt(columns: UnitColumns | null, index: number): string | null {
  if (!columns || index < 0 || index >= columns.count) return null;
  return columns.table.unitIds[index] ?? null;
}

/** One freshness code per unit of the columns: {@link reportFreshness}, as for the unit's record. */
export function columnFreshness(
  columns: UnitColumns,
  opNow: number,
  settings: FreshnessSettings,
): Uint8Array {
  const codes = new Uint8Array(columns.count);
  for (let i = 0; i < columns.count; i++)
    codes[i] = FRESHNESS_CODE[reportFreshness(columns.reportedAt[i]!, opNow, settings)];
  return codes;
}

function rgba(hex: string, alpha = 255): Rgba {
  return hexToRgba(hex, alpha);
}

const AGENCY_RGBA = Object.fromEntries(Object.entries(AGENCY_COLORS).map(([k, v]) => [k, rgba(v)]));
const AGENCY_STALE_RGBA = Object.fromEntries(
  Object.entries(AGENCY_COLORS).map(([k, v]) => [k, rgba(v, STALE_ALPHA)]),
);
const AGENCY_HEADING_RGBA = Object.fromEntries(
  Object.entries(AGENCY_COLORS).map(([k, v]) => [k, rgba(v, 200)]),
);
const INACTIVE_RGBA = rgba(INACTIVE_UNIT_COLOR, 200);
const INACTIVE_STALE_RGBA = rgba(INACTIVE_UNIT_COLOR, STALE_ALPHA);
const LOST_RGBA = rgba(LOST_CONTACT_COLOR);
const OUTLINE_RGBA = rgba(BASEMAP_COLORS.sea, 220);
const DARK_RGBA = rgba(BASEMAP_COLORS.sea);
const DARK_STALE_RGBA = rgba(BASEMAP_COLORS.sea, STALE_ALPHA);
const LABEL_RGBA = rgba(LABEL_COLOR);
const LABEL_STALE_RGBA: Rgba = [LABEL_RGBA[0], LABEL_RGBA[1], LABEL_RGBA[2], STALE_ALPHA];
const HOVER_RGBA: Rgba = [255, 255, 255, 90];
const FONT = 'system-ui, sans-serif';
const UNIT_GLYPHS = Object.values(UNIT_KIND_GLYPHS).join('');

const HEADING_PIXELS = 15;

/**
 * The fill colour of each unit (4 bytes a unit): its agency, grey when off duty, see-through when
 * its report is old. Built only when the table or some unit's freshness changes, not per frame.
 */
export function unitFillColors(table: UnitColumns['table'], freshness: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 * freshness.length);
  for (let i = 0; i < freshness.length; i++) {
    const faded = freshness[i] !== FRESH;
    const colour = isInactiveUnit({ status: table.statuses[i]! })
      ? faded
        ? INACTIVE_STALE_RGBA
        : INACTIVE_RGBA
      : ((faded ? AGENCY_STALE_RGBA : AGENCY_RGBA)[table.agencies[i]!] ?? INACTIVE_RGBA);
    out.set(colour, 4 * i);
  }
  return out;
}

/** The moving units' heading ticks (source, tip, colour), rebuilt per picture and zoom step. */
function headingTicks(
  columns: UnitColumns,
  zoom: number,
): { length: number; source: Float64Array; tip: Float64Array; color: Uint8Array } {
  const moving: number[] = [];
  for (let i = 0; i < columns.count; i++)
    if (columns.table.kinds[i] !== 'fixed_post' && columns.speed[i]! > 0) moving.push(i);
  const source = new Float64Array(2 * moving.length);
  const tip = new Float64Array(2 * moving.length);
  const color = new Uint8Array(4 * moving.length);
  moving.forEach((i, k) => {
    const lon = columns.lonLat[2 * i]!;
    const lat = columns.lonLat[2 * i + 1]!;
    source[2 * k] = lon;
    source[2 * k + 1] = lat;
    const [tx, ty] = headingTip(lon, lat, columns.heading[i]!, HEADING_PIXELS, zoom);
    tip[2 * k] = tx;
    tip[2 * k + 1] = ty;
    color.set(
      isInactiveUnit({ status: columns.table.statuses[i]! })
        ? INACTIVE_RGBA
        : (AGENCY_HEADING_RGBA[columns.table.agencies[i]!] ?? INACTIVE_RGBA),
      4 * k,
    );
  });
  return { length: moving.length, source, tip, color };
}

const ticksCache = new WeakMap<UnitColumns, { zoom: number; ticks: ReturnType<typeof headingTicks> }>();
function headingTicksAt(columns: UnitColumns, zoom: number): ReturnType<typeof headingTicks> {
  const cached = ticksCache.get(columns);
  if (cached?.zoom === zoom) return cached.ticks;
  const ticks = headingTicks(columns, zoom);
  ticksCache.set(columns, { zoom, ticks });
  return ticks;
}

/** Positions of active units past the lost-contact limit (a few: drawn as a red ring). */
function lostPositions(columns: UnitColumns, freshness: Uint8Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < columns.count; i++)
    if (freshness[i] === LOST && !isInactiveUnit({ status: columns.table.statuses[i]! }))
      out.push(columns.lonLat[2 * i]!, columns.lonLat[2 * i + 1]!);
  return Float64Array.from(out);
}

/** 0 … count-1, one array per table and count, for the text layers' accessors. */
const indexCache = new WeakMap<object, number[]>();
function indexes(columns: UnitColumns): number[] {
  const cached = indexCache.get(columns.table);
  if (cached?.length === columns.count) return cached;
  const out = Array.from({ length: columns.count }, (_, i) => i);
  indexCache.set(columns.table, out);
  return out;
}

/** What the unit layers are drawn from. */
export interface UnitLayerInput {
  readonly columns: UnitColumns;
  /** One code per unit; a new array only when some unit's freshness changed. */
  readonly freshness: Uint8Array;
  /** {@link unitFillColors} of the same table and freshness. */
  readonly fill: Uint8Array;
  readonly zoom: number;
}

/** The unit layers, bottom first: heading ticks, lost-contact rings, units, kind letters, callsigns. */
export function buildUnitLayers(input: UnitLayerInput): Layer[] {
  const { columns, freshness, fill, zoom } = input;
  // A frame of other units than the colours were made for (a moment between two renders).
  if (fill.length !== 4 * columns.count || freshness.length !== columns.count) return [];
  const position = { value: columns.lonLat, size: 2 } as const;
  const ticks = headingTicksAt(columns, zoom);
  const lost = lostPositions(columns, freshness);
  const out: Layer[] = [
    new LineLayer({
      id: 'unit-headings',
      data: {
        length: ticks.length,
        attributes: {
          getSourcePosition: { value: ticks.source, size: 2 },
          getTargetPosition: { value: ticks.tip, size: 2 },
          getColor: { value: ticks.color, size: 4, normalized: true },
        },
      },
      getWidth: 2,
      widthUnits: 'pixels',
    }),
    new ScatterplotLayer({
      id: 'unit-lost-rings',
      data: { length: lost.length / 2, attributes: { getPosition: { value: lost, size: 2 } } },
      radiusUnits: 'pixels',
      getRadius: UNIT_RADIUS + 4,
      filled: false,
      stroked: true,
      getLineColor: LOST_RGBA,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new ScatterplotLayer({
      id: 'units',
      data: {
        length: columns.count,
        attributes: {
          getPosition: position,
          getFillColor: { value: fill, size: 4, normalized: true },
        },
      },
      radiusUnits: 'pixels',
      getRadius: UNIT_RADIUS,
      stroked: true,
      getLineColor: OUTLINE_RGBA,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: true,
      autoHighlight: true,
      highlightColor: HOVER_RGBA,
    }),
  ];
  // Text needs one object per unit: only once zoomed in, where few units are on screen anyway.
  if (zoom >= LABEL_ZOOM.unitGlyphs) {
    const at = (i: number): [number, number] => [columns.lonLat[2 * i]!, columns.lonLat[2 * i + 1]!];
    const faded = (i: number): boolean => (freshness[i] ?? FRESH) !== FRESH;
    out.push(
      new TextLayer<number>({
        id: 'unit-glyphs',
        data: indexes(columns),
        getPosition: at,
        getText: (i) => UNIT_KIND_GLYPHS[columns.table.kinds[i]!],
        getColor: (i) => (faded(i) ? DARK_STALE_RGBA : DARK_RGBA),
        getSize: 9,
        sizeUnits: 'pixels',
        fontFamily: FONT,
        fontWeight: 700,
        characterSet: UNIT_GLYPHS,
        updateTriggers: { getPosition: columns.version, getColor: freshness, getText: columns.table },
      }),
    );
    if (zoom >= LABEL_ZOOM.callsigns)
      out.push(
        new TextLayer<number>({
          id: 'unit-callsigns',
          data: indexes(columns),
          getPosition: at,
          getText: (i) => columns.table.callsigns[i] ?? '',
          getColor: (i) => (faded(i) ? LABEL_STALE_RGBA : LABEL_RGBA),
          getSize: 10,
          sizeUnits: 'pixels',
          getTextAnchor: 'start',
          getAlignmentBaseline: 'center',
          getPixelOffset: [UNIT_RADIUS + 4, 0],
          fontFamily: FONT,
          characterSet: 'auto',
          updateTriggers: { getPosition: columns.version, getColor: freshness, getText: columns.table },
        }),
      );
  }
  return out;
}
