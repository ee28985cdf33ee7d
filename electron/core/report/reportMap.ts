import type { Feature, FeatureCollection, Position } from 'geojson';
import { ANNOTATION_COLORS } from '../../../shared/annotation';
import { INCIDENT_PRIORITIES } from '../../../shared/domain';
import { reportLanguage, type ReportLanguage } from './reportI18n';
import { esc } from './reportText';
import { impactColour, n, priorityColour, svg, text, CHART_WIDTH } from './reportCharts';
import type { AfterActionReport, ReportAnnotation } from './types';

/**
 * The report's map image as inline SVG: country outlines (when a basemap is given), each sector's
 * border line in the colour of the impact level it ended the period with, crossing points, and the
 * period's incidents as dots coloured by priority, and the annotations drawn in it. Equirectangular, with longitude scaled by the
 * cosine of the middle latitude: at the region's size that is within a few per cent of Web Mercator
 * and needs no tiles.
 */

/** The Western Balkans, shown when the report has nothing to place. */
const DEFAULT_BOUNDS = { minLon: 13, maxLon: 30, minLat: 39, maxLat: 47.5 };
const MAX_HEIGHT = 480;
/** Points closer than this (px) to the previous one are dropped from outlines: smaller file, same picture. */
const MIN_STEP_PX = 0.9;

interface Projection {
  width: number;
  height: number;
  x(lon: number): number;
  y(lat: number): number;
  pxPerKm: number;
  visible(minLon: number, minLat: number, maxLon: number, maxLat: number): boolean;
}

function project(points: readonly (readonly [number, number])[]): Projection {
  let b = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
  for (const [lon, lat] of points) {
    b.minLon = Math.min(b.minLon, lon);
    b.maxLon = Math.max(b.maxLon, lon);
    b.minLat = Math.min(b.minLat, lat);
    b.maxLat = Math.max(b.maxLat, lat);
  }
  if (!Number.isFinite(b.minLon)) b = { ...DEFAULT_BOUNDS };
  const padLon = Math.max(0.25, (b.maxLon - b.minLon) * 0.05);
  const padLat = Math.max(0.2, (b.maxLat - b.minLat) * 0.05);
  const minLon = Math.max(-180, b.minLon - padLon);
  const maxLon = Math.min(180, b.maxLon + padLon);
  const minLat = Math.max(-85, b.minLat - padLat);
  const maxLat = Math.min(85, b.maxLat + padLat);
  const lonC = (minLon + maxLon) / 2;
  const latC = (minLat + maxLat) / 2;
  const k = Math.cos((latC * Math.PI) / 180);
  const spanX = Math.max(1e-6, (maxLon - minLon) * k);
  const spanY = Math.max(1e-6, maxLat - minLat);
  const s = Math.min(CHART_WIDTH / spanX, MAX_HEIGHT / spanY);
  const width = CHART_WIDTH;
  const height = Math.min(MAX_HEIGHT, spanY * s);
  const x = (lon: number): number => width / 2 + (lon - lonC) * k * s;
  const y = (lat: number): number => height / 2 - (lat - latC) * s;
  return {
    width,
    height,
    x,
    y,
    pxPerKm: s / 111.195,
    visible: (a, b2, c, d) => x(c) >= 0 && x(a) <= width && y(b2) >= 0 && y(d) <= height,
  };
}

