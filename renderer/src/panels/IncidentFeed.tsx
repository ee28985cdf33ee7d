import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  INCIDENT_STATUSES,
  type IncidentPriority,
} from '../../../shared/domain';
import { isUnacknowledged } from '../../../shared/domainRules';
import { getOwn } from '../../../shared/getOwn';
import type { Incident, Sector } from '../../../shared/state';
import { countryName, label } from '../i18n/i18n';
import type { IncidentFilters } from '../store/types';
import { emptyFilters, ui, useUi } from '../store/uiStore';
import { FEED_ORDERS, orderIncidents, rowAfterKey, type FeedOrder } from './feedOrder';
import { focusIncident } from '../map/mapActions';
import { PriorityBadge, Time, usePendingActions } from './common';
import { selectFeed } from './panelSlices';
import { formatCount } from './format';
import {
  countUnacknowledged,
  filterIncidents,
  incidentsNewestFirst,
  operationCountries,
  sectorsByName,
  type PendingActions,
} from './selectors';

/** Row height in px; must match `.wf-feed-row` in panels.css (the virtualiser positions by it). */
const ROW_HEIGHT = 32;

/** The time windows the feed offers, in hours (null: all time). */
const WINDOW_HOURS: readonly (number | null)[] = [null, 1, 6, 24];
const HOUR_MS = 3_600_000;

/** A feed row, as the arrow keys find it. */
const ROW_SELECTOR = '[data-testid="incident-row"]';

/** The value of the list filter's option that says several values are chosen (never a real value). */
const SEVERAL = '__several';

/** What an incident's status reads as, with the officer's own unconfirmed actions shown as pending. */
function statusText(incident: Incident, pending: PendingActions, t: TFunction<'feed'>): string {
  if (pending.acknowledging.has(incident.incidentId) && incident.acknowledgedAt === null)
    return t('row.acknowledging');
  if (pending.assigning.has(incident.incidentId)) return t('row.assigning');
  return label('incidentStatus', incident.status);
}

/**
 * A one-value select over a list filter. The store's filters are lists (the map may set several);
 * when several are set, the select says so instead of pretending one is chosen.
 */
function ListFilter<T extends string | number>({
  label,
  testId,
  values,
  options,
  optionLabel,
  onChange,
}: {
  label: string;
  testId: string;
  values: readonly T[];
  options: readonly T[];
  optionLabel: (value: T) => string;
  onChange: (values: T[]) => void;
}) {
  const { t } = useTranslation('feed');
  const current = values.length === 0 ? '' : values.length === 1 ? String(values[0]) : SEVERAL;
  return (
    <select
      className="wf-select"
      aria-label={label}
      title={label}
      data-testid={testId}
      value={current}
      onChange={(e) => {
        const chosen = options.find((o) => String(o) === e.target.value);
        onChange(chosen === undefined ? [] : [chosen]);
      }}
    >
      <option value="">{t('filter.all', { label })}</option>
      {values.length > 1 && (
        <option value={SEVERAL} disabled>
          {t('filter.chosen', { label, count: values.length, n: formatCount(values.length) })}
        </option>
      )}
      {options.map((o) => (
        <option key={String(o)} value={String(o)}>
          {optionLabel(o)}
        </option>
      ))}
    </select>
  );
}

