import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident, Unit } from '../../../../shared/state';
import { label, t as translate } from '../../i18n/i18n';
import { ui, useUi } from '../../store/uiStore';
import { formatAge, formatDistance } from '../format';
import { ASSIGN_GROUPS, assignCandidates, type AssignCandidate } from '../selectors';
import { type Records } from './parts';

/**
 * One option of the assign list: callsign, distance, freshness, then status. A unit out of contact
 * says so before its status, which is only the last one it reported.
 */
function candidateText(c: AssignCandidate): string {
  const parts = [c.unit.callsign];
  if (c.distanceKm !== null) parts.push(formatDistance(c.distanceKm * 1000));
  if (c.freshness === 'lost')
    parts.push(
      c.ageMs === null
        ? translate('drawer:assign.neverReported')
        : translate('drawer:assign.lost', { age: formatAge(c.ageMs) }),
      translate('drawer:assign.lastStatus', { status: label('unitStatus', c.unit.status) }),
    );
  else {
    parts.push(label('unitStatus', c.unit.status));
    if (c.freshness === 'stale' && c.ageMs !== null)
      parts.push(translate('drawer:assign.stale', { age: formatAge(c.ageMs) }));
  }
  parts.push(label('unitKind', c.unit.kind));
  return parts.join(' · ');
}

export function AssignForm({
  incident,
  units,
  opNow,
}: {
  incident: Incident;
  units: Records<Unit>;
  opNow: number;
}) {
  const { t } = useTranslation('drawer');
  const settings = useUi((s) => s.settings);
  const candidates = useMemo(
    () => assignCandidates(units, incident, opNow, settings),
    [units, incident, opNow, settings],
  );
  const [unitId, setUnitId] = useState('');
  const chosen = candidates.some((c) => c.unit.unitId === unitId) ? unitId : '';
  return (
    <form
      className="wf-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen === '') return;
        void ui.issue('incident.assign', { incidentId: incident.incidentId, unitIds: [chosen] });
        setUnitId('');
      }}
    >
      <select
        className="wf-select wf-assign-select"
        aria-label={t('assign.label')}
        data-testid="assign-select"
        value={chosen}
        onChange={(e) => setUnitId(e.target.value)}
      >
        <option value="">{candidates.length === 0 ? t('assign.noCandidate') : t('assign.choose')}</option>
        {ASSIGN_GROUPS.map((group) => {
          const list = candidates.filter((c) => c.group === group);
          if (list.length === 0) return null;
          return (
            <optgroup key={group} label={t(`assign.group.${group}`)} data-group={group}>
              {list.map((c) => (
                <option
                  key={c.unit.unitId}
                  value={c.unit.unitId}
                  data-testid="assign-option"
                  data-group={group}
                  data-freshness={c.freshness}
                  data-distance-km={c.distanceKm === null ? undefined : c.distanceKm.toFixed(3)}
                >
                  {candidateText(c)}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
      <button type="submit" className="wf-button" data-testid="assign-button" disabled={chosen === ''}>
        {t('assign.submit')}
      </button>
    </form>
  );
}
