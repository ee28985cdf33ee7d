import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../shared/state';
import { STALE_ALPHA } from './colors';
import { FRESH, LOST, STALE } from './mapData';
import { buildUnitLayers, columnFreshness, columnsFromUnits, unitFillColors, unitIdAt } from './unitLayers';

const T0 = Date.UTC(2026, 9, 5, 6);
const unit = (unitId: string, lon: number | null, at = T0, extra: Partial<Unit> = {}): Unit =>
  ({
    unitId,
    callsign: `CS ${unitId}`,
    agency: 'border_police',
    organisation: 'Border Police',
    country: 'RS',
    kind: 'vehicle',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: lon === null ? null : { lon, lat: 44, heading: 90, speed: 12, accuracy: 5, at },
    ...extra,
  }) as Unit;

const settings = { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000 };

describe('unit layers from columns', () => {
  it('hands deck.gl the positions as one binary attribute, and a picked index names its unit', () => {
    const columns = columnsFromUnits({ A: unit('A', 19), N: unit('N', null), B: unit('B', 20) });
    expect(columns.count).toBe(2);
    const freshness = columnFreshness(columns, T0, settings);
    const layers = buildUnitLayers({
      columns,
      freshness,
      fill: unitFillColors(columns.table, freshness),
      zoom: 7,
    });
    const units = layers.find((l) => l.id === 'units')!;
    const data = units.props.data as { length: number; attributes: { getPosition: { value: Float64Array } } };
    expect(data.length).toBe(2);
    expect([...data.attributes.getPosition.value]).toEqual([19, 44, 20, 44]);
    expect(units.props.pickable).toBe(true);
    expect(unitIdAt(columns, 1)).toBe('B');
    expect(unitIdAt(columns, 2)).toBeNull();
  });

  it('codes freshness from the report times and fades stale units, with a ring only for active lost ones', () => {
    const columns = columnsFromUnits({
      A: unit('A', 19, T0),
      S: unit('S', 19.5, T0 - 10 * 60_000),
      L: unit('L', 20, T0 - 30 * 60_000),
      O: unit('O', 20.5, T0 - 30 * 60_000, { status: 'off_duty' }),
    });
    const freshness = columnFreshness(columns, T0, settings);
    expect([...freshness]).toEqual([FRESH, STALE, LOST, LOST]);
    const fill = unitFillColors(columns.table, freshness);
    expect(fill[3]).toBe(255);
    expect(fill[7]).toBe(STALE_ALPHA);
    const rings = buildUnitLayers({ columns, freshness, fill, zoom: 7 }).find(
      (l) => l.id === 'unit-lost-rings',
    )!;
    expect((rings.props.data as { length: number }).length).toBe(1);
  });
});
