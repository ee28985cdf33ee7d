import { formatCoordinate } from '../../../shared/coordinates';
import { lngLat } from '../../../shared/units';
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { RESULT_COUNTS } from '../../../shared/domain';
import { getOwn } from '../../../shared/getOwn';
import type { Crossing, Incident, Sector, Unit } from '../../../shared/state';
import { countryName, label, t as translate } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { IncidentLink, PriorityBadge, Time, useOpNow, usePendingActions } from './common';
import { LinkedCases } from './LinkedCases';
import { formatAge, formatCount, formatDistance } from './format';
import { isOpenIncident, unitFreshness } from '../../../shared/domainRules';
import {
  ASSIGN_GROUPS,
  assignCandidates,
  compareUnits,
  lastReportAt,
  recentIncidents,
  unitsInSector,
  type AssignCandidate,
  type PendingActions,
} from './selectors';

/** Lists in the drawer stop here: it is a detail view, the roster and feed hold the rest. */
const LIST_LIMIT = 100;

type Records<T> = Readonly<Record<string, T>>;

/** The MGRS reference patrols report in, to the metre; a position off the grid (never in this region) as degrees. */
function mgrsOf(lon: number, lat: number): string {
  return Number.isFinite(lon) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90
    ? formatCoordinate(lngLat(lon, lat), 'mgrs')
    : translate('common:none');
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** A time with its age in operation time: "07:04 (12 min ago)". */
function TimeAgo({ ms, opNow }: { ms: number | null; opNow: number }) {
  const { t } = useTranslation('drawer');
  if (ms === null) return <span className="wf-muted-text">{t('common:none')}</span>;
  return (
    <>
      <Time ms={ms} reference={opNow} />{' '}
      <span className="wf-muted-text">{t('ago', { age: formatAge(opNow - ms) })}</span>
    </>
  );
}

function UnitLink({ unitId, units }: { unitId: string; units: Records<Unit> }) {
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

function SectorLink({ sectorId, sectors }: { sectorId: string | undefined; sectors: Records<Sector> }) {
  const { t } = useTranslation('drawer');
  if (sectorId === undefined) return <span className="wf-muted-text">{t('none')}</span>;
  return (
    <button type="button" className="wf-link" onClick={() => ui.select({ kind: 'sector', id: sectorId })}>
      {getOwn(sectors, sectorId)?.name ?? sectorId}
    </button>
  );
}

function NoteForm({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation('drawer');
  const [text, setText] = useState('');
  const submit = (): void => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    void ui.issue('incident.add_note', { incidentId, text: trimmed });
    setText('');
  };
  return (
    <form
      className="wf-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input
        className="wf-input"
        placeholder={t('note.placeholder')}
        aria-label={t('note.label')}
        data-testid="note-input"
        maxLength={4000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="wf-button" data-testid="note-submit" disabled={text.trim() === ''}>
        {t('note.add')}
      </button>
    </form>
  );
}

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

function AssignForm({ incident, units, opNow }: { incident: Incident; units: Records<Unit>; opNow: number }) {
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

function IncidentDetail({
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

function UnitDetail({
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

function UnitList({ list, units }: { list: readonly Unit[]; units: Records<Unit> }) {
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

function IncidentList({ list, opNow }: { list: readonly Incident[]; opNow: number }) {
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

function SectorDetail({
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

function CrossingDetail({
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

/** Everything about the selected incident, unit, sector or crossing, with the actions on it. */
export function DetailDrawer() {
  const { t } = useTranslation('drawer');
  const selection = useUi((s) => s.selection);
  const incidents = useUi((s) => s.state.incidents);
  const units = useUi((s) => s.state.units);
  const sectors = useUi((s) => s.state.sectors);
  const crossings = useUi((s) => s.state.crossings);
  const opNow = useOpNow();
  const pending = usePendingActions();
  if (selection === null) return null;

  let body: ReactNode;
  switch (selection.kind) {
    case 'incident': {
      const incident = getOwn(incidents, selection.id);
      body = incident && (
        <IncidentDetail
          incident={incident}
          incidents={incidents}
          units={units}
          sectors={sectors}
          crossings={crossings}
          pending={pending}
          opNow={opNow}
        />
      );
      break;
    }
    case 'unit': {
      const unit = getOwn(units, selection.id);
      body = unit && (
        <UnitDetail unit={unit} incidents={incidents} sectors={sectors} crossings={crossings} opNow={opNow} />
      );
      break;
    }
    case 'sector': {
      const sector = getOwn(sectors, selection.id);
      body = sector && <SectorDetail sector={sector} units={units} incidents={incidents} opNow={opNow} />;
      break;
    }
    case 'crossing': {
      const crossing = getOwn(crossings, selection.id);
      body = crossing && (
        <CrossingDetail
          crossing={crossing}
          units={units}
          incidents={incidents}
          sectors={sectors}
          opNow={opNow}
        />
      );
      break;
    }
  }

  return (
    <aside
      className="wf-drawer"
      data-testid="detail-drawer"
      data-kind={selection.kind}
      data-id={selection.id}
      aria-label={t('ariaLabel')}
    >
      <header className="wf-drawer-header">
        <span className="wf-drawer-kind">{t(`kind.${selection.kind}`)}</span>
        <button
          type="button"
          className="wf-button wf-button-quiet"
          data-testid="drawer-close"
          aria-label={t('close')}
          onClick={() => ui.select(null)}
        >
          {/* eslint-disable-next-line i18next/no-literal-string -- a glyph, not text: the button's name is its aria-label */}
          {'✕'}
        </button>
      </header>
      <div className="wf-drawer-body">
        {body ?? <p className="wf-muted-text">{t(`notInPicture.${selection.kind}`, { id: selection.id })}</p>}
      </div>
    </aside>
  );
}
