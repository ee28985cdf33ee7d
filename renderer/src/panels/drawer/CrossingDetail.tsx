import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Crossing, Incident, Sector, Unit } from '../../../../shared/state';
import { countryName, label } from '../../i18n/i18n';
import { compareUnits, recentIncidents } from '../selectors';
import { type Records, Field, SectorLink, UnitList, IncidentList } from './parts';

export function CrossingDetail({
  crossing,
  units,
  incidents,
  sectors,
  opNow,
}: {
  crossing: Crossing;
  units: Records<Unit>;
  incidents: Records<Incident>;
  sectors: Records<Sector>;
  opNow: number;
}) {
  const { t } = useTranslation('drawer');
  const posted = useMemo(
    () =>
      Object.values(units)
        .filter((u) => u.crossingId === crossing.crossingId)
        .sort(compareUnits),
    [units, crossing.crossingId],
  );
  const handovers = useMemo(
    () => recentIncidents(incidents, (i) => i.readmission?.crossingId === crossing.crossingId, 20),
    [incidents, crossing.crossingId],
  );
  return (
    <>
      <h3 className="wf-drawer-title">{crossing.name}</h3>
      <dl className="wf-fields">
        <Field label={t('field.id')}>{crossing.crossingId}</Field>
        <Field label={t('field.kind')}>{label('crossingKind', crossing.kind)}</Field>
        <Field label={t('field.countries')}>
          {crossing.countries.map((c) => countryName(c)).join(' – ')}
        </Field>
        <Field label={t('field.sector')}>
          <SectorLink sectorId={crossing.sectorId} sectors={sectors} />
        </Field>
        <Field label={t('field.position')}>
          {crossing.lat.toFixed(5)}, {crossing.lon.toFixed(5)}
        </Field>
      </dl>
      <h4>{t('section.unitsAtCrossing')}</h4>
      <UnitList list={posted} units={units} />
      <h4>{t('section.readmissionsHere')}</h4>
      <IncidentList list={handovers} opNow={opNow} />
    </>
  );
}
