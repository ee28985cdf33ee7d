import { Fragment } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { RESULT_COUNTS } from '../../../../shared/domain';
import { getOwn } from '../../../../shared/getOwn';
import type { Crossing, Incident, Sector, Unit } from '../../../../shared/state';
import { countryName, label } from '../../i18n/i18n';
import { ui } from '../../store/uiStore';
import { PriorityBadge, Time } from '../common';
import { LinkedCases } from '../LinkedCases';
import { formatCount } from '../format';
import { isOpenIncident } from '../../../../shared/domainRules';
import { type PendingActions } from '../selectors';
import { AssignForm } from './AssignForm';
import { NoteForm } from './NoteForm';
import { type Records, mgrsOf, Field, TimeAgo, UnitLink, SectorLink } from './parts';

export function IncidentDetail({
  incident,
  incidents,
  units,
  sectors,
  crossings,
  pending,
  opNow,
}: {
  incident: Incident;
  incidents: Records<Incident>;
  units: Records<Unit>;
  sectors: Records<Sector>;
  crossings: Records<Crossing>;
  pending: PendingActions;
  opNow: number;
}) {
  const { t } = useTranslation('drawer');
  const id = incident.incidentId;
  const acking = pending.acknowledging.has(id) && incident.acknowledgedAt === null;
  const assigning = pending.assigning.get(id) ?? [];
  const pendingNotes = pending.notes.get(id) ?? [];
  const counts = RESULT_COUNTS.filter((c) => (incident.counts[c] ?? 0) > 0);
  const open = isOpenIncident(incident);
  return (
    <>
      <h3 className="wf-drawer-title">
        <PriorityBadge priority={incident.priority} /> {incident.title}
      </h3>
      <dl className="wf-fields">
        <Field label={t('field.id')}>{id}</Field>
        <Field label={t('field.category')}>{label('incidentCategory', incident.category)}</Field>
        <Field label={t('field.status')} testId="drawer-status">
          {acking ? t('acknowledging') : label('incidentStatus', incident.status)}
        </Field>
        <Field label={t('field.sector')}>
          <SectorLink sectorId={incident.sectorId} sectors={sectors} />
        </Field>
        <Field label={t('field.position')}>
          {incident.lat.toFixed(5)}, {incident.lon.toFixed(5)}
        </Field>
        <Field label={t('field.mgrs')} testId="drawer-mgrs">
          {mgrsOf(incident.lon, incident.lat)}
        </Field>
        {incident.reportedBy !== undefined && (
          <Field label={t('field.reportedBy')}>
            <UnitLink unitId={incident.reportedBy} units={units} />
          </Field>
        )}
        {incident.description !== undefined && (
          <Field label={t('field.description')}>{incident.description}</Field>
        )}
      </dl>

      <h4>{t('section.lifecycle')}</h4>
      <dl className="wf-fields">
        <Field label={t('field.reported')}>
          <TimeAgo ms={incident.reportedAt} opNow={opNow} />
        </Field>
        <Field label={t('field.acknowledged')}>
          {incident.acknowledgedAt !== null ? (
            // The time and the operator go in as elements: the name is data, shown as it is.
            <Trans
              t={t}
              i18nKey="acknowledgedBy"
              components={[
                <Time key="time" ms={incident.acknowledgedAt} reference={opNow} />,
                <Fragment key="who">{incident.acknowledgedBy ?? t('unknownOperator')}</Fragment>,
              ]}
            />
          ) : acking ? (
            <span className="wf-pending">{t('acknowledging')}</span>
          ) : open ? (
            <button
              type="button"
              className="wf-button wf-ack"
              data-testid="drawer-ack"
              onClick={() => void ui.issue('incident.acknowledge', { incidentId: id })}
            >
              {t('acknowledge')}
            </button>
          ) : (
            t('common:none')
          )}
        </Field>
        <Field label={t('field.assigned')}>
          {incident.assignedAt !== null && <Time ms={incident.assignedAt} reference={opNow} />}{' '}
          {incident.assignedUnitIds.length === 0 && assigning.length === 0 && (
            <span className="wf-muted-text">{t('noUnit')}</span>
          )}
          {incident.assignedUnitIds.map((u) => (
            <span key={u} className="wf-chip">
              <UnitLink unitId={u} units={units} />
            </span>
          ))}
          {assigning
            .filter((u) => !incident.assignedUnitIds.includes(u))
            .map((u) => (
              <span key={u} className="wf-chip wf-pending" title={t('assignmentPending')}>
                {t('assigningUnit', { callsign: getOwn(units, u)?.callsign ?? u })}
              </span>
            ))}
        </Field>
        <Field label={t('field.resolved')}>
          {incident.resolvedAt !== null ? (
            <>
              <Time ms={incident.resolvedAt} reference={opNow} />
              {incident.outcome !== null && <> — {incident.outcome}</>}
            </>
          ) : (
            t('common:none')
          )}
        </Field>
        <Field label={t('field.closed')}>
          <Time ms={incident.closedAt} reference={opNow} />
        </Field>
      </dl>

      {open && (
        <>
          <h4>{t('section.assignUnit')}</h4>
          <AssignForm key={id} incident={incident} units={units} opNow={opNow} />
        </>
      )}

      {counts.length > 0 && (
        <>
          <h4>{t('section.counts')}</h4>
          <dl className="wf-fields">
            {counts.map((c) => (
              <Field key={c} label={t(`counts.${c}`)}>
                {formatCount(incident.counts[c] ?? 0, c === 'drugsKg')}
              </Field>
            ))}
          </dl>
        </>
      )}

      {incident.partnerReferences.length > 0 && (
        <>
          <h4>{t('section.partnerReferences')}</h4>
          <dl className="wf-fields">
            {incident.partnerReferences.map((r, n) => (
              <Field key={`${r.kind}:${r.reference}:${n}`} label={label('partnerReferenceKind', r.kind)}>
                {r.reference}
              </Field>
            ))}
          </dl>
        </>
      )}

      <LinkedCases incident={incident} incidents={incidents} pending={pending} opNow={opNow} />

      {incident.readmission && (
        <>
          <h4>{t('section.readmission')}</h4>
          <dl className="wf-fields">
            <Field label={t('field.from')}>{countryName(incident.readmission.fromCountry)}</Field>
            <Field label={t('field.to')}>{countryName(incident.readmission.toCountry)}</Field>
            <Field label={t('field.crossing')}>
              <button
                type="button"
                className="wf-link"
                onClick={() => ui.select({ kind: 'crossing', id: incident.readmission?.crossingId ?? '' })}
              >
                {getOwn(crossings, incident.readmission.crossingId)?.name ?? incident.readmission.crossingId}
              </button>
            </Field>
            <Field label={t('field.persons')}>{formatCount(incident.readmission.persons)}</Field>
          </dl>
        </>
      )}

      <h4>{t('section.notes')}</h4>
      <ul className="wf-notes" data-testid="notes">
        {incident.notes.length === 0 && pendingNotes.length === 0 && (
          <li className="wf-muted-text">{t('note.none')}</li>
        )}
        {incident.notes.map((n) => (
          <li key={n.noteId} data-testid="note">
            <div className="wf-note-meta">
              {n.author} · <Time ms={n.at} reference={opNow} />
            </div>
            <div className="wf-note-text">{n.text}</div>
          </li>
        ))}
        {pendingNotes.map((n) => (
          <li key={n.commandId} className="wf-pending" data-testid="note-pending">
            <div className="wf-note-meta">{t('note.sending', { author: n.author })}</div>
            <div className="wf-note-text">{n.text}</div>
          </li>
        ))}
      </ul>
      <NoteForm key={id} incidentId={id} />
    </>
  );
}
