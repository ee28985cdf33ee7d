import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WatchfloorApi } from '../shared/ipc';
import { INVOKE_CHANNEL_NAMES, IPC_PREFIX, PUSH_CHANNEL_NAMES } from '../shared/ipcChannels';
import { PROTOCOL_VERSION } from '../shared/protocol/version';

// Two functions and two constants reach the page; ipcRenderer itself never does, and neither
// function can name a channel outside the contract.
const invokeNames = new Set<string>(INVOKE_CHANNEL_NAMES);
const pushNames = new Set<string>(PUSH_CHANNEL_NAMES);

const api = {
  protocolVersion: PROTOCOL_VERSION,
  host: 'electron',
  invoke: (channel, arg) =>
    invokeNames.has(channel)
      ? ipcRenderer.invoke(IPC_PREFIX + channel, arg)
      : Promise.resolve({ ok: false, error: `unknown request ${String(channel)}` }),
  on: (channel, listener) => {
    if (!pushNames.has(channel)) return () => {};
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(IPC_PREFIX + channel, handler);
    return () => void ipcRenderer.removeListener(IPC_PREFIX + channel, handler);
  },
} satisfies WatchfloorApi;

contextBridge.exposeInMainWorld('watchfloor', api);
