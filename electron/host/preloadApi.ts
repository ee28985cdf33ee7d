import type { PushAck, WatchfloorApi } from '../../shared/ipc';
import { ACKED_PUSHES, INVOKE_CHANNEL_NAMES, IPC_PREFIX, PUSH_CHANNEL_NAMES } from '../../shared/ipcChannels';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/** The part of Electron's ipcRenderer the preload uses. */
export interface PreloadIpc {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  send(channel: string, arg: unknown): void;
}

/**
 * The API the desktop app's preload gives the page: two functions and two constants, neither
 * function able to name a channel outside the contract; ipcRenderer itself never reaches the page.
 * A numbered push (a position frame, a picture delta) is answered on `push:ack` once the page's
 * listener has it, as the browser host's page answers socket.io's acknowledgement: the host sends
 * the next one then (electron/host/pushAcks.ts).
 */
export function preloadApi(ipc: PreloadIpc): WatchfloorApi {
  const invokeNames = new Set<string>(INVOKE_CHANNEL_NAMES);
  const pushNames = new Set<string>(PUSH_CHANNEL_NAMES);
  const ackKinds = new Map<string, PushAck['kind']>(Object.entries(ACKED_PUSHES));
  return {
    protocolVersion: PROTOCOL_VERSION,
    host: 'electron',
    invoke: (channel, arg) =>
      invokeNames.has(channel)
        ? (ipc.invoke(IPC_PREFIX + channel, arg) as never)
        : Promise.resolve({ ok: false, error: `unknown request ${String(channel)}` }),
    on: (channel, listener) => {
      if (!pushNames.has(channel)) return () => {};
      const kind = ackKinds.get(channel);
      const handler = (_event: unknown, payload: unknown, n?: unknown): void => {
        try {
          listener(payload as never);
        } finally {
          // Answered even when the listener failed: the next push is the page's way back.
          if (kind !== undefined && typeof n === 'number')
            ipc.send(`${IPC_PREFIX}push:ack`, { kind, n } satisfies PushAck);
        }
      };
      ipc.on(IPC_PREFIX + channel, handler);
      return () => void ipc.removeListener(IPC_PREFIX + channel, handler);
    },
  };
}
