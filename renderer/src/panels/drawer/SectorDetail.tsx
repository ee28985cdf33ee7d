import { useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Incident, Sector, Unit } from '../../../../shared/state';
import { countryName, label } from '../../i18n/i18n';
import { Time } from '../common';
import { formatCount } from '../format';
import { recentIncidents, unitsInSector } from '../selectors';
import { type Records, Field, UnitList, IncidentList } from './parts';

export function SectorDetail({
  sector,
  units,
  incidents,
  opNow,
}: {
  sector: Sector;
  units: Records<Unit>;
  incidents: Records<Incident>;
  opNow: number;
}) {
  const { t } = useTranslation('drawer');
  const members = useMemo(() => unitsInSector(units, sector.sectorId), [units, sector.sectorId]);
  const recent = useMemo(
    () => recentIncidents(incidents, (i) => i.sectorId === sector.sectorId, 20),
    [incidents, sector.sectorId],
  );
  return (
    <>
      <h3 className="wf-drawer-title">{sector.name}</h3>
      <dl className="wf-fields">
        <Field label={t('field.id')}>{sector.sectorId}</Field>
        <Field label={t('field.countries')}>{sector.countries.map((c) => countryName(c)).join(' – ')}</Field>
        <Field label={t('field.responsible')}>{label('agency', sector.responsibleAgency)}</Field>
        <Field label={t('field.impactLevel')}>
          <span className={`wf-impact-tag wf-impact-${sector.impactLevel}`}>
            {label('impactLevel', sector.impactLevel)}
          </span>
          {sector.impactChangedAt !== null && (
            <>
              {' '}
              <Trans
                t={t}
                i18nKey="impactSince"
                components={[<Time key="time" ms={sector.impactChangedAt} reference={opNow} />]}
              />
            </>
          )}
        </Field>
        {sector.impactReason !== undefined && <Field label={t('field.reason')}>{sector.impactReason}</Field>}
      </dl>
      <h4>{t('section.units', { n: formatCount(members.length) })}</h4>
      <UnitList list={members} units={units} />
      <h4>{t('section.recentIncidents')}</h4>
      <IncidentList list={recent} opNow={opNow} />
    </>
  );
}
