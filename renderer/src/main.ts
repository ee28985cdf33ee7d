import type { WatchfloorApi } from '../../shared/ipc';

declare global {
  interface Window {
    readonly watchfloor?: WatchfloorApi;
  }
}

// The shell until the live picture lands: it shows which host and protocol it runs with.
const root = document.getElementById('root');
if (root) {
  const title = document.createElement('h1');
  title.textContent = 'Watchfloor';
  const detail = document.createElement('p');
  detail.textContent = window.watchfloor
    ? `Host: ${window.watchfloor.host}, feed protocol ${window.watchfloor.protocolVersion}.`
    : 'No host API: open Watchfloor through the desktop app or the browser host.';
  root.replaceChildren(title, detail);
}
