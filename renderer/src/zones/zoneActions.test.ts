import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../../shared/protocol/messages';
import type { LngLat } from '../../../shared/units';
import { zonePayload, type ZoneForm } from './zoneActions';

const FORM: ZoneForm = {
  name: 'Drina',
  sectorId: 'BA-RS-01',
  onEntry: true,
  onExit: true,
  units: 'all',
  incidents: '',
  atLeast: null,
  noUnitMinutes: null,
};
const TRIANGLE = [
  [19, 44],
  [19.2, 44],
  [19.1, 44.2],
] as unknown as LngLat[];

describe('the zone form', () => {
  it('makes a payload the protocol takes, over a sector or the area drawn, with its rules', () => {
    const payloads = [
      zonePayload(FORM, null),
      zonePayload({ ...FORM, sectorId: '', units: 'boat', incidents: 'urgent' }, TRIANGLE),
      zonePayload(
        { ...FORM, onEntry: false, onExit: false, atLeast: { count: 1, unitKind: 'k9' }, noUnitMinutes: 20 },
        null,
      ),
    ];
    for (const result of payloads) {
      expect('payload' in result).toBe(true);
      if ('payload' in result)
        expect(
          commandSchema.safeParse({ id: 'c1', type: 'zone.create', by: 'x', payload: result.payload })
            .success,
        ).toBe(true);
    }
    expect(payloads[1]).toMatchObject({
      payload: {
        unitKinds: ['boat'],
        watchIncidents: true,
        incidentPriorities: [1, 2],
        area: { kind: 'polygon' },
      },
    });
  });

  it('names what is missing or out of bounds instead of sending it', () => {
    expect(zonePayload({ ...FORM, name: '  ' }, null)).toEqual({ problem: 'name' });
    expect(zonePayload({ ...FORM, sectorId: '' }, null)).toEqual({ problem: 'area' });
    expect(zonePayload({ ...FORM, sectorId: '' }, TRIANGLE.slice(0, 2))).toEqual({ problem: 'area' });
    expect(zonePayload({ ...FORM, atLeast: { count: 0, unitKind: 'boat' } }, null)).toEqual({
      problem: 'count',
    });
    expect(zonePayload({ ...FORM, noUnitMinutes: 2000 }, null)).toEqual({ problem: 'minutes' });
    expect(zonePayload({ ...FORM, units: '', incidents: '' }, null)).toEqual({ problem: 'nothing' });
  });
});
