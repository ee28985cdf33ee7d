import { Fragment, useMemo, useState } from 'react';
import { getOwn } from '../../../shared/getOwn';
import { Trans, useTranslation } from 'react-i18next';
import type { Incident, LinkedCase } from '../../../shared/state';
import { label } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { IncidentLink, PriorityBadge, Time } from './common';
import { formatCount } from './format';
import { casesOfIncident, linkCandidates, unlinkKey, type PendingActions } from './selectors';

/**
 * The detail drawer's linked cases: the cases an incident is in (one network seen in several
 * sectors), the other incidents of each, and the officer's actions: link it with others, as a new
 * case or into one that exists, and take it out of a case when the link was wrong. Case names come
 * from the feed or from officers: they are shown as they are.
 */

type Records<T> = Readonly<Record<string, T>>;

/** The value of the case picker that opens a new case. */
const NEW_CASE = '';
/** Incidents one link command carries at the most, this one included (protocol §12). */
const LINK_MAX = 50;

function IncidentRow({ incident, opNow }: { incident: Incident; opNow: number }) {
  return (
    <>
      <IncidentLink incident={incident} opNow={opNow} />{' '}
      <span className="wf-muted-text">{label('incidentCategory', incident.category)}</span>
    </>
  );
}

function CaseCard({
  linkedCase,
  incident,
  incidents,
  pending,
  opNow,
}: {
  linkedCase: LinkedCase;
  incident: Incident;
  incidents: Records<Incident>;
  pending: PendingActions;
  opNow: number;
}) {
  const { t } = useTranslation('links');
  const others = linkedCase.incidentIds.filter((id) => id !== incident.incidentId);
  const unlinking = pending.unlinking.has(unlinkKey(linkedCase.caseId, incident.incidentId));
  return (
    <li className="wf-linked-case" data-testid="linked-case">
      <div className="wf-linked-case-head">
        <strong data-testid="linked-case-title">{linkedCase.title}</strong>{' '}
        <span className="wf-muted-text">
          {t('incidents', { count: linkedCase.incidentIds.length })} ·{' '}
          <Trans
            t={t}
            i18nKey="opened"
            components={[
              <Time key="time" ms={linkedCase.openedAt} reference={opNow} />,
              <Fragment key="who">{linkedCase.openedBy}</Fragment>,
            ]}
          />
        </span>
      </div>
      <ul className="wf-linked-incidents">
        {others.map((id) => {
          const other = getOwn(incidents, id);
          return (
            <li key={id} data-testid="linked-incident">
              {other ? (
                <IncidentRow incident={other} opNow={opNow} />
              ) : (
                <span title={t('notInPicture')}>{id}</span>
              )}
            </li>
          );
        })}
      </ul>
      {unlinking ? (
        <span className="wf-pending">{t('unlinking')}</span>
      ) : (
        <button
          type="button"
          className="wf-button wf-button-quiet"
          title={t('unlinkTitle')}
          data-testid="unlink-button"
          onClick={() =>
            void ui.issue('incident.unlink', { caseId: linkedCase.caseId, incidentId: incident.incidentId })
          }
        >
          {t('unlink')}
        </button>
      )}
    </li>
  );
}

