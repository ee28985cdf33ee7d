import { coreMessage } from '../../../shared/coreMessage';
import { describe, expect, it } from 'vitest';
import { emptyDelta } from '../../../shared/pictureDelta';
import { getEmptyState, type Unit } from '../../../shared/state';
import { fakeHost, testStatus } from './testHost';
import { UiStore } from './uiStore';

const RLO = '\u202E';
const T0 = Date.UTC(2026, 9, 5, 6);

const unit = (unitId: string, callsign: string): Unit =>
  ({
    unitId,
    callsign,
    agency: 'police',
    organisation: `Police ${RLO}x`,
    country: 'RS',
    kind: 'foot',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: { lon: 19, lat: 44, heading: 0, speed: 0, accuracy: 5, at: T0 },
  }) as Unit;

const status = testStatus({
  link: 'offline',
  linkError: coreMessage('link.serverError', { detail: `Server said: AB${RLO}dcba` }),
  operationId: null,
  lastSeq: 0,
  lastEventAt: T0,
});

describe('the page takes feed text in fit to show', () => {
  it('replaces bidi controls in the first picture, the status, the outbox and later deltas', async () => {
    const store = new UiStore();
    const host = fakeHost({ ...getEmptyState(), units: { U1: unit('U1', `AB${RLO}dcba`) } }, status);
    await store.connect(host.api);
    expect(store.snapshot.state.units['U1']).toMatchObject({
      callsign: 'AB\uFFFDdcba',
      organisation: 'Police \uFFFDx',
    });
    expect(store.snapshot.status?.linkError).toMatchObject({
      params: { detail: 'Server said: AB\uFFFDdcba' },
      text: 'Server said: AB\uFFFDdcba',
    });

    host.push('status:changed', {
      ...status,
      linkError: coreMessage('link.serverError', { detail: `\u2066late\u2069` }),
    });
    expect(store.snapshot.status?.linkError?.params?.['detail']).toBe('\uFFFDlate\uFFFD');
    host.push('outbox:changed', [{ commandId: 'C1', type: 'ops:addNote', payload: { text: `n${RLO}ote` } }]);
    expect(JSON.stringify(store.snapshot.outbox)).not.toContain(RLO);

    const empty = emptyDelta(2);
    const delta = { ...empty, changed: { ...empty.changed, units: { U2: unit('U2', `\u202Bx`) } } };
    host.push('state:delta', delta);
    await expect.poll(() => store.snapshot.state.units['U2']?.callsign).toBe('\uFFFDx');
    expect(JSON.stringify(store.snapshot)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
