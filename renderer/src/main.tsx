import './zodConfig';
import { createRoot } from 'react-dom/client';
import type { WatchfloorApi } from '../../shared/ipc';
import { connectBrowserHost } from './api/browserApi';
import { App } from './App';
import { TICK_MS } from './store/pageClock';
import { ui } from './store/uiStore';
import './theme.css';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in the browser host. */
    readonly watchfloor?: WatchfloorApi;
  }
}

// The desktop app brings its API through the preload; the browser host serves this page with a token.
const api = window.watchfloor ?? connectBrowserHost(window.location, window.history);
void ui.connect(api);
// Ages tick once a second, with the map's redraw when one is coming (PageClock); nothing else polls.
setInterval(() => ui.clock.second(), TICK_MS);

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