function FilterBar({
  filters,
  countries,
  sectors,
  order,
  setOrder,
}: {
  filters: IncidentFilters;
  order: FeedOrder;
  setOrder: (order: FeedOrder) => void;
  countries: readonly string[];
  sectors: readonly Sector[];
}) {
  const { t } = useTranslation('feed');
  const sectorIds = useMemo(() => sectors.map((s) => s.sectorId), [sectors]);
  const sectorNames = useMemo(() => new Map(sectors.map((s) => [s.sectorId, s.name])), [sectors]);
  const active =
    filters.categories.length +
      filters.priorities.length +
      filters.statuses.length +
      filters.countries.length +
      filters.sectorIds.length >
      0 ||
    filters.withinMs !== null ||
    filters.text !== '';
  return (
    <div className="wf-filterbar" role="search">
      <input
        className="wf-input wf-filter-text"
        type="search"
        placeholder={t('filter.searchPlaceholder')}
        aria-label={t('filter.search')}
        data-testid="filter-text"
        value={filters.text}
        onChange={(e) => ui.setFilters({ text: e.target.value })}
      />
      <select
        className="wf-select wf-feed-order"
        aria-label={t('order.label')}
        title={t('order.label')}
        data-testid="feed-order"
        value={order}
        onChange={(e) => setOrder(FEED_ORDERS.find((o) => o === e.target.value) ?? 'newest')}
      >
        {FEED_ORDERS.map((o) => (
          <option key={o} value={o}>
            {t(`order.${o}`)}
          </option>
        ))}
      </select>
      <ListFilter
        label={t('filter.priority')}
        testId="filter-priority"
        values={filters.priorities}
        options={INCIDENT_PRIORITIES}
        optionLabel={(priority) => t('common:priorityShort', { priority })}
        onChange={(priorities: IncidentPriority[]) => ui.setFilters({ priorities })}
      />
      <ListFilter
        label={t('filter.category')}
        testId="filter-category"
        values={filters.categories}
        options={INCIDENT_CATEGORIES}
        optionLabel={(category) => label('incidentCategory', category)}
        onChange={(categories) => ui.setFilters({ categories })}
      />
      <ListFilter
        label={t('filter.status')}
        testId="filter-status"
        values={filters.statuses}
        options={INCIDENT_STATUSES}
        optionLabel={(status) => label('incidentStatus', status)}
        onChange={(statuses) => ui.setFilters({ statuses })}
      />
      <ListFilter
        label={t('filter.country')}
        testId="filter-country"
        values={filters.countries}
        options={countries}
        optionLabel={countryName}
        onChange={(c) => ui.setFilters({ countries: c })}
      />
      <ListFilter
        label={t('filter.sector')}
        testId="filter-sector"
        values={filters.sectorIds}
        options={sectorIds}
        optionLabel={(id) => sectorNames.get(id) ?? id}
        onChange={(ids) => ui.setFilters({ sectorIds: ids })}
      />
      <select
        className="wf-select"
        aria-label={t('filter.window')}
        title={t('filter.windowTitle')}
        data-testid="filter-window"
        value={String(filters.withinMs ?? '')}
        onChange={(e) => ui.setFilters({ withinMs: e.target.value === '' ? null : Number(e.target.value) })}
      >
        {WINDOW_HOURS.map((hours) => (
          <option key={String(hours)} value={String(hours === null ? '' : hours * HOUR_MS)}>
            {hours === null
              ? t('filter.allTime')
              : t('filter.lastHours', { count: hours, n: formatCount(hours) })}
          </option>
        ))}
        {filters.withinMs !== null &&
          !WINDOW_HOURS.some((h) => h !== null && h * HOUR_MS === filters.withinMs) && (
            <option value={String(filters.withinMs)}>
              {t('filter.lastMinutes', {
                count: Math.round(filters.withinMs / 60_000),
                n: formatCount(Math.round(filters.withinMs / 60_000)),
              })}
            </option>
          )}
      </select>
      {active && (
        <button
          type="button"
          className="wf-button wf-button-quiet"
          data-testid="filter-clear"
          onClick={() => ui.setFilters(emptyFilters())}
        >
          {t('filter.clear')}
        </button>
      )}
    </div>
  );
}

