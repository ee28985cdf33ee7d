import { contextBridge, ipcRenderer } from 'electron';
import { preloadApi } from './host/preloadApi';

// Two functions and two constants reach the page (electron/host/preloadApi.ts); ipcRenderer itself
// never does, and neither function can name a channel outside the contract.
contextBridge.exposeInMainWorld('watchfloor', preloadApi(ipcRenderer));
