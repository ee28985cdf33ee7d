import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { IMPACT_LEVELS, UNIT_KINDS, type ImpactLevel } from '../../../shared/domain';
import type { Sector } from '../../../shared/state';
import { label } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { Time, useOpNow, usePendingActions } from './common';
import { formatCount } from './format';
import { countryName, sectorCentre, sectorSummaries, type SectorSummary } from './selectors';

function focusSector(sector: Sector): void {
  ui.select({ kind: 'sector', id: sector.sectorId });
  const centre = sectorCentre(sector);
  if (centre) ui.flyTo(centre[0], centre[1], 10);
}

/**
 * The impact level with its change form. A change is an operational decision that is logged and
 * shared with the partners, so it asks for a reason inline before it is sent (not a modal prompt,
 * which would block the whole window and the feed behind it).
 */
function ImpactControl({ sector, pendingLevel }: { sector: Sector; pendingLevel: ImpactLevel | undefined }) {
  const { t } = useTranslation('sectors');
  const [draft, setDraft] = useState<ImpactLevel | null>(null);
  const [reason, setReason] = useState('');
  const cancel = (): void => {
    setDraft(null);
    setReason('');
  };
  const apply = (): void => {
    if (draft === null) return;
    void ui.setImpact(sector.sectorId, draft, reason.trim() || undefined);
    cancel();
  };
  return (
    <div className="wf-impact">
      <select
        className={`wf-select wf-impact-select wf-impact-${draft ?? sector.impactLevel}`}
        aria-label={t('impact.label', { sector: sector.name })}
        data-testid="impact-select"
        value={draft ?? sector.impactLevel}
        onChange={(e) => {
          const level = IMPACT_LEVELS.find((l) => l === e.target.value);
          setDraft(level === undefined || level === sector.impactLevel ? null : level);
        }}
      >
        {IMPACT_LEVELS.map((l) => (
          <option key={l} value={l}>
            {label('impactLevel', l)}
          </option>
        ))}
      </select>
      {pendingLevel !== undefined && pendingLevel !== sector.impactLevel && (
        <span className="wf-pending" data-testid="impact-pending">
          {t('impact.pending', { level: label('impactLevel', pendingLevel) })}
        </span>
      )}
      {draft !== null && (
        <form
          className="wf-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <input
            className="wf-input"
            // Focus moves here so the officer can type the reason straight after choosing the level.
            autoFocus
            placeholder={t('impact.reasonPlaceholder', { level: label('impactLevel', draft) })}
            aria-label={t('impact.reasonLabel')}
            data-testid="impact-reason"
            maxLength={4000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') cancel();
            }}
          />
          <button type="submit" className="wf-button wf-button-primary" data-testid="impact-apply">
            {t('impact.set')}
          </button>
          <button
            type="button"
            className="wf-button wf-button-quiet"
            data-testid="impact-cancel"
            onClick={cancel}
          >
            {t('impact.cancel')}
          </button>
        </form>
      )}
    </div>
  );
}

function SectorCard({
  summary,
  pendingLevel,
  selected,
  opNow,
}: {
  summary: SectorSummary;
  pendingLevel: ImpactLevel | undefined;
  selected: boolean;
  opNow: number;
}) {
  const { t } = useTranslation('sectors');
  const { sector } = summary;
  const uncovered = summary.taskable === 0;
  return (
    <li
      className={`wf-sector-card${uncovered ? ' is-uncovered' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="sector-row"
      data-sector-id={sector.sectorId}
    >
      <div className="wf-sector-head">
        <button
          type="button"
          className="wf-link wf-sector-name"
          onClick={() => focusSector(sector)}
          title={t('showOnMap')}
        >
          {sector.name}
        </button>
        <span className="wf-muted-text" title={sector.countries.join(' / ')}>
          {sector.countries.map(countryName).join(' – ')}
        </span>
      </div>
      <ImpactControl sector={sector} pendingLevel={pendingLevel} />
      {sector.impactReason !== undefined && (
        <div className="wf-muted-text wf-impact-reason" title={sector.impactReason}>
          {sector.impactChangedAt !== null && <Time ms={sector.impactChangedAt} reference={opNow} />}{' '}
          {sector.impactReason}
        </div>
      )}
      <div className="wf-sector-figures">
        <span title={t('deployedHint')}>
          <Trans
            t={t}
            i18nKey="deployed"
            count={summary.deployed}
            values={{ n: formatCount(summary.deployed) }}
            components={[<strong key="n" data-testid="sector-deployed" />]}
          />
        </span>
        {UNIT_KINDS.filter((k) => (summary.deployedByKind[k] ?? 0) > 0).map((k) => (
          <span key={k} className="wf-chip" data-kind={k}>
            {label('unitKind', k)} {formatCount(summary.deployedByKind[k] ?? 0)}
          </span>
        ))}
        <span title={t('incidentsHint')}>
          <Trans
            t={t}
            i18nKey="incidents24h"
            count={summary.incidents24h}
            values={{ n: formatCount(summary.incidents24h) }}
            components={[<strong key="n" data-testid="sector-incidents-24h" />]}
          />
        </span>
      </div>
      {uncovered && (
        <div className="wf-warning" data-testid="sector-uncovered" role="status">
          {t('uncoveredWarning')}
        </div>
      )}
    </li>
  );
}

/** Every sector with its impact level, deployment and recent activity. */
export function SectorBoard() {
  const sectors = useUi((s) => s.state.sectors);
  const units = useUi((s) => s.state.units);
  const incidents = useUi((s) => s.state.incidents);
  const selection = useUi((s) => s.selection);
  const opNow = useOpNow();
  const pending = usePendingActions();
  const { t } = useTranslation('sectors');
  const summaries = useMemo(
    () => sectorSummaries(sectors, units, incidents, opNow),
    [sectors, units, incidents, opNow],
  );
  const uncovered = summaries.filter((s) => s.taskable === 0).length;
  const selectedId = selection?.kind === 'sector' ? selection.id : null;
  return (
    <section className="wf-panel wf-sectors" data-testid="sector-board" aria-label={t('ariaLabel')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('title')}</h2>
        <span className="wf-muted-text">{formatCount(summaries.length)}</span>
        {uncovered > 0 && (
          <span className="wf-chip is-lost" title={t('uncoveredHint')}>
            {t('uncovered', { count: uncovered, n: formatCount(uncovered) })}
          </span>
        )}
      </header>
      <div className="wf-scroll">
        {summaries.length === 0 ? (
          <p className="wf-empty">{t('empty')}</p>
        ) : (
          <ul className="wf-sector-list">
            {summaries.map((s) => (
              <SectorCard
                key={s.sector.sectorId}
                summary={s}
                pendingLevel={pending.impacts.get(s.sector.sectorId)}
                selected={s.sector.sectorId === selectedId}
                opNow={opNow}
              />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
