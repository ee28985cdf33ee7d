import { useMemo, useState, type ReactNode } from 'react';
import { RESULT_COUNTS, type ResultCount } from '../../../shared/domain';
import type { Crossing, Incident, Sector, Unit } from '../../../shared/state';
import { ui, useUi } from '../store/uiStore';
import { PriorityBadge, Time, useOpNow, usePendingActions } from './common';
import { formatAge, formatCount, humanize } from './format';
import {
  assignableUnits,
  compareUnits,
  countryName,
  isOpenIncident,
  lastReportAt,
  recentIncidents,
  unitFreshness,
  unitsInSector,
  type PendingActions,
} from './selectors';

/** Lists in the drawer stop here: it is a detail view, the roster and feed hold the rest. */
const LIST_LIMIT = 100;

const COUNT_LABELS: Readonly<Record<ResultCount, string>> = {
  persons: 'Persons',
  migrants: 'Migrants',
  facilitators: 'Facilitators',
  stolenVehicles: 'Stolen vehicles',
  drugsKg: 'Drugs (kg)',
  cigarettes: 'Cigarettes (packs)',
  weapons: 'Weapons',
  falseDocuments: 'False documents',
  readmittedPersons: 'Readmitted persons',
};

type Records<T> = Readonly<Record<string, T>>;

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
  if (ms === null) return <span className="wf-muted-text">—</span>;
  return (
    <>
      <Time ms={ms} reference={opNow} /> <span className="wf-muted-text">({formatAge(opNow - ms)} ago)</span>
    </>
  );
}

function UnitLink({ unitId, units }: { unitId: string; units: Records<Unit> }) {
  const unit = units[unitId];
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

function IncidentLink({ incident, opNow }: { incident: Incident; opNow: number }) {
  return (
    <button
      type="button"
      className="wf-link wf-incident-link"
      onClick={() => {
        ui.select({ kind: 'incident', id: incident.incidentId });
        ui.flyTo(incident.lon, incident.lat, 11);
      }}
    >
      <PriorityBadge priority={incident.priority} /> <Time ms={incident.reportedAt} reference={opNow} />{' '}
      <span className="wf-ellipsis">{incident.title}</span>
    </button>
  );
}

function SectorLink({ sectorId, sectors }: { sectorId: string | undefined; sectors: Records<Sector> }) {
  if (sectorId === undefined) return <span className="wf-muted-text">none</span>;
  return (
    <button type="button" className="wf-link" onClick={() => ui.select({ kind: 'sector', id: sectorId })}>
      {sectors[sectorId]?.name ?? sectorId}
    </button>
  );
}

function NoteForm({ incidentId }: { incidentId: string }) {
  const [text, setText] = useState('');
  const submit = (): void => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    void ui.addNote(incidentId, trimmed);
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
        placeholder="Add a note…"
        aria-label="Note"
        data-testid="note-input"
        maxLength={4000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="wf-button" data-testid="note-submit" disabled={text.trim() === ''}>
        Add
      </button>
    </form>
  );
}

function AssignForm({ incident, units }: { incident: Incident; units: Records<Unit> }) {
  const candidates = useMemo(() => assignableUnits(units, incident), [units, incident]);
  const [unitId, setUnitId] = useState('');
  const chosen = candidates.some((u) => u.unitId === unitId) ? unitId : '';
  if (incident.sectorId === undefined)
    return <p className="wf-muted-text">No sector: assign from the map.</p>;
  return (
    <form
      className="wf-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen === '') return;
        void ui.assign(incident.incidentId, [chosen]);
        setUnitId('');
      }}
    >
      <select
        className="wf-select"
        aria-label="Unit to assign"
        data-testid="assign-select"
        value={chosen}
        onChange={(e) => setUnitId(e.target.value)}
      >
        <option value="">
          {candidates.length === 0 ? 'No available unit in the sector' : 'Choose a unit…'}
        </option>
        {candidates.map((u) => (
          <option key={u.unitId} value={u.unitId}>
            {u.callsign} · {humanize(u.kind)} · {humanize(u.status)}
          </option>
        ))}
      </select>
      <button type="submit" className="wf-button" data-testid="assign-button" disabled={chosen === ''}>
        Assign
      </button>
    </form>
  );
}

