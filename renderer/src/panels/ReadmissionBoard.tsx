import { useMemo, useState } from 'react';
import { COUNTRY_NAMES } from '../../../shared/domain';
import {
  isReadmissionOpen,
  openReadmissions,
  personsHandedOver,
  readmissionPersons,
  readmissionUrgency,
} from '../../../shared/readmission';
import type { ReadmissionCase } from '../../../shared/state';
import { ui, useUi } from '../store/uiStore';
import { Time, useOpNow } from './common';
import { formatAge } from './format';

/** "in 2 h 05 min" or "overdue by 35 min": the countdown an officer reads at a glance. */
export function countdown(deadlineAt: number, now: number): string {
  const left = deadlineAt - now;
  return left >= 0 ? `${formatAge(left)} left` : `overdue by ${formatAge(-left)}`;
}

function country(code: string): string {
  return COUNTRY_NAMES[code] ?? code;
}

/** The actions the case allows now: the answer while it is requested, the handover once accepted. */
function CaseActions({ c }: { c: ReadmissionCase }) {
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const replaying = useUi((s) => s.replay !== null);
  if (replaying) return null;
  if (c.status === 'accepted')
    return (
      <div className="wf-readmission-actions">
        <button
          type="button"
          className="wf-button wf-button-primary"
          onClick={() => void ui.run('ops:recordHandover', { caseId: c.caseId })}
          data-testid={`readmission-handover-${c.caseId}`}
        >
          Record handover
        </button>
      </div>
    );
  if (c.status !== 'requested') return null;
  return refusing ? (
    <form
      className="wf-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return;
        void ui.run('ops:refuseReadmission', { caseId: c.caseId, reason: reason.trim() }).then((ok) => {
          if (ok) setRefusing(false);
        });
      }}
    >
      <input
        className="wf-input"
        value={reason}
        placeholder="Reason for the refusal"
        aria-label="Reason for the refusal"
        onChange={(e) => setReason(e.target.value)}
        data-testid={`readmission-reason-${c.caseId}`}
        autoFocus
      />
      <button type="submit" className="wf-button" disabled={!reason.trim()}>
        Refuse
      </button>
      <button type="button" className="wf-button wf-button-quiet" onClick={() => setRefusing(false)}>
        Cancel
      </button>
    </form>
  ) : (
    <div className="wf-readmission-actions">
      <button
        type="button"
        className="wf-button wf-button-primary"
        onClick={() => void ui.run('ops:acceptReadmission', { caseId: c.caseId })}
        data-testid={`readmission-accept-${c.caseId}`}
      >
        Accept
      </button>
      <button
        type="button"
        className="wf-button"
        onClick={() => setRefusing(true)}
        data-testid={`readmission-refuse-${c.caseId}`}
      >
        Refuse…
      </button>
    </div>
  );
}

function CaseCard({ c, now }: { c: ReadmissionCase; now: number }) {
  const crossing = useUi((s) => s.state.crossings[c.crossingId]);
  const urgency = readmissionUrgency(c, now);
  return (
    <li
      className={`wf-readmission is-${urgency}`}
      data-testid={`readmission-${c.caseId}`}
      data-urgency={urgency}
    >
      <div className="wf-readmission-head">
        <strong>{c.caseId}</strong>
        <span className="wf-chip">{c.status.replace('_', ' ')}</span>
        <span
          className={`wf-readmission-countdown is-${urgency}`}
          title={`Deadline ${new Date(c.deadlineAt).toISOString()}`}
        >
          {countdown(c.deadlineAt, now)}
        </span>
      </div>
      <div>
        {country(c.requestingCountry)} → {country(c.requestedCountry)}
        <span className="wf-muted-text"> at {crossing?.name ?? c.crossingId}</span>
      </div>
      <div className="wf-readmission-persons">
        <strong>{readmissionPersons(c)}</strong> persons:{' '}
        {c.persons.map((p) => (
          <span key={p.nationality} className="wf-chip" title={country(p.nationality)}>
            {p.nationality} {p.persons}
          </span>
        ))}
      </div>
      <div className="wf-muted-text">
        Requested <Time ms={c.requestedAt} reference={now} /> by {c.requestedBy}
        {c.acceptedAt !== null && (
          <>
            {' '}
            · accepted <Time ms={c.acceptedAt} reference={now} />
          </>
        )}
        {c.incidentIds.length > 0 && (
          <>
            {' '}
            ·{' '}
            {c.incidentIds.map((id) => (
              <button
                key={id}
                type="button"
                className="wf-link"
                onClick={() => ui.select({ kind: 'incident', id })}
              >
                {id}
              </button>
            ))}
          </>
        )}
      </div>
      <CaseActions c={c} />
    </li>
  );
}

/**
 * The readmission board: open cases of the simplified procedure, overdue first, then by deadline,
 * each with its countdown, and the officer's actions (accept, refuse with a reason, record the
 * handover) through the outbox.
 */
export function ReadmissionBoard() {
  const readmissions = useUi((s) => s.state.readmissions);
  const now = useOpNow();
  const open = useMemo(() => openReadmissions({ readmissions }, now), [readmissions, now]);
  const overdue = open.filter((c) => now > c.deadlineAt).length;
  const done = useMemo(
    () => Object.values(readmissions).filter((c) => !isReadmissionOpen(c)),
    [readmissions],
  );
  const handedOver = done.filter((c) => c.handedOverAt !== null);
  const refused = done.filter((c) => c.refusedAt !== null).length;
  return (
    <section
      className="wf-panel wf-readmissions"
      data-testid="readmission-board"
      aria-label="Readmission board"
    >
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">Readmission</h2>
        <span className="wf-muted-text">{open.length} open</span>
        {overdue > 0 && (
          <span className="wf-chip is-lost" data-testid="readmission-overdue">
            {overdue} overdue
          </span>
        )}
      </header>
      <p className="wf-muted-text wf-readmission-summary">
        Handed over: {handedOver.length} {handedOver.length === 1 ? 'case' : 'cases'},{' '}
        {handedOver.reduce((n, c) => n + personsHandedOver(c), 0)} persons · refused: {refused}
      </p>
      <div className="wf-scroll">
        {open.length === 0 ? (
          <p className="wf-empty">No open readmission case.</p>
        ) : (
          <ul className="wf-readmission-list">
            {open.map((c) => (
              <CaseCard key={c.caseId} c={c} now={now} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
