import { describe, expect, it } from 'vitest';
import type { Zone, ZoneAlert } from '../../../shared/state';
import { newZoneAlert, zoneAlertKeys } from './zoneAlertWatch';

const zone = (zoneId: string, alerts: ZoneAlert[], deletedAt: number | null = null) =>
  ({ zoneId, alerts, deletedAt }) as unknown as Zone;
const alert = (at: number, unitId: string): ZoneAlert => ({
  at: at as ZoneAlert['at'],
  kind: 'entry',
  unitId,
});

describe('the zone alert tone', () => {
  it('sounds for a new alert of a zone known before, also when its list is at its bound', () => {
    const before = zoneAlertKeys({ Z1: zone('Z1', [alert(1, 'U1')]), Z2: zone('Z2', []) });
    expect(
      newZoneAlert(before, zoneAlertKeys({ Z1: zone('Z1', [alert(1, 'U1')]), Z2: zone('Z2', []) })),
    ).toBe(false);
    expect(
      newZoneAlert(before, zoneAlertKeys({ Z1: zone('Z1', [alert(2, 'U2')]), Z2: zone('Z2', []) })),
    ).toBe(true);
    expect(
      newZoneAlert(
        before,
        zoneAlertKeys({ Z1: zone('Z1', [alert(1, 'U1')]), Z2: zone('Z2', [alert(3, 'U1')]) }),
      ),
    ).toBe(true);
  });

  it('is silent for a zone that just arrived with its alerts, and for a deleted one', () => {
    const before = zoneAlertKeys({ Z1: zone('Z1', []) });
    expect(
      newZoneAlert(before, zoneAlertKeys({ Z1: zone('Z1', []), Z3: zone('Z3', [alert(1, 'U1')]) })),
    ).toBe(false);
    expect(newZoneAlert(before, zoneAlertKeys({ Z1: zone('Z1', [alert(1, 'U1')], 5) }))).toBe(false);
  });
});
