import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_VIEW_SETTINGS, INVOKE_CHANNELS } from '../../shared/ipc';
import { Core } from '../core/Core';
import { HostContract } from '../core/hostContract';
import { invokeFromFrame, isTrustedSender } from './senderCheck';

const TOP = null;
const PAGE = { url: 'app://watchfloor/index.html', parent: TOP };

describe('the sender check of the desktop IPC', () => {
  it('trusts our own page in the top frame, whatever its path, query or hash', () => {
    for (const url of [
      'app://watchfloor/index.html',
      'app://watchfloor/',
      'app://watchfloor/index.html?x=1#replay',
    ])
      expect(isTrustedSender({ url, parent: TOP }), url).toBe(true);
  });

  it.each([
    ['no frame (it went away)', null],
    ['a subframe of our page', { url: 'app://watchfloor/index.html', parent: {} }],
    ['a web page', { url: 'https://watchfloor/index.html', parent: TOP }],
    ['a file', { url: 'file:///tmp/watchfloor/index.html', parent: TOP }],
    ['another app host', { url: 'app://watchfloor.evil/index.html', parent: TOP }],
    ['a lookalike host', { url: 'app://evil/watchfloor/index.html', parent: TOP }],
    ['a user in the address', { url: 'app://attacker@watchfloor/index.html', parent: TOP }],
    ['a port', { url: 'app://watchfloor:8080/index.html', parent: TOP }],
    ['a data URL', { url: 'data:text/html,<script>1</script>', parent: TOP }],
    ['about:blank', { url: 'about:blank', parent: TOP }],
    ['not a URL', { url: 'not a url', parent: TOP }],
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });
});

describe('every IPC channel from a foreign frame', () => {
  let dir: string;
  let core: Core;
  let contract: HostContract;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-sender-'));
    core = Core.open({ storePath: join(dir, 's.sqlite'), operator: 'Officer' });
    contract = new HostContract(
      core,
      { ...DEFAULT_VIEW_SETTINGS, operator: 'Officer' },
      { replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' } },
    );
  });
  afterEach(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(INVOKE_CHANNELS)('%s is refused before the contract sees it', async (channel) => {
    const foreign = { url: 'https://evil.example/', parent: TOP };
    const sub = { url: 'app://watchfloor/index.html', parent: {} };
    for (const frame of [foreign, sub, null]) {
      const outcome = await invokeFromFrame(contract, frame, channel, { incidentId: 'INC-1' });
      expect(outcome).toMatchObject({
        ok: false,
        error: 'refused: not the Watchfloor page',
        message: { code: 'host.notOurPage' },
      });
    }
    // Nothing reached the core: no command was written to the outbox.
    expect(core.status.outboxDepth).toBe(0);
  });

  it('lets our page through to the contract, which still validates the argument', async () => {
    expect(
      await invokeFromFrame(contract, PAGE, 'ops:issue', {
        type: 'incident.acknowledge',
        payload: { incidentId: 'INC-1' },
      }),
    ).toMatchObject({
      ok: true,
    });
    expect(core.status.outboxDepth).toBe(1);
    const bad = await invokeFromFrame(contract, PAGE, 'ops:issue', {
      type: 'incident.acknowledge',
      payload: { incidentId: { $ne: '' } },
    });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/invalid request/) as unknown });
  });
});
