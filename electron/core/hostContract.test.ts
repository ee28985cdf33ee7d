import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, invokeArgSchemas } from '../../shared/ipc';
import { INVOKE_CHANNEL_NAMES } from '../../shared/ipcChannels';
import { Core } from './Core';
import { HostContract } from './hostContract';

let dir: string;
let core: Core;
let contract: HostContract;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-contract-'));
  core = Core.open({ storePath: join(dir, 's.sqlite'), operator: 'Officer Hoxha' });
  contract = new HostContract(core, {
    staleAfterMs: 300_000,
    lostContactAfterMs: 1_200_000,
    operator: 'Officer Hoxha',
  });
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A well-formed argument for each channel. */
const VALID: Record<string, unknown> = {
  'core:snapshot': {},
  'core:trails': { sinceTs: Date.UTC(2026, 9, 5) },
  'ops:acknowledge': { incidentId: 'INC-1' },
  'ops:addNote': { incidentId: 'INC-1', text: 'Europol informed' },
  'ops:assign': { incidentId: 'INC-1', unitIds: ['U0001'] },
  'ops:setImpact': { sectorId: 'BA-RS-01', impactLevel: 'high' },
  'ops:addBookmark': { label: 'Handover', at: Date.UTC(2026, 9, 5, 7) },
  'ui:setMenu': { commands: [{ id: 'palette.open', label: 'Command palette', shortcut: 'Mod+k' }] },
};

describe('host contract', () => {
  it('lists the same channels in the schema map and in the preload name list', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual([...INVOKE_CHANNEL_NAMES].sort());
  });

  it.each(INVOKE_CHANNELS)('%s accepts a valid argument and refuses invalid ones', (channel) => {
    expect(contract.invoke(channel, VALID[channel])).toMatchObject({ ok: true });
    if (channel !== 'core:snapshot') {
      for (const bad of [null, 42, 'text', [], { incidentId: '' }, { incidentId: 'x'.repeat(65) }]) {
        expect(contract.invoke(channel, bad)).toMatchObject({ ok: false });
      }
    }
    expect(Object.hasOwn(invokeArgSchemas, channel)).toBe(true);
  });

  it('refuses channels outside the contract', () => {
    for (const channel of ['core:exec', '__proto__', 'constructor', 42, null, 'ops:acknowledge ']) {
      const outcome = contract.invoke(channel, {});
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toMatch(/unknown request/);
    }
  });

  it('puts actions in the outbox with the operator as author', () => {
    contract.invoke('ops:acknowledge', { incidentId: 'INC-7' });
    const snapshot = contract.invoke('core:snapshot', {});
    expect(snapshot.ok && snapshot.value.outbox).toMatchObject([
      { type: 'incident.acknowledge', issuedBy: 'Officer Hoxha', status: 'pending' },
    ]);
    expect(snapshot.ok && snapshot.value.status.outboxDepth).toBe(1);
  });
});
