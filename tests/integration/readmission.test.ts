import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/Core';
import type { HostContract } from '../../electron/core/hostContract';
import { openReadmissions } from '../../shared/readmission';
import type { SimulatorServer } from '../../simulator/server';
import { startOperation, type TestOperation } from './operation';
import { until } from './until';
import { storedEvents } from './storeOfCore';

/**
 * The simplified readmission procedure through the real reference server and a real store: a case
 * requested by one country, accepted by its neighbour through the outbox and handed over at the
 * crossing, another refused with its reason, a command the case's state does not allow refused by
 * the server, and a deadline passing on the operation's clock (the reference server's, advanced by
 * the test) raising the case as overdue.
 */

const HOUR = 3_600_000;
let op: TestOperation;
let server: SimulatorServer;
let core: Core;
let contract: HostContract;
const inStep = (): boolean => op.inStep();

function request(caseId: string, deadlineInHours: number, persons = [{ nationality: 'AF', persons: 5 }]) {
  const at = server.operationTime;
  return {
    ts: at,
    type: 'readmission.requested' as const,
    payload: {
      caseId,
      requestingCountry: 'RS',
      requestedCountry: 'MK',
      crossingId: Object.keys(core.state.crossings)[0] ?? 'BCP-1',
      incidentIds: [],
      persons,
      requestedAt: at,
      deadlineAt: at + deadlineInHours * HOUR,
      by: 'Border Police Directorate, Preševo',
    },
  };
}

beforeAll(async () => {
  op = await startOperation({ name: 'readmission', operator: 'Border Police, Tabanovce' });
  ({ server, core, contract } = op);
}, 60_000);

afterAll(async () => {
  await op?.close();
});