function finite(p: Position): p is [number, number] {
  return Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

function ringPath(ring: readonly Position[], p: Projection): string {
  let d = '';
  let lastX = NaN;
  let lastY = NaN;
  let kept = 0;
  for (const pos of ring) {
    if (!finite(pos)) continue;
    const x = p.x(pos[0]);
    const y = p.y(pos[1]);
    if (kept > 0 && Math.abs(x - lastX) + Math.abs(y - lastY) < MIN_STEP_PX) continue;
    d += `${kept === 0 ? 'M' : 'L'}${n(x)} ${n(y)}`;
    lastX = x;
    lastY = y;
    kept++;
  }
  return kept >= 3 ? `${d}Z` : '';
}

function polygonsOf(feature: Feature): Position[][][] {
  const g = feature.geometry;
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

function basemapLayer(basemap: FeatureCollection, p: Projection, L: ReportLanguage): string {
  let shapes = '';
  let labels = '';
  for (const feature of basemap.features) {
    let d = '';
    let best: { area: number; x: number; y: number } | null = null;
    for (const polygon of polygonsOf(feature)) {
      const outer = (polygon[0] ?? []).filter(finite);
      if (outer.length < 3) continue;
      const lons = outer.map((q) => q[0]);
      const lats = outer.map((q) => q[1]);
      const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] as const;
      if (!p.visible(...box)) continue;
      d += polygon.map((ring) => ringPath(ring, p)).join('');
      const area = (box[2] - box[0]) * (box[3] - box[1]);
      if (!best || area > best.area) {
        best = { area, x: p.x((box[0] + box[2]) / 2), y: p.y((box[1] + box[3]) / 2) };
      }
    }
    if (!d) continue;
    shapes += `<path d="${d}" class="country"/>`;
    const props = (feature.properties ?? {}) as Record<string, unknown>;
    // The basemap names countries in English: in another language, the app's name for a code it knows.
    const code = typeof props['code'] === 'string' ? props['code'] : '';
    const named = code && L.language !== 'en' ? L.country(code) : '';
    const name = named && named !== code ? named : typeof props['name'] === 'string' ? props['name'] : code;
    if (best && name && best.x > 30 && best.x < p.width - 30 && best.y > 12 && best.y < p.height - 8) {
      labels += text(best.x, best.y, name, 'text-anchor="middle" class="country-label"');
    }
  }
  return shapes + labels;
}

function scaleBar(p: Projection, L: ReportLanguage): string {
  const km = [500, 200, 100, 50, 20, 10, 5, 2, 1].find((k) => k * p.pxPerKm <= p.width / 5) ?? 1;
  const w = km * p.pxPerKm;
  const x = 12;
  const y = p.height - 14;
  return `<rect x="${n(x - 4)}" y="${n(y - 14)}" width="${n(w + 8)}" height="22" class="map-plate"/><path d="M${n(x)} ${n(y - 3)}V${n(y)}H${n(x + w)}V${n(y - 3)}" class="scale"/>${text(x + w / 2, y - 4, L.t('map.km', { km: L.number(km) }), 'text-anchor="middle" class="axis"')}`;
}

/** The map image of a report. */
/**
 * An annotation as the map image draws it: in its palette colour over a dark casing (the palette
 * is made for the dark screen map; the printed one is light), dashed when deleted within the period.
 */
function annotationShape(a: ReportAnnotation, p: Projection): string {
  const colour = ANNOTATION_COLORS[a.color];
  const dash = a.deletedAt === null ? '' : ' stroke-dasharray="3 2"';
  const title = `<title>${esc(a.text ?? a.author)}</title>`;
  const [lon, lat] = a.coordinates[0]!;
  if (a.kind === 'point' || a.kind === 'text') {
    const x = p.x(lon);
    const y = p.y(lat);
    const label =
      a.kind === 'text' && a.text
        ? text(x + 5, y + 3, [...a.text].slice(0, 40).join(''), 'class="annotation-text"')
        : '';
    return `<g class="annotation"><circle cx="${n(x)}" cy="${n(y)}" r="3" fill="${colour}" class="annotation-point"${dash}>${title}</circle>${label}</g>`;
  }
  const d = `${a.coordinates.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n(p.x(x))} ${n(p.y(y))}`).join('')}${a.kind === 'polygon' ? 'Z' : ''}`;
  const fill = a.kind === 'polygon' ? `fill="${colour}" fill-opacity="0.18"` : 'fill="none"';
  return `<g class="annotation"><path d="${d}" class="annotation-casing"/><path d="${d}" ${fill} stroke="${colour}" class="annotation-line"${dash}>${title}</path></g>`;
}

export function mapSvg(report: AfterActionReport, L = reportLanguage()): string {
  const { sectors, incidents, crossings } = report.map;
  const annotations = (report.annotations ?? []).filter((a) => a.coordinates.every(finite));
  const points: [number, number][] = [
    ...sectors.flatMap((s) => s.line),
    ...incidents.map((i): [number, number] => [i.lon, i.lat]),
    ...crossings.map((c): [number, number] => [c.lon, c.lat]),
    ...annotations.flatMap((a) => a.coordinates),
  ];
  const p = project(points);
  const base = report.basemap ? basemapLayer(report.basemap, p, L) : '';
  const lines = sectors
    .map((s) => {
      const d = s.line.map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${n(p.x(lon))} ${n(p.y(lat))}`).join('');
      return `<path d="${d}" class="sector" stroke="${impactColour(s.level)}"><title>${esc(`${s.name}: ${s.level === null ? L.t('charts.unknownLevel') : L.label('impactLevel', s.level).toLocaleLowerCase(L.locale)}`)}</title></path>`;
    })
    .join('');
  const posts = crossings
    .map(
      (c) =>
        `<rect x="${n(p.x(c.lon) - 2)}" y="${n(p.y(c.lat) - 2)}" width="4" height="4" class="crossing"><title>${esc(c.name)}</title></rect>`,
    )
    .join('');
  // Least urgent first, so priority 1 is drawn on top.
  const dots = [...INCIDENT_PRIORITIES]
    .reverse()
    .flatMap((priority) => incidents.filter((i) => i.priority === priority))
    .map(
      (i) =>
        `<circle cx="${n(p.x(i.lon))}" cy="${n(p.y(i.lat))}" r="${i.priority <= 2 ? 2.6 : 2}" fill="${priorityColour(i.priority)}" class="incident"><title>${esc(`${i.incidentId} · ${L.t('priority', { priority: i.priority }).toLocaleLowerCase(L.locale)}`)}</title></circle>`,
    )
    .join('');
  const drawn = annotations.map((a) => annotationShape(a, p)).join('');
  const frame = `<rect x="0.5" y="0.5" width="${n(p.width - 1)}" height="${n(p.height - 1)}" class="frame"/>`;
  return svg(
    p.width,
    p.height,
    L.t('map.title'),
    `<rect width="100%" height="100%" class="sea"/>${base}${lines}${drawn}${posts}${dots}${scaleBar(p, L)}${frame}`,
  );
}
