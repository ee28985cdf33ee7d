import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock';
import { backoffDelay, DEFAULT_BACKOFF } from '../../electron/core/feed/backoff';
import { FeedClient, type FeedHandlers, type LinkState } from '../../electron/core/feed/FeedClient';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { until as waitUntil } from './until';

const until = (check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> =>
  waitUntil(check, what, timeoutMs, 10);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function recorder() {
  const links: { state: LinkState; error?: string }[] = [];
  const handlers: FeedHandlers = {
    onWelcome: () => {},
    onEvents: () => {},
    onSnapshot: () => {},
    onHeartbeat: () => {},
    onLink: (state, detail) => links.push({ state, ...(detail?.error ? { error: detail.error.text } : {}) }),
    onClockOffset: () => {},
    onBadMessage: () => {},
  };
  return { links, handlers };
}

describe('feed client on an injected clock', () => {
  it('reconnects after the backoff delays of the policy, not before', async () => {
    const clock = new ManualClock();
    const { links, handlers } = recorder();
    const client = new FeedClient(
      { url: 'http://127.0.0.1:9', token: 't', clientId: 'c1' },
      handlers,
      clock,
      () => 0.5,
    );
    cleanups.push(() => client.stop());
    client.start();
    for (let attempt = 0; attempt < 5; attempt++) {
      const failures = links.filter((l) => l.error).length;
      await until(() => links.filter((l) => l.error).length === failures + 1, `failure ${attempt + 1}`);
      expect(links.at(-1)!.error).toMatch(/not answering|refused/);
      const delay = backoffDelay(attempt, DEFAULT_BACKOFF, () => 0.5);
      const connecting = links.filter((l) => l.state === 'connecting').length;
      clock.advance(delay - 1);
      expect(links.filter((l) => l.state === 'connecting').length).toBe(connecting);
      clock.advance(1);
      expect(links.filter((l) => l.state === 'connecting').length).toBe(connecting + 1);
    }
  });

  it('treats a silent link as dead and reconnects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchfloor-feed-'));
    const server = await SimulatorServer.start({
      port: 0,
      token: 't',
      scenario: defaultScenarioConfig({ units: 10, startAt: Date.UTC(2026, 9, 5, 6) }),
      speed: 0,
      logPath: join(dir, 's.sqlite'),
      heartbeatMs: 3_600_000,
    });
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => server.stop(),
    );
    const clock = new ManualClock();
    const { links, handlers } = recorder();
    const client = new FeedClient(
      { url: server.url, token: 't', clientId: 'c2' },
      handlers,
      clock,
      () => 0.5,
      { silenceMs: 15_000 },
    );
    cleanups.push(() => client.stop());
    client.start();
    await until(() => links.some((l) => l.state === 'connected'), 'connected');
    clock.advance(14_999);
    expect(links.at(-1)!.state).toBe('connected');
    clock.advance(1);
    expect(links.at(-1)).toEqual({ state: 'offline', error: 'no message from the server for 15 s' });
    clock.advance(backoffDelay(0, DEFAULT_BACKOFF, () => 0.5));
    await until(() => links.filter((l) => l.state === 'connected').length === 2, 'reconnected');
  });
});
