import { useMemo, useState } from 'react';
import { getOwn } from '../../../shared/getOwn';
import { Trans, useTranslation } from 'react-i18next';
import {
  openReadmissions,
  overdueReadmissionCount,
  readmissionPersons,
  readmissionUrgency,
  summariseReadmissions,
} from '../../../shared/readmission';
import type { ReadmissionCase } from '../../../shared/state';
import { countryName, i18n, label } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { Time, useOpNow } from './common';
import { formatAge, formatCount } from './format';

/** "2 h 05 min left" or "overdue by 35 min": the countdown an officer reads at a glance. */
export function countdown(deadlineAt: number, now: number): string {
  const left = deadlineAt - now;
  return left >= 0
    ? i18n.t('readmission:countdown.left', { age: formatAge(left) })
    : i18n.t('readmission:countdown.overdue', { age: formatAge(-left) });
}

/**
 * Text from the data (a crossing's name, an officer's) placed in a translated sentence by `Trans`: as
 * a prop, because `Trans` replaces an element's text children with the translation's, and shown as
 * it is (React escapes it).
 */
function Verbatim({ text }: { text: string }) {
  return <>{text}</>;
}

/** The actions the case allows now: the answer while it is requested, the handover once accepted. */
function CaseActions({ c }: { c: ReadmissionCase }) {
  const { t } = useTranslation('readmission');
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
          onClick={() => void ui.issue('readmission.record_handover', { caseId: c.caseId })}
          data-testid={`readmission-handover-${c.caseId}`}
        >
          {t('actions.recordHandover')}
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
        void ui.issue('readmission.refuse', { caseId: c.caseId, reason: reason.trim() }).then((ok) => {
          if (ok) setRefusing(false);
        });
      }}
    >
      <input
        className="wf-input"
        value={reason}
        placeholder={t('actions.reason')}
        aria-label={t('actions.reason')}
        onChange={(e) => setReason(e.target.value)}
        data-testid={`readmission-reason-${c.caseId}`}
        autoFocus
      />
      <button type="submit" className="wf-button" disabled={!reason.trim()}>
        {t('actions.confirmRefuse')}
      </button>
      <button type="button" className="wf-button wf-button-quiet" onClick={() => setRefusing(false)}>
        {t('actions.cancel')}
      </button>
    </form>
  ) : (
    <div className="wf-readmission-actions">
      <button
        type="button"
        className="wf-button wf-button-primary"
        onClick={() => void ui.issue('readmission.accept', { caseId: c.caseId })}
        data-testid={`readmission-accept-${c.caseId}`}
      >
        {t('actions.accept')}
      </button>
      <button
        type="button"
        className="wf-button"
        onClick={() => setRefusing(true)}
        data-testid={`readmission-refuse-${c.caseId}`}
      >
        {t('actions.refuse')}
      </button>
    </div>
  );
}

function CaseCard({ c, now }: { c: ReadmissionCase; now: number }) {
  const { t } = useTranslation('readmission');
  const crossing = useUi((s) => getOwn(s.state.crossings, c.crossingId));
  const urgency = readmissionUrgency(c, now);
  return (
    <li
      className={`wf-readmission is-${urgency}`}
      data-testid={`readmission-${c.caseId}`}
      data-urgency={urgency}
    >
      <div className="wf-readmission-head">
        <strong>{c.caseId}</strong>
        <span className="wf-chip">{label('readmissionStatus', c.status)}</span>
        <span
          className={`wf-readmission-countdown is-${urgency}`}
          title={t('deadline', { at: new Date(c.deadlineAt).toISOString() })}
        >
          {countdown(c.deadlineAt, now)}
        </span>
      </div>
      <div>
        {t('route', { from: countryName(c.requestingCountry), to: countryName(c.requestedCountry) })}
        <span className="wf-muted-text">
          {' '}
          {/* The crossing's name is data: it goes in as an element, shown as it is. */}
          <Trans
            t={t}
            i18nKey="atCrossing"
            components={[<Verbatim key="crossing" text={crossing?.name ?? c.crossingId} />]}
          />
        </span>
      </div>
      <div className="wf-readmission-persons">
        <Trans
          t={t}
          i18nKey="persons"
          count={readmissionPersons(c)}
          values={{ n: formatCount(readmissionPersons(c)) }}
          components={[<strong key="n" />]}
        />{' '}
        {c.persons.map((p) => (
          <span key={p.nationality} className="wf-chip" title={countryName(p.nationality)}>
            {p.nationality} {formatCount(p.persons)}
          </span>
        ))}
      </div>
      <div className="wf-muted-text">
        <Trans
          t={t}
          i18nKey="requested"
          components={[
            <Time key="time" ms={c.requestedAt} reference={now} />,
            <Verbatim key="by" text={c.requestedBy} />,
          ]}
        />
        {c.acceptedAt !== null && (
          <>
            {' '}
            <Trans
              t={t}
              i18nKey="accepted"
              components={[<Time key="time" ms={c.acceptedAt} reference={now} />]}
            />
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
  const { t } = useTranslation('readmission');
  const readmissions = useUi((s) => s.state.readmissions);
  const now = useOpNow();
  const open = useMemo(() => openReadmissions({ readmissions }, now), [readmissions, now]);
  const overdue = overdueReadmissionCount({ readmissions }, now);
  // Counted as the results board and the report count them.
  const total = useMemo(
    () => summariseReadmissions(Object.values(readmissions), now).total,
    [readmissions, now],
  );
  return (
    <section className="wf-panel wf-readmissions" data-testid="readmission-board" aria-label={t('ariaLabel')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('title')}</h2>
        <span className="wf-muted-text">
          {t('open', { count: open.length, n: formatCount(open.length) })}
        </span>
        {overdue > 0 && (
          <span className="wf-chip is-lost" data-testid="readmission-overdue">
            {t('overdue', { count: overdue, n: formatCount(overdue) })}
          </span>
        )}
      </header>
      <p className="wf-muted-text wf-readmission-summary">
        {t('summary', {
          cases: t('summaryCases', { count: total.handedOver, n: formatCount(total.handedOver) }),
          persons: t('summaryPersons', {
            count: total.personsHandedOver,
            n: formatCount(total.personsHandedOver),
          }),
          refused: formatCount(total.refused),
        })}
      </p>
      <div className="wf-scroll">
        {open.length === 0 ? (
          <p className="wf-empty">{t('empty')}</p>
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
