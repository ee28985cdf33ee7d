import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TAK_COLORS } from '../map/layers/tak';
import type { IncidentPriority } from '../../../shared/domain';
import { label } from '../i18n/i18n';
import { ORIENTATION_GLYPHS } from '../map/basemapLayers';
import {
  AGENCY_COLORS,
  BASEMAP_COLORS,
  CROSSING_COLOR,
  IMPACT_COLORS,
  INACTIVE_UNIT_COLOR,
  LINK_COLOR,
  LOST_CONTACT_COLOR,
  ORIENTATION_COLORS,
  PRIORITY_COLORS,
  SELECTION_COLOR,
  STALE_ALPHA,
  TOWN_COLOR,
  UNIT_KIND_GLYPHS,
  ZONE_ALARM_COLOR,
  ZONE_COLOR,
} from '../map/colors';
import { INCIDENT_RADIUS, UNIT_RADIUS } from '../map/layers';
import { OVERLAY_COLOR } from '../map/layers/overlays';
import { ANNOTATION_COLORS } from '../../../shared/annotation';
import { useUi } from '../store/uiStore';
import { setLegendOpen, toggleLegend, useLegendOpen } from './legendState';
import './legend.css';

/**
 * The map's key: every colour, letter, ring and symbol the map draws, read from the same tables
 * the map layers use (colors.ts, basemapLayers.ts, layers.ts), so the two cannot drift apart.
 * Whether it is open is kept in legendState.ts, which the button and the command share.
 */

/** The data's maker, named as it names itself in every language. */
const NATURAL_EARTH = 'Natural Earth';

const SWATCH = 18;
const MID = SWATCH / 2;
/** The fill of a faded (stale) symbol: the map's stale alpha as an SVG opacity. */
const STALE_OPACITY = STALE_ALPHA / 255;

function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg
      className="legend-swatch"
      width={SWATCH}
      height={SWATCH}
      viewBox={`0 0 ${SWATCH} ${SWATCH}`}
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

/** A dot as the map draws a unit or an incident: filled, with the dark outline. */
function Dot({ color, radius, opacity = 1 }: { color: string; radius: number; opacity?: number }) {
  return (
    <circle
      cx={MID}
      cy={MID}
      r={radius}
      fill={color}
      fillOpacity={opacity}
      stroke={BASEMAP_COLORS.sea}
      strokeWidth={1}
    />
  );
}

function Ring({ color, radius }: { color: string; radius: number }) {
  return <circle cx={MID} cy={MID} r={radius} fill="none" stroke={color} strokeWidth={2} />;
}

function Glyph({ text, color, size = 10 }: { text: string; color: string; size?: number }) {
  return (
    <text
      x={MID}
      y={MID}
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={size}
      fontWeight={700}
      fill={color}
    >
      {text}
    </text>
  );
}

function Line({ color, width, opacity = 1 }: { color: string; width: number; opacity?: number }) {
  return (
    <line
      x1={1}
      y1={MID}
      x2={SWATCH - 1}
      y2={MID}
      stroke={color}
      strokeWidth={width}
      strokeOpacity={opacity}
      strokeLinecap="round"
    />
  );
}

function Entry({ id, swatch, children }: { id: string; swatch: ReactNode; children: ReactNode }) {
  return (
    <li className="legend-entry" data-testid="legend-entry" data-entry={id}>
      <Swatch>{swatch}</Swatch>
      <span>{children}</span>
    </li>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="legend-section" data-testid={`legend-${id}`} aria-label={title}>
      <h3>{title}</h3>
      <ul>{children}</ul>
    </section>
  );
}

const entries = <K extends string | number, V>(table: Readonly<Record<K, V>>): [K, V][] =>
  Object.entries(table) as [K, V][];

/** The button beside the layer switches that opens and closes the legend. */
export function LegendButton() {
  const { t } = useTranslation('map');
  const open = useLegendOpen();
  return (
    <button
      type="button"
      className="palette-button"
      aria-pressed={open}
      onClick={toggleLegend}
      title={t('legend.toggle')}
      data-testid="legend-button"
    >
      {t('legend.button')}
    </button>
  );
}

