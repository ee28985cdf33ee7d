import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../shared/getOwn';
import type { Unit } from '../../../shared/state';
import { label } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { selectRoster } from './panelSlices';
import { formatAge, formatCount, formatUtc } from './format';
import { unitFreshness, type Freshness } from '../../../shared/domainRules';
import {
  CallsignOrder,
  filterByFreshness,
  freshnessCounts,
  groupUnits,
  lastReportAt,
  rosterRows,
  searchUnits,
  UNIT_GROUPINGS,
  type UnitGrouping,
} from './selectors';

/** Heights in px; must match `.wf-roster-group` and `.wf-roster-row` in panels.css. */
const GROUP_HEIGHT = 24;
const ROW_HEIGHT = 32;
/** A glyph, the same in every language: the chip's name says what it clears. */
const CLEAR = '✕';

/** Selects a unit and moves the map to where it last reported. */
function focusUnit(unit: Unit): void {
  ui.select({ kind: 'unit', id: unit.unitId });
  if (unit.position) ui.flyTo(unit.position.lon, unit.position.lat, 12);
}

function RosterRow({
  unit,
  sectorName,
  freshness,
  opNow,
  selected,
  top,
}: {
  unit: Unit;
  sectorName: string;
  freshness: Freshness;
  opNow: number;
  selected: boolean;
  top: number;
}) {
  const { t } = useTranslation('roster');
  const at = lastReportAt(unit);
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      focusUnit(unit);
    }
  };
  return (
    <div
      className={`wf-roster-row is-${freshness}${selected ? ' is-selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      data-testid="unit-row"
      data-unit-id={unit.unitId}
      data-freshness={freshness}
      onClick={() => focusUnit(unit)}
      onKeyDown={onKey}
    >
      <span className="wf-cell wf-callsign" title={unit.unitId}>
        {unit.callsign}
      </span>
      <span className={`wf-cell wf-unit-status wf-unit-${unit.status}`}>
        {label('unitStatus', unit.status)}
      </span>
      <span
        className="wf-cell wf-age"
        data-testid="unit-age"
        title={at === null ? t('row.noReport') : t('row.lastReport', { at: formatUtc(at) })}
      >
        {freshness === 'lost' && <span className="wf-lost-tag">{t('row.lostContact')}</span>}
        {at === null ? t('row.never') : formatAge(opNow - at)}
      </span>
      <span className="wf-cell wf-sub">
        <span>{label('unitKind', unit.kind)}</span>
        <span title={unit.organisation}>{label('agency', unit.agency)}</span>
        <span title={sectorName}>{sectorName}</span>
      </span>
    </div>
  );
}

/** The roster's freshness filter: only the stale or only the lost units. */
type FreshnessFilter = Exclude<Freshness, 'fresh'>;

/**
 * A stale / lost count that filters the roster to those units (a second click shows all again):
 * the officer who sees "3 lost" wants to know which three.
 */
function FreshnessChip({
  freshness,
  count,
  active,
  onToggle,
}: {
  freshness: FreshnessFilter;
  count: number;
  active: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation('roster');
  const values = { count, n: formatCount(count) };
  return (
    <button
      type="button"
      className={`wf-chip wf-chip-button is-${freshness}${active ? ' is-active' : ''}`}
      data-testid={`${freshness}-count`}
      title={freshness === 'stale' ? t('staleHint') : t('lostHint')}
      aria-pressed={active}
      onClick={onToggle}
    >
      {freshness === 'stale' ? t('stale', values) : t('lost', values)}
    </button>
  );
}

/** Every unit, grouped and searchable, with how long ago each was last heard from. */
export function UnitRoster() {
  const { t, i18n } = useTranslation('roster');
  // One slice: the units' positions and the ages move on the 1 Hz clock, not with each report.
  const { units, sectors, settings, selection, freshnessFilter, opNow } = useUi(selectRoster);
  const [grouping, setGrouping] = useState<UnitGrouping>('country');
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // The freshness filter is in the store: the status bar's chips set it too, from whichever panel shows.
  const setFreshnessFilter = (rosterFreshness: FreshnessFilter | null): void => ui.set({ rosterFreshness });

  // The roster's own memory of the callsign order: sorted again only when a callsign changes.
  const [order] = useState(() => new CallsignOrder());
  const searched = useMemo(() => searchUnits(units, query, order), [units, query, order]);
  const found = useMemo(
    () => filterByFreshness(searched, freshnessFilter, opNow, settings),
    [searched, freshnessFilter, opNow, settings],
  );
  // The groups' labels are in the language in use (and sorted by them).
  const language = i18n.language;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the text it builds is translated: it is built again in a new language
  const groups = useMemo(() => groupUnits(found, grouping, sectors), [found, grouping, sectors, language]);
  const rows = useMemo(() => rosterRows(groups, collapsed), [groups, collapsed]);
  const counts = useMemo(() => freshnessCounts(units, opNow, settings), [units, opNow, settings]);
  const toggleFreshness = (f: FreshnessFilter): void => setFreshnessFilter(freshnessFilter === f ? null : f);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.type === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 12,
    getItemKey: (index) => {
      const row = rows[index];
      if (!row) return index;
      return row.type === 'group' ? `g:${row.key}` : `u:${row.unit.unitId}`;
    },
  });
  const selectedId = selection?.kind === 'unit' ? selection.id : null;
  const toggle = (key: string): void =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const total = Object.keys(units).length;

  return (
    <section className="wf-panel wf-roster" data-testid="unit-roster" aria-label={t('ariaLabel')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('title')}</h2>
        <span className="wf-muted-text" data-testid="unit-count">
          {found.length === total
            ? formatCount(total)
            : t('countOf', { shown: formatCount(found.length), total: formatCount(total) })}
        </span>
        <span className="wf-fresh-counts">
          {(['stale', 'lost'] as const).map(
            (f) =>
              // An active filter keeps its chip when the count falls to 0, so it can be seen and undone.
              (counts[f] > 0 || freshnessFilter === f) && (
                <FreshnessChip
                  key={f}
                  freshness={f}
                  count={counts[f]}
                  active={freshnessFilter === f}
                  onToggle={() => toggleFreshness(f)}
                />
              ),
          )}
        </span>
      </header>
      <div className="wf-filterbar">
        <input
          className="wf-input"
          type="search"
          placeholder={t('searchPlaceholder')}
          aria-label={t('searchLabel')}
          data-testid="roster-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {freshnessFilter !== null && (
          <button
            type="button"
            className={`wf-chip wf-chip-button wf-filter-chip is-${freshnessFilter}`}
            data-testid="roster-filter"
            data-freshness={freshnessFilter}
            title={t('filter.clear')}
            aria-label={`${t(`filter.${freshnessFilter}`)}: ${t('filter.clear')}`}
            onClick={() => setFreshnessFilter(null)}
          >
            {t(`filter.${freshnessFilter}`)} {CLEAR}
          </button>
        )}
        <select
          className="wf-select"
          aria-label={t('groupByLabel')}
          data-testid="roster-group"
          value={grouping}
          onChange={(e) => {
            const g = UNIT_GROUPINGS.find((x) => x === e.target.value);
            if (g) {
              setGrouping(g);
              setCollapsed(new Set());
            }
          }}
        >
          {UNIT_GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {t(`groupBy.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="wf-scroll" ref={scrollRef}>
        {rows.length === 0 ? (
          <p className="wf-empty">{total === 0 ? t('empty') : t('noMatch')}</p>
        ) : (
          <div className="wf-virtual" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              if (row.type === 'group') {
                const isCollapsed = collapsed.has(row.key);
                return (
                  <button
                    key={item.key}
                    type="button"
                    className="wf-roster-group"
                    style={{ transform: `translateY(${item.start}px)` }}
                    aria-expanded={!isCollapsed}
                    data-testid="unit-group"
                    onClick={() => toggle(row.key)}
                  >
                    <span className="wf-caret">
                      {/* eslint-disable-next-line i18next/no-literal-string -- arrows, not words */}
                      {isCollapsed ? '▸' : '▾'}
                    </span>
                    <span className="wf-group-label">{row.label}</span>
                    <span className="wf-muted-text">{formatCount(row.count)}</span>
                  </button>
                );
              }
              const unit = row.unit;
              const sector = unit.sectorId === undefined ? undefined : getOwn(sectors, unit.sectorId);
              return (
                <RosterRow
                  key={item.key}
                  unit={unit}
                  sectorName={sector?.name ?? unit.sectorId ?? t('row.noSector')}
                  freshness={unitFreshness(unit, opNow, settings)}
                  opNow={opNow}
                  selected={unit.unitId === selectedId}
                  top={item.start}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