function IncidentDetail({
  incident,
  units,
  sectors,
  crossings,
  pending,
  opNow,
}: {
  incident: Incident;
  units: Records<Unit>;
  sectors: Records<Sector>;
  crossings: Records<Crossing>;
  pending: PendingActions;
  opNow: number;
}) {
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
        <Field label="Id">{id}</Field>
        <Field label="Category">{humanize(incident.category)}</Field>
        <Field label="Status" testId="drawer-status">
          {acking ? 'acknowledging…' : humanize(incident.status)}
        </Field>
        <Field label="Sector">
          <SectorLink sectorId={incident.sectorId} sectors={sectors} />
        </Field>
        <Field label="Position">
          {incident.lat.toFixed(5)}, {incident.lon.toFixed(5)}
        </Field>
        {incident.reportedBy !== undefined && (
          <Field label="Reported by">
            <UnitLink unitId={incident.reportedBy} units={units} />
          </Field>
        )}
        {incident.description !== undefined && <Field label="Description">{incident.description}</Field>}
      </dl>

      <h4>Lifecycle</h4>
      <dl className="wf-fields">
        <Field label="Reported">
          <TimeAgo ms={incident.reportedAt} opNow={opNow} />
        </Field>
        <Field label="Acknowledged">
          {incident.acknowledgedAt !== null ? (
            <>
              <Time ms={incident.acknowledgedAt} reference={opNow} /> by{' '}
              {incident.acknowledgedBy ?? 'unknown'}
            </>
          ) : acking ? (
            <span className="wf-pending">acknowledging…</span>
          ) : open ? (
            <button
              type="button"
              className="wf-button wf-ack"
              data-testid="drawer-ack"
              onClick={() => void ui.acknowledge(id)}
            >
              Acknowledge
            </button>
          ) : (
            '—'
          )}
        </Field>
        <Field label="Assigned">
          {incident.assignedAt !== null && <Time ms={incident.assignedAt} reference={opNow} />}{' '}
          {incident.assignedUnitIds.length === 0 && assigning.length === 0 && (
            <span className="wf-muted-text">no unit</span>
          )}
          {incident.assignedUnitIds.map((u) => (
            <span key={u} className="wf-chip">
              <UnitLink unitId={u} units={units} />
            </span>
          ))}
          {assigning
            .filter((u) => !incident.assignedUnitIds.includes(u))
            .map((u) => (
              <span key={u} className="wf-chip wf-pending" title="Assignment not yet confirmed by the server">
                {units[u]?.callsign ?? u} assigning…
              </span>
            ))}
        </Field>
        <Field label="Resolved">
          {incident.resolvedAt !== null ? (
            <>
              <Time ms={incident.resolvedAt} reference={opNow} />
              {incident.outcome !== null && <> — {incident.outcome}</>}
            </>
          ) : (
            '—'
          )}
        </Field>
        <Field label="Closed">
          <Time ms={incident.closedAt} reference={opNow} />
        </Field>
      </dl>

      {open && (
        <>
          <h4>Assign a unit</h4>
          <AssignForm key={id} incident={incident} units={units} />
        </>
      )}

      {counts.length > 0 && (
        <>
          <h4>Counts</h4>
          <dl className="wf-fields">
            {counts.map((c) => (
              <Field key={c} label={COUNT_LABELS[c]}>
                {formatCount(incident.counts[c] ?? 0, c === 'drugsKg')}
              </Field>
            ))}
          </dl>
        </>
      )}

      {incident.partnerReferences.length > 0 && (
        <>
          <h4>Partner references</h4>
          <dl className="wf-fields">
            {incident.partnerReferences.map((r, n) => (
              <Field key={`${r.kind}:${r.reference}:${n}`} label={humanize(r.kind)}>
                {r.reference}
              </Field>
            ))}
          </dl>
        </>
      )}

      {incident.readmission && (
        <>
          <h4>Readmission</h4>
          <dl className="wf-fields">
            <Field label="From">{countryName(incident.readmission.fromCountry)}</Field>
            <Field label="To">{countryName(incident.readmission.toCountry)}</Field>
            <Field label="Crossing">
              <button
                type="button"
                className="wf-link"
                onClick={() => ui.select({ kind: 'crossing', id: incident.readmission?.crossingId ?? '' })}
              >
                {crossings[incident.readmission.crossingId]?.name ?? incident.readmission.crossingId}
              </button>
            </Field>
            <Field label="Persons">{formatCount(incident.readmission.persons)}</Field>
          </dl>
        </>
      )}

      <h4>Notes</h4>
      <ul className="wf-notes" data-testid="notes">
        {incident.notes.length === 0 && pendingNotes.length === 0 && (
          <li className="wf-muted-text">No notes.</li>
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
            <div className="wf-note-meta">{n.author} · sending…</div>
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
  const settings = useUi((s) => s.settings);
  const freshness = unitFreshness(unit, opNow, settings);
  const current = unit.incidentId === null ? undefined : incidents[unit.incidentId];
  const p = unit.position;
  return (
    <>
      <h3 className="wf-drawer-title">{unit.callsign}</h3>
      <dl className="wf-fields">
        <Field label="Id">{unit.unitId}</Field>
        <Field label="Kind">{humanize(unit.kind)}</Field>
        <Field label="Agency">
          {humanize(unit.agency)} · {unit.organisation}
        </Field>
        <Field label="Country">{countryName(unit.country)}</Field>
        <Field label="Sector">
          <SectorLink sectorId={unit.sectorId} sectors={sectors} />
        </Field>
        {unit.crossingId !== undefined && (
          <Field label="Crossing">
            <button
              type="button"
              className="wf-link"
              onClick={() => ui.select({ kind: 'crossing', id: unit.crossingId ?? '' })}
            >
              {crossings[unit.crossingId]?.name ?? unit.crossingId}
            </button>
          </Field>
        )}
        <Field label="Status" testId="drawer-unit-status">
          {humanize(unit.status)}
        </Field>
        <Field label="Since">
          <TimeAgo ms={unit.statusSince} opNow={opNow} />
        </Field>
        <Field label="Incident">
          {current ? (
            <IncidentLink incident={current} opNow={opNow} />
          ) : unit.incidentId !== null ? (
            unit.incidentId
          ) : (
            <span className="wf-muted-text">none</span>
          )}
        </Field>
      </dl>
      <h4>Last position</h4>
      {p ? (
        <dl className="wf-fields">
          <Field label="Reported" testId="drawer-position-age">
            <TimeAgo ms={lastReportAt(unit)} opNow={opNow} />{' '}
            <span className={`wf-chip is-${freshness}`}>
              {freshness === 'lost' ? 'lost contact' : freshness}
            </span>
          </Field>
          <Field label="Position">
            {p.lat.toFixed(5)}, {p.lon.toFixed(5)} (±{Math.round(p.accuracy)} m)
          </Field>
          <Field label="Heading / speed">
            {Math.round(p.heading)}° · {(p.speed * 3.6).toFixed(0)} km/h
          </Field>
        </dl>
      ) : (
        <p className="wf-muted-text">
          No position reported. <span className="wf-chip is-lost">lost contact</span>
        </p>
      )}
    </>
  );
}

function UnitList({ list, units }: { list: readonly Unit[]; units: Records<Unit> }) {
  if (list.length === 0) return <p className="wf-muted-text">None.</p>;
  return (
    <ul className="wf-plain-list">
      {list.slice(0, LIST_LIMIT).map((u) => (
        <li key={u.unitId}>
          <UnitLink unitId={u.unitId} units={units} />{' '}
          <span className="wf-muted-text">{humanize(u.kind)}</span>{' '}
          <span className={`wf-unit-status wf-unit-${u.status}`}>{humanize(u.status)}</span>
        </li>
      ))}
      {list.length > LIST_LIMIT && <li className="wf-muted-text">+{list.length - LIST_LIMIT} more</li>}
    </ul>
  );
}

function IncidentList({ list, opNow }: { list: readonly Incident[]; opNow: number }) {
  if (list.length === 0) return <p className="wf-muted-text">None.</p>;
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
  const members = useMemo(() => unitsInSector(units, sector.sectorId), [units, sector.sectorId]);
  const recent = useMemo(
    () => recentIncidents(incidents, (i) => i.sectorId === sector.sectorId, 20),
    [incidents, sector.sectorId],
  );
  return (
    <>
      <h3 className="wf-drawer-title">{sector.name}</h3>
      <dl className="wf-fields">
        <Field label="Id">{sector.sectorId}</Field>
        <Field label="Countries">{sector.countries.map(countryName).join(' – ')}</Field>
        <Field label="Responsible">{humanize(sector.responsibleAgency)}</Field>
        <Field label="Impact level">
          <span className={`wf-impact-tag wf-impact-${sector.impactLevel}`}>{sector.impactLevel}</span>
          {sector.impactChangedAt !== null && (
            <>
              {' '}
              since <Time ms={sector.impactChangedAt} reference={opNow} />
            </>
          )}
        </Field>
        {sector.impactReason !== undefined && <Field label="Reason">{sector.impactReason}</Field>}
      </dl>
      <h4>Units ({members.length})</h4>
      <UnitList list={members} units={units} />
      <h4>Recent incidents</h4>
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
        <Field label="Id">{crossing.crossingId}</Field>
        <Field label="Kind">{humanize(crossing.kind)}</Field>
        <Field label="Countries">{crossing.countries.map(countryName).join(' – ')}</Field>
        <Field label="Sector">
          <SectorLink sectorId={crossing.sectorId} sectors={sectors} />
        </Field>
        <Field label="Position">
          {crossing.lat.toFixed(5)}, {crossing.lon.toFixed(5)}
        </Field>
      </dl>
      <h4>Units at the crossing</h4>
      <UnitList list={posted} units={units} />
      <h4>Readmissions here</h4>
      <IncidentList list={handovers} opNow={opNow} />
    </>
  );
}

/** Everything about the selected incident, unit, sector or crossing, with the actions on it. */
export function DetailDrawer() {
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
      const incident = incidents[selection.id];
      body = incident && (
        <IncidentDetail
          incident={incident}
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
      const unit = units[selection.id];
      body = unit && (
        <UnitDetail unit={unit} incidents={incidents} sectors={sectors} crossings={crossings} opNow={opNow} />
      );
      break;
    }
    case 'sector': {
      const sector = sectors[selection.id];
      body = sector && <SectorDetail sector={sector} units={units} incidents={incidents} opNow={opNow} />;
      break;
    }
    case 'crossing': {
      const crossing = crossings[selection.id];
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
      aria-label="Details"
    >
      <header className="wf-drawer-header">
        <span className="wf-drawer-kind">{selection.kind}</span>
        <button
          type="button"
          className="wf-button wf-button-quiet"
          data-testid="drawer-close"
          aria-label="Close details"
          onClick={() => ui.select(null)}
        >
          ✕
        </button>
      </header>
      <div className="wf-drawer-body">
        {body ?? (
          <p className="wf-muted-text">
            This {selection.kind} ({selection.id}) is not in the picture.
          </p>
        )}
      </div>
    </aside>
  );
}