function FeedRow({
  incident,
  sectorName,
  selected,
  pending,
  opNow,
  top,
  replaying,
}: {
  incident: Incident;
  sectorName: string;
  selected: boolean;
  pending: PendingActions;
  opNow: number;
  top: number;
  /** A replayed incident is history: no acknowledging it. */
  replaying: boolean;
}) {
  const { t } = useTranslation('feed');
  const unack = isUnacknowledged(incident);
  const acking = pending.acknowledging.has(incident.incidentId);
  const ref = incident.partnerReferences[0];
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      focusIncident(incident);
    }
  };
  const onAck = (e: MouseEvent<HTMLButtonElement>): void => {
    // The row itself selects on click; acknowledging must not also move the map.
    e.stopPropagation();
    void ui.issue('incident.acknowledge', { incidentId: incident.incidentId });
  };
  return (
    <div
      className={`wf-feed-row${unack ? ' is-unack' : ''}${selected ? ' is-selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      data-testid="incident-row"
      data-incident-id={incident.incidentId}
      data-priority={incident.priority}
      data-unacknowledged={unack ? 'true' : 'false'}
      onClick={() => focusIncident(incident)}
      onKeyDown={onKey}
    >
      <PriorityBadge priority={incident.priority} />
      {/* Incident text comes from the feed and is untrusted: rendered as a text node only. */}
      <span className="wf-cell wf-title" title={incident.title}>
        {incident.title}
      </span>
      <Time ms={incident.reportedAt} reference={opNow} />
      <span className="wf-cell wf-sub">
        <span className="wf-cat">{label('incidentCategory', incident.category)}</span>
        <span className="wf-sector" title={sectorName}>
          {sectorName}
        </span>
        {ref && (
          <span
            className="wf-ref"
            title={incident.partnerReferences
              .map((r) => `${label('partnerReferenceKind', r.kind)}: ${r.reference}`)
              .join('\n')}
          >
            {ref.reference}
            {incident.partnerReferences.length > 1 ? ` +${incident.partnerReferences.length - 1}` : ''}
          </span>
        )}
      </span>
      <span className={`wf-cell wf-status wf-status-${incident.status}${acking ? ' is-pending' : ''}`}>
        {statusText(incident, pending, t)}
      </span>
      {unack && !replaying && (
        <button
          type="button"
          className="wf-button wf-ack"
          data-testid="ack-button"
          disabled={acking}
          title={t('row.acknowledgeTitle')}
          onClick={onAck}
        >
          {acking ? '…' : t('row.acknowledge')}
        </button>
      )}
    </div>
  );
}

/** The incident feed: filters, the order, the unacknowledged count and a virtual list. */
export function IncidentFeed() {
  const { t, i18n } = useTranslation('feed');
  // One slice: a position report changes none of it (see panelSlices.ts).
  const { incidents, sectors, operation, filters, selection, muted, replaying, opNow } = useUi(selectFeed);
  const pending = usePendingActions();

  const [order, setOrder] = useState<FeedOrder>('newest');
  const newestFirst = useMemo(() => incidentsNewestFirst(incidents), [incidents]);
  const sorted = useMemo(() => orderIncidents(newestFirst, order), [newestFirst, order]);
  // The time window is the only filter that depends on opNow; without it, the list need not be
  // refiltered on every event.
  const windowNow = filters.withinMs === null ? 0 : opNow;
  const rows = useMemo(
    () => filterIncidents(sorted, filters, sectors, windowNow),
    [sorted, filters, sectors, windowNow],
  );
  const unack = useMemo(() => countUnacknowledged(incidents), [incidents]);
  const sectorList = useMemo(() => sectorsByName(sectors), [sectors]);
  // Sorted by name in the language in use: again when it changes.
  const countries = useMemo(
    () => operationCountries(operation, sectors),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
    [operation, sectors, i18n.language],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.incidentId ?? index,
  });
  const selectedId = selection?.kind === 'incident' ? selection.id : null;
  const total = sorted.length;

  // The rows are virtual: the next one may not be on the page yet, so the list scrolls to it first
  // and focuses it once it is drawn.
  const onRowsKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const id = (e.target as HTMLElement).closest<HTMLElement>(ROW_SELECTOR)?.dataset.incidentId;
    if (id === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    const next = rowAfterKey(
      e.key,
      rows.findIndex((r) => r.incidentId === id),
      rows.length,
    );
    const target = next === null ? undefined : rows[next];
    if (next === null || !target) return;
    e.preventDefault();
    e.stopPropagation();
    virtualizer.scrollToIndex(next);
    const focusRow = (tries: number): void => {
      const row = scrollRef.current?.querySelector<HTMLElement>(
        `${ROW_SELECTOR}[data-incident-id="${CSS.escape(target.incidentId)}"]`,
      );
      if (row) row.focus();
      else if (tries > 0) requestAnimationFrame(() => focusRow(tries - 1));
    };
    focusRow(5);
  };

  return (
    <section className="wf-panel wf-feed" data-testid="incident-feed" aria-label={t('label')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('title')}</h2>
        <span className={`wf-unack${unack > 0 ? ' has-unack' : ''}`} title={t('unacknowledged.title')}>
          {t('unacknowledged.label')} <strong data-testid="unack-count">{formatCount(unack)}</strong>
        </span>
        <span className="wf-muted-text" data-testid="feed-count" title={t('count.title')}>
          {rows.length === total
            ? t('count.all', { count: total, n: formatCount(total) })
            : t('count.some', { shown: formatCount(rows.length), total: formatCount(total) })}
        </span>
        <button
          type="button"
          className={`wf-button wf-mute${muted ? ' is-muted' : ''}`}
          data-testid="mute"
          aria-pressed={muted}
          title={muted ? t('sound.offTitle') : t('sound.onTitle')}
          onClick={() => ui.set({ muted: !muted })}
        >
          {muted ? t('sound.off') : t('sound.on')}
        </button>
      </header>
      <FilterBar
        filters={filters}
        countries={countries}
        sectors={sectorList}
        order={order}
        setOrder={setOrder}
      />
      <div className="wf-scroll" ref={scrollRef} onKeyDown={onRowsKey}>
        {rows.length === 0 ? (
          <p className="wf-empty">{total === 0 ? t('empty') : t('noMatch')}</p>
        ) : (
          <div className="wf-virtual" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const incident = rows[item.index];
              if (!incident) return null;
              const sector = incident.sectorId === undefined ? undefined : getOwn(sectors, incident.sectorId);
              return (
                <FeedRow
                  key={item.key}
                  incident={incident}
                  sectorName={sector?.name ?? incident.sectorId ?? '—'}
                  selected={incident.incidentId === selectedId}
                  pending={pending}
                  opNow={opNow}
                  top={item.start}
                  replaying={replaying}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
