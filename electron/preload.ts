import { contextBridge } from 'electron';
import type { WatchfloorApi } from '../shared/ipc';
import { PROTOCOL_VERSION } from '../shared/protocol/version';

// Named functions and values only; ipcRenderer itself never reaches the page.
const api = {
  protocolVersion: PROTOCOL_VERSION,
  host: 'electron',
} satisfies WatchfloorApi;

contextBridge.exposeInMainWorld('watchfloor', api);
