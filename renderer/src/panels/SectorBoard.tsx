import { useMemo, useState } from 'react';
import { IMPACT_LEVELS, UNIT_KINDS, type ImpactLevel } from '../../../shared/domain';
import type { Sector } from '../../../shared/state';
import { ui, useUi } from '../store/uiStore';
import { Time, useOpNow, usePendingActions } from './common';
import { humanize } from './format';
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
        aria-label={`Impact level of ${sector.name}`}
        data-testid="impact-select"
        value={draft ?? sector.impactLevel}
        onChange={(e) => {
          const level = IMPACT_LEVELS.find((l) => l === e.target.value);
          setDraft(level === undefined || level === sector.impactLevel ? null : level);
        }}
      >
        {IMPACT_LEVELS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      {pendingLevel !== undefined && pendingLevel !== sector.impactLevel && (
        <span className="wf-pending" data-testid="impact-pending">
          → {pendingLevel}…
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
            placeholder={`Reason for ${draft}…`}
            aria-label="Reason for the change"
            data-testid="impact-reason"
            maxLength={4000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') cancel();
            }}
          />
          <button type="submit" className="wf-button wf-button-primary" data-testid="impact-apply">
            Set
          </button>
          <button
            type="button"
            className="wf-button wf-button-quiet"
            data-testid="impact-cancel"
            onClick={cancel}
          >
            Cancel
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
          title="Show on the map"
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
        <span title="Units on duty in the sector">
          <strong data-testid="sector-deployed">{summary.deployed}</strong> deployed
        </span>
        {UNIT_KINDS.filter((k) => (summary.deployedByKind[k] ?? 0) > 0).map((k) => (
          <span key={k} className="wf-chip" data-kind={k}>
            {humanize(k)} {summary.deployedByKind[k]}
          </span>
        ))}
        <span title="Incidents reported in the last 24 h of operation time">
          <strong data-testid="sector-incidents-24h">{summary.incidents24h}</strong> incidents / 24 h
        </span>
      </div>
      {uncovered && (
        <div className="wf-warning" data-testid="sector-uncovered" role="status">
          No available unit in this sector
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
  const summaries = useMemo(
    () => sectorSummaries(sectors, units, incidents, opNow),
    [sectors, units, incidents, opNow],
  );
  const uncovered = summaries.filter((s) => s.taskable === 0).length;
  const selectedId = selection?.kind === 'sector' ? selection.id : null;
  return (
    <section className="wf-panel wf-sectors" data-testid="sector-board" aria-label="Sector board">
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">Sectors</h2>
        <span className="wf-muted-text">{summaries.length}</span>
        {uncovered > 0 && (
          <span className="wf-chip is-lost" title="Sectors without an available or patrolling unit">
            {uncovered} uncovered
          </span>
        )}
      </header>
      <div className="wf-scroll">
        {summaries.length === 0 ? (
          <p className="wf-empty">No sectors yet.</p>
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
