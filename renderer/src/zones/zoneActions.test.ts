import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../../shared/protocol/messages';
import type { LngLat } from '../../../shared/units';
import { EMPTY_ZONE_FORM, toggled, zonePayload, type ZoneForm } from './zoneActions';

const FORM: ZoneForm = { ...EMPTY_ZONE_FORM, name: 'Drina', sectorId: 'BA-RS-01' };
const TRIANGLE = [
  [19, 44],
  [19.2, 44],
  [19.1, 44.2],
] as unknown as LngLat[];

describe('the zone form', () => {
  it('makes a payload the protocol takes, over a sector or the area drawn, with its rules', () => {
    const payloads = [
      zonePayload(FORM, null),
      zonePayload(
        {
          ...FORM,
          sectorId: '',
          unitKinds: ['k9', 'boat'],
          watchIncidents: true,
          incidentCategories: ['drugs', 'irregular_crossing', 'weapons'],
          incidentPriorities: [3, 1, 2],
        },
        TRIANGLE,
      ),
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
    // Several kinds, categories and priorities, each once in the protocol's order.
    expect(payloads[1]).toMatchObject({
      payload: {
        watchUnits: true,
        unitKinds: ['boat', 'k9'],
        watchIncidents: true,
        incidentCategories: ['irregular_crossing', 'drugs', 'weapons'],
        incidentPriorities: [1, 2, 3],
        area: { kind: 'polygon' },
      },
    });
    // What is not watched carries no list.
    expect(
      zonePayload(
        { ...FORM, watchUnits: false, unitKinds: ['boat'], incidentPriorities: [1], noUnitMinutes: 20 },
        null,
      ),
    ).toMatchObject({
      payload: { watchUnits: false, unitKinds: [], watchIncidents: false, incidentPriorities: [] },
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
    expect(zonePayload({ ...FORM, watchUnits: false, watchIncidents: false }, null)).toEqual({
      problem: 'nothing',
    });
  });

  it('ticks and unticks a value of a list, each once', () => {
    expect(toggled(['boat'], 'k9', true)).toEqual(['boat', 'k9']);
    expect(toggled(['boat', 'k9'], 'boat', true)).toEqual(['k9', 'boat']);
    expect(toggled(['boat', 'k9'], 'boat', false)).toEqual(['k9']);
  });
});
