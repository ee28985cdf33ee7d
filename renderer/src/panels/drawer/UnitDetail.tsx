import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../../shared/getOwn';
import type { Crossing, Incident, Sector, Unit } from '../../../../shared/state';
import { countryName, label } from '../../i18n/i18n';
import { ui, useUi } from '../../store/uiStore';
import { IncidentLink } from '../common';
import { formatCount } from '../format';
import { unitFreshness } from '../../../../shared/domainRules';
import { lastReportAt } from '../selectors';
import { type Records, mgrsOf, Field, TimeAgo, SectorLink } from './parts';

export function UnitDetail({
  unit,
  incidents,
  sectors,
  crossings,
  opNow,
}: {
  unit: Unit;
  incidents: Records<Incident>;
  sectors: Records<Sector>;
  crossings: Records<Crossing>;
  opNow: number;
}) {
  const { t } = useTranslation('drawer');
  const settings = useUi((s) => s.settings);
  const freshness = unitFreshness(unit, opNow, settings);
  const current = unit.incidentId === null ? undefined : getOwn(incidents, unit.incidentId);
  const p = unit.position;
  return (
    <>
      <h3 className="wf-drawer-title">{unit.callsign}</h3>
      <dl className="wf-fields">
        <Field label={t('field.id')}>{unit.unitId}</Field>
        <Field label={t('field.kind')}>{label('unitKind', unit.kind)}</Field>
        <Field label={t('field.agency')}>
          {label('agency', unit.agency)} · {unit.organisation}
        </Field>
        <Field label={t('field.country')}>{countryName(unit.country)}</Field>
        <Field label={t('field.sector')}>
          <SectorLink sectorId={unit.sectorId} sectors={sectors} />
        </Field>
        {unit.crossingId !== undefined && (
          <Field label={t('field.crossing')}>
            <button
              type="button"
              className="wf-link"
              onClick={() => ui.select({ kind: 'crossing', id: unit.crossingId ?? '' })}
            >
              {getOwn(crossings, unit.crossingId)?.name ?? unit.crossingId}
            </button>
          </Field>
        )}
        <Field label={t('field.status')} testId="drawer-unit-status">
          {label('unitStatus', unit.status)}
        </Field>
        <Field label={t('field.since')}>
          <TimeAgo ms={unit.statusSince} opNow={opNow} />
        </Field>
        <Field label={t('field.incident')}>
          {current ? (
            <IncidentLink incident={current} opNow={opNow} />
          ) : unit.incidentId !== null ? (
            unit.incidentId
          ) : (
            <span className="wf-muted-text">{t('none')}</span>
          )}
        </Field>
      </dl>
      <h4>{t('section.lastPosition')}</h4>
      {p ? (
        <dl className="wf-fields">
          <Field label={t('field.reported')} testId="drawer-position-age">
            <TimeAgo ms={lastReportAt(unit)} opNow={opNow} />{' '}
            <span className={`wf-chip is-${freshness}`}>{t(`freshness.${freshness}`)}</span>
          </Field>
          <Field label={t('field.position')}>
            {p.lat.toFixed(5)}, {p.lon.toFixed(5)} {t('accuracy', { m: formatCount(Math.round(p.accuracy)) })}
          </Field>
          <Field label={t('field.mgrs')} testId="drawer-mgrs">
            {mgrsOf(p.lon, p.lat)}
          </Field>
          <Field label={t('field.headingSpeed')}>
            {t('headingSpeed', {
              heading: formatCount(Math.round(p.heading)),
              speed: formatCount(Math.round(p.speed * 3.6)),
            })}
          </Field>
        </dl>
      ) : (
        <p className="wf-muted-text">
          {t('noPosition')} <span className="wf-chip is-lost">{t('freshness.lost')}</span>
        </p>
      )}
    </>
  );
}
