import { describe, expect, it } from 'vitest';
import { IPC_PREFIX } from '../../shared/ipcChannels';
import { preloadApi, type PreloadIpc } from './preloadApi';

type Handler = (event: unknown, ...args: unknown[]) => void;

/** ipcRenderer as the preload sees it: what the main process sends arrives on its listeners. */
function fakeIpc() {
  const listeners = new Map<string, Set<Handler>>();
  const sent: [string, unknown][] = [];
  const ipc: PreloadIpc = {
    invoke: (channel, arg) => Promise.resolve({ channel, arg }),
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
    send: (channel, arg) => void sent.push([channel, arg]),
  };
  const deliver = (channel: string, ...args: unknown[]): void => {
    for (const listener of listeners.get(IPC_PREFIX + channel) ?? []) listener({}, ...args);
  };
  return { ipc, sent, deliver, listeners };
}

describe("the desktop app's preload bridge", () => {
  it('answers each numbered frame and delta once the page has it, nothing else', () => {
    const { ipc, sent, deliver } = fakeIpc();
    const api = preloadApi(ipc);
    const seen: string[] = [];
    api.on('positions:frame', (frame) => {
      seen.push(`frame ${(frame as unknown as { version: number }).version}`);
      // Answered after the page's listener had it, not before.
      expect(sent).toHaveLength(seen.length - 1);
    });
    api.on('state:delta', (delta) => void seen.push(`delta ${delta.seq}`));
    api.on('status:changed', () => void seen.push('status'));
    deliver('positions:frame', { version: 4 }, 11);
    deliver('state:delta', { seq: 9 }, 12);
    deliver('status:changed', { link: 'up' });
    expect(seen).toEqual(['frame 4', 'delta 9', 'status']);
    expect(sent).toEqual([
      [`${IPC_PREFIX}push:ack`, { kind: 'frame', n: 11 }],
      [`${IPC_PREFIX}push:ack`, { kind: 'delta', n: 12 }],
    ]);
  });

  it('answers even when the listener fails, and never for a push without a number', () => {
    const { ipc, sent, deliver } = fakeIpc();
    const api = preloadApi(ipc);
    api.on('positions:frame', () => {
      throw new Error('a bad frame');
    });
    expect(() => deliver('positions:frame', { version: 1 }, 3)).toThrow('a bad frame');
    expect(() => deliver('positions:frame', { version: 2 })).toThrow('a bad frame');
    expect(sent).toEqual([[`${IPC_PREFIX}push:ack`, { kind: 'frame', n: 3 }]]);
  });

  it('reaches no channel outside the contract, and stops listening when asked', async () => {
    const { ipc, listeners } = fakeIpc();
    const api = preloadApi(ipc);
    expect(await api.invoke('core:exec' as never, {} as never)).toEqual({
      ok: false,
      error: 'unknown request core:exec',
    });
    expect(await api.invoke('core:snapshot', {})).toEqual({
      channel: `${IPC_PREFIX}core:snapshot`,
      arg: {},
    });
    const off = api.on('push:ack' as never, () => {});
    expect(listeners.size).toBe(0);
    off();
    const stop = api.on('state:delta', () => {});
    expect(listeners.get(`${IPC_PREFIX}state:delta`)?.size).toBe(1);
    stop();
    expect(listeners.get(`${IPC_PREFIX}state:delta`)?.size).toBe(0);
    expect(api.host).toBe('electron');
  });
});