function LinkForm({
  incident,
  incidents,
  cases,
  opNow,
  onDone,
}: {
  incident: Incident;
  incidents: Records<Incident>;
  cases: Records<LinkedCase>;
  opNow: number;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('links');
  const [caseId, setCaseId] = useState(NEW_CASE);
  const [title, setTitle] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<'needTitle' | 'needIncident' | 'tooMany' | null>(null);
  const [sending, setSending] = useState(false);
  // Cases this incident is not in yet, newest first: the one being worked on is usually recent.
  const joinable = useMemo(
    () =>
      Object.values(cases)
        .filter((c) => !c.incidentIds.includes(incident.incidentId))
        .sort((a, b) => b.updatedAt - a.updatedAt),
    [cases, incident.incidentId],
  );
  // Only a case still offered: one the feed meanwhile linked this incident into falls back to "new".
  const target = caseId === NEW_CASE ? undefined : joinable.find((c) => c.caseId === caseId);
  const pickedCase = target?.caseId ?? NEW_CASE;
  const candidates = useMemo(
    () =>
      linkCandidates(incidents, incident, new Set(target?.incidentIds ?? []), query, (c) =>
        label('incidentCategory', c),
      ),
    // i18n.language: the category labels searched follow the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [incidents, incident, target, query, i18n.language],
  );
  const toggle = (id: string): void =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form
      className="wf-link-form"
      data-testid="link-form"
      onSubmit={(e) => {
        e.preventDefault();
        const others = [...chosen].filter(
          (id) => getOwn(incidents, id) !== undefined && !target?.incidentIds.includes(id),
        );
        if (!target && title.trim() === '') return setProblem('needTitle');
        if (!target && others.length === 0) return setProblem('needIncident');
        // One command carries 50 incidents at the most (protocol §12).
        if (others.length + 1 > LINK_MAX) return setProblem('tooMany');
        setProblem(null);
        // One click, one command: a second click while it is sent would open a second case.
        setSending(true);
        const incidentIds = [incident.incidentId, ...others];
        void ui
          .issue(
            'incident.link',
            target ? { caseId: target.caseId, incidentIds } : { title: title.trim(), incidentIds },
          )
          .then((ok) => {
            setSending(false);
            if (ok) onDone();
          });
      }}
    >
      <label className="wf-field-label">
        {t('form.case')}
        <select
          className="wf-select"
          data-testid="link-case"
          value={pickedCase}
          onChange={(e) => setCaseId(e.target.value)}
        >
          <option value={NEW_CASE}>{t('form.newCase')}</option>
          {joinable.map((c) => (
            <option key={c.caseId} value={c.caseId}>
              {t('form.existingCase', { title: c.title, count: c.incidentIds.length })}
            </option>
          ))}
        </select>
      </label>
      {!target && (
        <label className="wf-field-label">
          {t('form.title')}
          <input
            className="wf-input"
            data-testid="link-title"
            maxLength={200}
            value={title}
            placeholder={t('form.titlePlaceholder')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
      )}
      <input
        className="wf-input"
        type="search"
        data-testid="link-search"
        value={query}
        placeholder={t('form.search')}
        aria-label={t('form.search')}
        onChange={(e) => setQuery(e.target.value)}
      />
      <fieldset className="wf-link-candidates">
        <legend>{t('form.candidates', { chosen: formatCount(chosen.size) })}</legend>
        {candidates.length === 0 && <p className="wf-muted-text">{t('form.noCandidates')}</p>}
        {candidates.map((c) => (
          <label key={c.incidentId} className="wf-link-candidate" data-testid="link-candidate">
            <input type="checkbox" checked={chosen.has(c.incidentId)} onChange={() => toggle(c.incidentId)} />{' '}
            <PriorityBadge priority={c.priority} /> {c.title}{' '}
            <span className="wf-muted-text">
              {label('incidentCategory', c.category)} · <Time ms={c.reportedAt} reference={opNow} />
            </span>
          </label>
        ))}
      </fieldset>
      {problem && (
        <p className="wf-form-error" role="alert">
          {t(`form.${problem}`)}
        </p>
      )}
      <div className="wf-form-actions">
        <button
          type="submit"
          className="wf-button wf-button-primary"
          data-testid="link-submit"
          disabled={sending}
        >
          {t('form.submit')}
        </button>
        <button type="button" className="wf-button" onClick={onDone}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The drawer's section for an incident's linked cases. */
export function LinkedCases({
  incident,
  incidents,
  pending,
  opNow,
}: {
  incident: Incident;
  incidents: Records<Incident>;
  pending: PendingActions;
  opNow: number;
}) {
  const { t } = useTranslation('links');
  const cases = useUi((s) => s.state.linkedCases);
  const own = useMemo(() => casesOfIncident(cases, incident.incidentId), [cases, incident.incidentId]);
  const [linking, setLinking] = useState(false);
  const waiting = pending.linking.has(incident.incidentId);
  return (
    <>
      <h4>{t('section')}</h4>
      {own.length === 0 && !linking && <p className="wf-muted-text">{t('none')}</p>}
      {own.length > 0 && (
        <ul className="wf-linked-cases" data-testid="linked-cases">
          {own.map((c) => (
            <CaseCard
              key={c.caseId}
              linkedCase={c}
              incident={incident}
              incidents={incidents}
              pending={pending}
              opNow={opNow}
            />
          ))}
        </ul>
      )}
      {waiting && <p className="wf-pending">{t('linking')}</p>}
      {linking ? (
        <LinkForm
          key={incident.incidentId}
          incident={incident}
          incidents={incidents}
          cases={cases}
          opNow={opNow}
          onDone={() => setLinking(false)}
        />
      ) : (
        <button type="button" className="wf-button" data-testid="link-open" onClick={() => setLinking(true)}>
          {t('link')}
        </button>
      )}
    </>
  );
}
