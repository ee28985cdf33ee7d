import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { IMPACT_LEVELS, UNIT_KINDS, type ImpactLevel } from '../../../shared/domain';
import type { Sector } from '../../../shared/state';
import { label } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { Time, usePendingActions } from './common';
import { selectSectorBoard } from './panelSlices';
import { formatCount } from './format';
import {
  COVERAGE_FILTERS,
  countryName,
  SECTOR_SORTS,
  sectorBoardRows,
  sectorCentre,
  sectorSummaries,
  type SectorSummary,
  type SectorView,
} from './selectors';

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
    void ui.issue('sector.set_impact', {
      sectorId: sector.sectorId,
      impactLevel: draft,
      reason: reason.trim() || undefined,
    });
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
  const uncovered = summary.coverage === 0;
  return (
    <li
      className={`wf-sector-card${uncovered ? ' is-uncovered' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="sector-row"
      data-sector-id={sector.sectorId}
      data-coverage={summary.coverage}
      data-impact={sector.impactLevel}
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
        <span title={t('coverageHint')}>
          <Trans
            t={t}
            i18nKey="coverage"
            count={summary.coverage}
            values={{ n: formatCount(summary.coverage) }}
            components={[<strong key="n" data-testid="sector-coverage" />]}
          />
        </span>
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
      {uncovered ? (
        <div className="wf-warning" data-testid="sector-uncovered" role="status">
          {t('uncoveredWarning')}
        </div>
      ) : (
        summary.taskable === 0 && (
          <div className="wf-warning is-quiet" data-testid="sector-no-available">
            {t('noAvailableWarning')}
          </div>
        )
      )}
    </li>
  );
}

/** The board's sort and filters: what the commander asks first, the sectors nobody covers. */
function BoardControls({ view, onChange }: { view: SectorView; onChange: (view: SectorView) => void }) {
  const { t } = useTranslation('sectors');
  return (
    <div className="wf-filterbar wf-sector-filters">
      <select
        className="wf-select"
        aria-label={t('sort.label')}
        title={t('sort.label')}
        data-testid="sector-sort"
        value={view.sort}
        onChange={(e) => {
          const sort = SECTOR_SORTS.find((x) => x === e.target.value);
          if (sort) onChange({ ...view, sort });
        }}
      >
        {SECTOR_SORTS.map((x) => (
          <option key={x} value={x}>
            {t(`sort.${x}`)}
          </option>
        ))}
      </select>
      <select
        className="wf-select"
        aria-label={t('coverageFilter.label')}
        title={t('coverageFilter.label')}
        data-testid="sector-coverage-filter"
        value={view.coverage}
        onChange={(e) => {
          const coverage = COVERAGE_FILTERS.find((x) => x === e.target.value);
          if (coverage) onChange({ ...view, coverage });
        }}
      >
        {COVERAGE_FILTERS.map((x) => (
          <option key={x} value={x}>
            {t(`coverageFilter.${x}`)}
          </option>
        ))}
      </select>
      <select
        className="wf-select"
        aria-label={t('impactFilter.label')}
        title={t('impactFilter.label')}
        data-testid="sector-impact-filter"
        value={view.impactLevel ?? ''}
        onChange={(e) =>
          onChange({ ...view, impactLevel: IMPACT_LEVELS.find((x) => x === e.target.value) ?? null })
        }
      >
        <option value="">{t('impactFilter.all')}</option>
        {IMPACT_LEVELS.map((x) => (
          <option key={x} value={x}>
            {label('impactLevel', x)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every sector with its impact level, deployment and recent activity; sortable and filterable. */
export function SectorBoard() {
  // One slice: the units' positions and the ages move on the 1 Hz clock, not with each report.
  const { sectors, units, incidents, selection, settings, opNow } = useUi(selectSectorBoard);
  const pending = usePendingActions();
  const { t } = useTranslation('sectors');
  const [view, setView] = useState<SectorView>({ sort: 'name', coverage: 'all', impactLevel: null });
  const summaries = useMemo(
    () => sectorSummaries(sectors, units, incidents, opNow, settings),
    [sectors, units, incidents, opNow, settings],
  );
  const shown = useMemo(() => sectorBoardRows(summaries, view), [summaries, view]);
  const uncovered = summaries.filter((s) => s.coverage === 0).length;
  const selectedId = selection?.kind === 'sector' ? selection.id : null;
  return (
    <section className="wf-panel wf-sectors" data-testid="sector-board" aria-label={t('ariaLabel')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('title')}</h2>
        <span className="wf-muted-text" data-testid="sector-count">
          {shown.length === summaries.length
            ? formatCount(summaries.length)
            : `${formatCount(shown.length)} / ${formatCount(summaries.length)}`}
        </span>
        {uncovered > 0 && (
          <button
            type="button"
            className={`wf-chip wf-chip-button is-lost${view.coverage === 'uncovered' ? ' is-active' : ''}`}
            title={t('uncoveredHint')}
            aria-pressed={view.coverage === 'uncovered'}
            data-testid="sector-uncovered-count"
            onClick={() =>
              setView((v) => ({ ...v, coverage: v.coverage === 'uncovered' ? 'all' : 'uncovered' }))
            }
          >
            {t('uncovered', { count: uncovered, n: formatCount(uncovered) })}
          </button>
        )}
      </header>
      <BoardControls view={view} onChange={setView} />
      <div className="wf-scroll">
        {summaries.length === 0 ? (
          <p className="wf-empty">{t('empty')}</p>
        ) : shown.length === 0 ? (
          <p className="wf-empty">{t('noMatch')}</p>
        ) : (
          <ul className="wf-sector-list">
            {shown.map((s) => (
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
