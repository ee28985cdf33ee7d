import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Unit } from '../../../shared/state';
import { ui, useUi } from '../store/uiStore';
import { useOpNow } from './common';
import { formatAge, formatUtc, humanize } from './format';
import {
  groupUnits,
  lastReportAt,
  rosterRows,
  searchUnits,
  UNIT_GROUPINGS,
  unitFreshness,
  type Freshness,
  type UnitGrouping,
} from './selectors';

/** Heights in px; must match `.wf-roster-group` and `.wf-roster-row` in panels.css. */
const GROUP_HEIGHT = 24;
const ROW_HEIGHT = 32;

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
      <span className={`wf-cell wf-unit-status wf-unit-${unit.status}`}>{humanize(unit.status)}</span>
      <span
        className="wf-cell wf-age"
        data-testid="unit-age"
        title={at === null ? 'No report received' : `Last report ${formatUtc(at)}`}
      >
        {freshness === 'lost' && <span className="wf-lost-tag">lost contact</span>}
        {at === null ? 'never' : formatAge(opNow - at)}
      </span>
      <span className="wf-cell wf-sub">
        <span>{humanize(unit.kind)}</span>
        <span title={unit.organisation}>{humanize(unit.agency)}</span>
        <span title={sectorName}>{sectorName}</span>
      </span>
    </div>
  );
}

/** Every unit, grouped and searchable, with how long ago each was last heard from. */
export function UnitRoster() {
  const units = useUi((s) => s.state.units);
  const sectors = useUi((s) => s.state.sectors);
  const settings = useUi((s) => s.settings);
  const selection = useUi((s) => s.selection);
  // Subscribed so the ages tick every second even between events.
  useUi((s) => s.now);
  const opNow = useOpNow();
  const [grouping, setGrouping] = useState<UnitGrouping>('country');
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());

  const found = useMemo(() => searchUnits(units, query), [units, query]);
  const groups = useMemo(() => groupUnits(found, grouping, sectors), [found, grouping, sectors]);
  const rows = useMemo(() => rosterRows(groups, collapsed), [groups, collapsed]);
  const counts = useMemo(() => {
    const c = { fresh: 0, stale: 0, lost: 0 };
    for (const unit of Object.values(units)) c[unitFreshness(unit, opNow, settings)]++;
    return c;
  }, [units, opNow, settings]);

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
    <section className="wf-panel wf-roster" data-testid="unit-roster" aria-label="Unit roster">
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">Units</h2>
        <span className="wf-muted-text" data-testid="unit-count">
          {found.length === total ? total : `${found.length} of ${total}`}
        </span>
        <span className="wf-fresh-counts">
          {counts.stale > 0 && (
            <span
              className="wf-chip is-stale"
              data-testid="stale-count"
              title="Units without a report for a while"
            >
              {counts.stale} stale
            </span>
          )}
          {counts.lost > 0 && (
            <span className="wf-chip is-lost" data-testid="lost-count" title="Units with lost contact">
              {counts.lost} lost
            </span>
          )}
        </span>
      </header>
      <div className="wf-filterbar">
        <input
          className="wf-input"
          type="search"
          placeholder="Callsign…"
          aria-label="Search by callsign"
          data-testid="roster-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          className="wf-select"
          aria-label="Group by"
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
              by {g}
            </option>
          ))}
        </select>
      </div>
      <div className="wf-scroll" ref={scrollRef}>
        {rows.length === 0 ? (
          <p className="wf-empty">{total === 0 ? 'No units yet.' : 'No unit matches.'}</p>
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
                    <span className="wf-caret">{isCollapsed ? '▸' : '▾'}</span>
                    <span className="wf-group-label">{row.label}</span>
                    <span className="wf-muted-text">{row.count}</span>
                  </button>
                );
              }
              const unit = row.unit;
              const sector = unit.sectorId === undefined ? undefined : sectors[unit.sectorId];
              return (
                <RosterRow
                  key={item.key}
                  unit={unit}
                  sectorName={sector?.name ?? unit.sectorId ?? 'no sector'}
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