describe('the simplified readmission procedure', () => {
  it('takes a case from request to handover through the outbox, with the officer on record', async () => {
    server.inject([
      request('RA-1', 48, [
        { nationality: 'AF', persons: 5 },
        { nationality: 'PK', persons: 2 },
      ]),
    ]);
    await until(() => core.state.readmissions['RA-1']?.status === 'requested', 'the request');

    expect(
      await contract.invoke('ops:issue', { type: 'readmission.accept', payload: { caseId: 'RA-1' } }),
    ).toMatchObject({ ok: true });
    await until(() => core.state.readmissions['RA-1']?.status === 'accepted', 'the acceptance');
    expect(core.state.readmissions['RA-1']).toMatchObject({ acceptedBy: 'Border Police, Tabanovce' });

    const outcome = await contract.invoke('ops:issue', {
      type: 'readmission.record_handover',
      payload: {
        caseId: 'RA-1',
        persons: [{ nationality: 'AF', persons: 5 }],
      },
    });
    expect(outcome).toMatchObject({ ok: true });
    await until(() => core.state.readmissions['RA-1']?.status === 'handed_over', 'the handover');
    expect(core.state.readmissions['RA-1']).toMatchObject({
      handedOverBy: 'Border Police, Tabanovce',
      personsHandedOver: [{ nationality: 'AF', persons: 5 }],
    });
    // What the server logged is what the store holds.
    expect(
      storedEvents(core)
        .filter((e) => e.type.startsWith('readmission.'))
        .map((e) => e.type),
    ).toEqual(['readmission.requested', 'readmission.accepted', 'readmission.handed_over']);
  });

  it('keeps a refusal with its reason, and the server refuses a handover of a refused case', async () => {
    server.inject([request('RA-2', 48)]);
    await until(() => core.state.readmissions['RA-2'] !== undefined, 'the request');
    await contract.invoke('ops:issue', {
      type: 'readmission.refuse',
      payload: {
        caseId: 'RA-2',
        reason: 'Entry from the territory of North Macedonia not established.',
      },
    });
    await until(() => core.state.readmissions['RA-2']?.status === 'refused', 'the refusal');
    expect(core.state.readmissions['RA-2']?.refusalReason).toBe(
      'Entry from the territory of North Macedonia not established.',
    );
    const sent = await contract.invoke('ops:issue', {
      type: 'readmission.record_handover',
      payload: { caseId: 'RA-2' },
    });
    const commandId = sent.ok ? sent.value.commandId : '';
    await until(
      () => core.commands.list().some((e) => e.commandId === commandId && e.status === 'rejected'),
      'the refusal of the command',
    );
    expect(core.commands.list().find((e) => e.commandId === commandId)?.lastError).toMatch(/RA-2 is refused/);
    expect(core.state.readmissions['RA-2']?.status).toBe('refused');
    // Refusing again is what is already so: acknowledged by the server, and no second event.
    const again = await contract.invoke('ops:issue', {
      type: 'readmission.refuse',
      payload: { caseId: 'RA-2', reason: 'Again.' },
    });
    const againId = again.ok ? again.value.commandId : '';
    await until(
      () => core.commands.list().some((e) => e.commandId === againId && e.status === 'acked'),
      'the repeat',
    );
    await until(inStep, 'in step');
    expect(storedEvents(core).filter((e) => e.type === 'readmission.refused')).toHaveLength(1);
  });

  it('raises a case as overdue once the operation clock passes its deadline, and not before', async () => {
    server.inject([request('RA-3', 1)]);
    await until(() => core.state.readmissions['RA-3'] !== undefined && inStep(), 'the request');
    expect(core.status.readmissionsOverdue).toBe(0);
    server.advanceBy(30 * 60_000);
    await until(inStep, 'half an hour later');
    expect(core.status.readmissionsOverdue).toBe(0);
    server.advanceBy(45 * 60_000);
    await until(inStep, 'the deadline passed');
    expect(core.status.readmissionsOverdue).toBe(1);
    const now = core.status.lastEventAt ?? 0;
    expect(openReadmissions(core.state, now).map((c) => c.caseId)[0]).toBe('RA-3');
    // Answering it takes it off the list of what is late.
    await contract.invoke('ops:issue', { type: 'readmission.accept', payload: { caseId: 'RA-3' } });
    await contract.invoke('ops:issue', { type: 'readmission.record_handover', payload: { caseId: 'RA-3' } });
    await until(() => core.state.readmissions['RA-3']?.status === 'handed_over', 'the handover');
    await until(inStep, 'in step');
    expect(core.status.readmissionsOverdue).toBe(0);
  });

  it('keeps the procedure on record through a dropped link and malformed messages', async () => {
    server.inject([request('RA-4', 6)]);
    await until(() => core.state.readmissions['RA-4'] !== undefined && inStep(), 'the request');
    const quarantined = core.status.quarantineCount;
    // Every live batch now carries a malformed extra, and the link goes down.
    server.setFaults({ malformedRate: 1 });
    server.dropConnections();
    // The officer answers while the link is down: the answer waits in the outbox.
    await contract.invoke('ops:issue', { type: 'readmission.accept', payload: { caseId: 'RA-4' } });
    server.inject([request('RA-5', 6, [{ nationality: 'SY', persons: 3 }])]);
    await until(
      () =>
        core.status.link === 'connected' &&
        core.state.readmissions['RA-4']?.status === 'accepted' &&
        core.state.readmissions['RA-5'] !== undefined &&
        inStep(),
      'the link back, the answer through and the missed request fetched',
    );
    expect(core.status.quarantineCount).toBeGreaterThan(quarantined);
    expect(core.status.outboxDepth).toBe(0);
    expect(core.state.readmissions['RA-5']?.persons).toEqual([{ nationality: 'SY', persons: 3 }]);
    // The stored log is the server's, seq for seq: nothing malformed got in, nothing was lost.
    expect(storedEvents(core).map((e) => e.seq)).toEqual(server.eventsAfter(0, 1_000_000).map((e) => e.seq));
    server.setFaults({});
  });
});