/** The legend over the map's left side; nothing while closed. */
export function Legend() {
  const { t } = useTranslation('map');
  const open = useLegendOpen();
  const settings = useUi((s) => s.settings);
  if (!open) return null;
  const staleMinutes = Math.round(settings.staleAfterMs / 60_000);
  const lostMinutes = Math.round(settings.lostContactAfterMs / 60_000);
  const agencyColor = Object.values(AGENCY_COLORS)[0] ?? INACTIVE_UNIT_COLOR;

  return (
    <aside className="legend" data-testid="legend" aria-labelledby="legend-title">
      <header className="legend-header">
        <h2 id="legend-title">{t('legend.title')}</h2>
        <button
          type="button"
          className="legend-close"
          onClick={() => setLegendOpen(false)}
          aria-label={t('legend.close')}
          title={t('legend.close')}
        >
          ×
        </button>
      </header>
      {/* Focusable, so the keyboard scrolls it too (a region with nothing to focus in it). */}
      <div className="legend-body" tabIndex={0} role="region" aria-labelledby="legend-title">
        <Section id="agencies" title={t('legend.agencies')}>
          {entries(AGENCY_COLORS).map(([agency, color]) => (
            <Entry key={agency} id={`agency.${agency}`} swatch={<Dot color={color} radius={UNIT_RADIUS} />}>
              {label('agency', agency)}
            </Entry>
          ))}
        </Section>
        <Section id="kinds" title={t('legend.kinds')}>
          {entries(UNIT_KIND_GLYPHS).map(([kind, glyph]) => (
            <Entry
              key={kind}
              id={`kind.${kind}`}
              swatch={
                <>
                  <Dot color={agencyColor} radius={UNIT_RADIUS + 1} />
                  <Glyph text={glyph} color={BASEMAP_COLORS.sea} size={9} />
                </>
              }
            >
              {label('unitKind', kind)}
            </Entry>
          ))}
        </Section>
        <Section id="unit-states" title={t('legend.unitStates')}>
          <Entry id="unit.inactive" swatch={<Dot color={INACTIVE_UNIT_COLOR} radius={UNIT_RADIUS} />}>
            {t('legend.inactive', {
              offDuty: label('unitStatus', 'off_duty'),
              outOfService: label('unitStatus', 'out_of_service'),
            })}
          </Entry>
          <Entry
            id="unit.heading"
            swatch={
              <>
                <line x1={MID} y1={MID} x2={SWATCH - 1} y2={1} stroke={agencyColor} strokeWidth={2} />
                <Dot color={agencyColor} radius={UNIT_RADIUS - 1} />
              </>
            }
          >
            {t('legend.heading')}
          </Entry>
          <Entry
            id="unit.stale"
            swatch={<Dot color={agencyColor} radius={UNIT_RADIUS} opacity={STALE_OPACITY} />}
          >
            {t('legend.stale', { minutes: staleMinutes })}
          </Entry>
          <Entry
            id="unit.lost"
            swatch={
              <>
                <Ring color={LOST_CONTACT_COLOR} radius={UNIT_RADIUS + 2} />
                <Dot color={agencyColor} radius={UNIT_RADIUS - 2} opacity={STALE_OPACITY} />
              </>
            }
          >
            {t('legend.lost', { minutes: lostMinutes })}
          </Entry>
        </Section>
        <Section id="incidents" title={t('legend.incidents')}>
          {entries(PRIORITY_COLORS).map(([priority, color]) => (
            <Entry
              key={priority}
              id={`priority.${priority}`}
              swatch={<Dot color={color} radius={INCIDENT_RADIUS[Number(priority) as IncidentPriority]} />}
            >
              {t(`legend.priority.${priority}`)}
            </Entry>
          ))}
          <Entry
            id="incident.unacknowledged"
            swatch={
              <>
                <Ring color={PRIORITY_COLORS[1]} radius={MID - 1} />
                <Dot color={PRIORITY_COLORS[1]} radius={INCIDENT_RADIUS[2] - 1} />
              </>
            }
          >
            {t('legend.unacknowledged')}
          </Entry>
          <Entry
            id="incident.resolved"
            swatch={<Dot color={PRIORITY_COLORS[2]} radius={INCIDENT_RADIUS[2]} opacity={90 / 255} />}
          >
            {t('legend.resolved')}
          </Entry>
          <Entry
            id="selection"
            swatch={
              <>
                <Ring color={SELECTION_COLOR} radius={MID - 1} />
                <Dot color={PRIORITY_COLORS[3]} radius={INCIDENT_RADIUS[3]} />
              </>
            }
          >
            {t('legend.selected')}
          </Entry>
        </Section>
        <Section id="sectors" title={t('legend.sectors')}>
          {entries(IMPACT_COLORS).map(([level, color]) => (
            <Entry key={level} id={`impact.${level}`} swatch={<Line color={color} width={3} />}>
              {t('legend.impact', { level: label('impactLevel', level) })}
            </Entry>
          ))}
          <Entry
            id="crossing"
            swatch={
              <circle
                cx={MID}
                cy={MID}
                r={4.5}
                fill={BASEMAP_COLORS.sea}
                stroke={CROSSING_COLOR}
                strokeWidth={2}
              />
            }
          >
            {t('legend.crossing')}
          </Entry>
          <Entry id="link" swatch={<Line color={LINK_COLOR} width={3} />}>
            {t('legend.link')}
          </Entry>
        </Section>
        <Section id="overlays" title={t('legend.overlays')}>
          <Entry
            id="overlay"
            swatch={
              <>
                <rect
                  x={1}
                  y={5}
                  width={16}
                  height={8}
                  fill={OVERLAY_COLOR}
                  fillOpacity={0.15}
                  stroke={OVERLAY_COLOR}
                />
                <circle cx={MID} cy={MID} r={3.5} fill={OVERLAY_COLOR} stroke={BASEMAP_COLORS.sea} />
              </>
            }
          >
            {t('legend.overlay')}
          </Entry>
        </Section>
        <Section id="annotations" title={t('legend.annotations')}>
          <Entry
            id="annotation"
            swatch={
              <>
                <polygon
                  points="2,15 9,3 16,13"
                  fill={ANNOTATION_COLORS.magenta}
                  fillOpacity={0.16}
                  stroke={ANNOTATION_COLORS.magenta}
                  strokeWidth={2}
                />
                <circle cx={MID} cy={MID + 1} r={2.5} fill={ANNOTATION_COLORS.lime} />
              </>
            }
          >
            {t('legend.annotation')}
          </Entry>
        </Section>
        <Section id="zones" title={t('legend.zones')}>
          <Entry
            id="zone"
            swatch={
              <>
                <polygon points="2,15 9,3 16,13" fill="none" stroke={ZONE_COLOR} strokeWidth={1.5} />
                <polyline points="2,15 9,3" fill="none" stroke={ZONE_ALARM_COLOR} strokeWidth={2.5} />
              </>
            }
          >
            {t('legend.zone')}
          </Entry>
        </Section>
        <Section id="tak" title={t('legend.tak')}>
          {entries(TAK_COLORS).map(([affiliation, color]) => (
            <Entry
              key={affiliation}
              id={`tak-${affiliation}`}
              swatch={
                <>
                  <circle cx={MID} cy={MID} r={6.5} fill="none" stroke={color} strokeWidth={1.5} />
                  <circle cx={MID} cy={MID} r={2.5} fill={color} />
                </>
              }
            >
              {t(`legend.takAffiliation.${affiliation}`)}
            </Entry>
          ))}
        </Section>
        <Section id="geography" title={t('legend.geography')}>
          <Entry id="border" swatch={<Line color={BASEMAP_COLORS.border} width={1.5} />}>
            {t('legend.border')}
          </Entry>
          <Entry id="river" swatch={<Line color={ORIENTATION_COLORS.river} width={2.5} />}>
            {t('legend.river')}
          </Entry>
          <Entry
            id="lake"
            swatch={
              <rect
                x={2}
                y={4}
                width={14}
                height={10}
                rx={4}
                fill={ORIENTATION_COLORS.lake}
                stroke={ORIENTATION_COLORS.lakeOutline}
              />
            }
          >
            {t('legend.lake')}
          </Entry>
          <Entry id="town" swatch={<circle cx={MID} cy={MID} r={2.5} fill={TOWN_COLOR} />}>
            {t('legend.town')}
          </Entry>
          <Entry
            id="airport"
            swatch={<Glyph text={ORIENTATION_GLYPHS.airport} color={ORIENTATION_COLORS.airport} size={13} />}
          >
            {t('legend.airport')}
          </Entry>
          <Entry
            id="port"
            swatch={<Glyph text={ORIENTATION_GLYPHS.port} color={ORIENTATION_COLORS.port} size={12} />}
          >
            {t('legend.port')}
          </Entry>
          <Entry
            id="peak"
            swatch={<Glyph text={ORIENTATION_GLYPHS.peak} color={ORIENTATION_COLORS.peak} size={10} />}
          >
            {t('legend.peak')}
          </Entry>
        </Section>
        <p className="legend-source">{t('legend.source', { source: NATURAL_EARTH })}</p>
      </div>
    </aside>
  );
}
