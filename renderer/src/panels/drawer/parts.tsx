import { formatCoordinate } from '../../../../shared/coordinates';
import { lngLat } from '../../../../shared/units';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../../shared/getOwn';
import type { Incident, Sector, Unit } from '../../../../shared/state';
import { label, t as translate } from '../../i18n/i18n';
import { ui } from '../../store/uiStore';
import { IncidentLink, Time } from '../common';
import { formatAge, formatCount } from '../format';

/** Lists in the drawer stop here: it is a detail view, the roster and feed hold the rest. */
export const LIST_LIMIT = 100;

export type Records<T> = Readonly<Record<string, T>>;

/** The MGRS reference patrols report in, to the metre; a position off the grid (never in this region) as degrees. */
export function mgrsOf(lon: number, lat: number): string {
  return Number.isFinite(lon) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90
    ? formatCoordinate(lngLat(lon, lat), 'mgrs')
    : translate('common:none');
}

export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** A time with its age in operation time: "07:04 (12 min ago)". */
export function TimeAgo({ ms, opNow }: { ms: number | null; opNow: number }) {
  const { t } = useTranslation('drawer');
  if (ms === null) return <span className="wf-muted-text">{t('common:none')}</span>;
  return (
    <>
      <Time ms={ms} reference={opNow} />{' '}
      <span className="wf-muted-text">{t('ago', { age: formatAge(opNow - ms) })}</span>
    </>
  );
}

export function UnitLink({ unitId, units }: { unitId: string; units: Records<Unit> }) {
  const unit = getOwn(units, unitId);
  return (
    <button
      type="button"
      className="wf-link"
      title={unitId}
      onClick={() => {
        ui.select({ kind: 'unit', id: unitId });
        if (unit?.position) ui.flyTo(unit.position.lon, unit.position.lat, 12);
      }}
    >
      {unit?.callsign ?? unitId}
    </button>
  );
}

export function SectorLink({
  sectorId,
  sectors,
}: {
  sectorId: string | undefined;
  sectors: Records<Sector>;
}) {
  const { t } = useTranslation('drawer');
  if (sectorId === undefined) return <span className="wf-muted-text">{t('none')}</span>;
  return (
    <button type="button" className="wf-link" onClick={() => ui.select({ kind: 'sector', id: sectorId })}>
      {getOwn(sectors, sectorId)?.name ?? sectorId}
    </button>
  );
}

export function UnitList({ list, units }: { list: readonly Unit[]; units: Records<Unit> }) {
  const { t } = useTranslation('drawer');
  if (list.length === 0) return <p className="wf-muted-text">{t('noneList')}</p>;
  const more = list.length - LIST_LIMIT;
  return (
    <ul className="wf-plain-list">
      {list.slice(0, LIST_LIMIT).map((u) => (
        <li key={u.unitId}>
          <UnitLink unitId={u.unitId} units={units} />{' '}
          <span className="wf-muted-text">{label('unitKind', u.kind)}</span>{' '}
          <span className={`wf-unit-status wf-unit-${u.status}`}>{label('unitStatus', u.status)}</span>
        </li>
      ))}
      {more > 0 && <li className="wf-muted-text">{t('moreUnits', { count: more, n: formatCount(more) })}</li>}
    </ul>
  );
}

export function IncidentList({ list, opNow }: { list: readonly Incident[]; opNow: number }) {
  const { t } = useTranslation('drawer');
  if (list.length === 0) return <p className="wf-muted-text">{t('noneList')}</p>;
  return (
    <ul className="wf-plain-list">
      {list.map((i) => (
        <li key={i.incidentId}>
          <IncidentLink incident={i} opNow={opNow} />
        </li>
      ))}
    </ul>
  );
}
