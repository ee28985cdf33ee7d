import { io } from 'socket.io-client';
import type { InvokeChannel, InvokeOutcome, Pushes, PushChannel, WatchfloorApi } from '../../../shared/ipc';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { t } from '../i18n/i18n';

/**
 * The contract over the browser host's socket. The token comes in the address the host printed;
 * it is taken out of the address bar at once, kept in memory only, and never stored by the page.
 */
export function connectBrowserHost(location: Location, history: History): WatchfloorApi {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? '';
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  // The page's own id: after a dropped connection the host gives the page back its replay (and an
  // archive it had open) instead of starting it over.
  const page = crypto.randomUUID();
  const socket = io({ path: '/host', auth: { token, page }, transports: ['websocket'] });
  // The host switched to another profile's core: the page starts over on it. The token comes back
  // in the address for the moment of the reload and is taken out again at once, as at first load.
  socket.on('host:reload', () => location.replace(`/?token=${encodeURIComponent(token)}`));
  // Push payloads are typed by the contract, not by socket.io's generics.
  const pushes = socket as unknown as {
    on(event: string, handler: (payload: unknown) => void): void;
    off(event: string, handler: (payload: unknown) => void): void;
  };
  return {
    protocolVersion: PROTOCOL_VERSION,
    host: 'browser',
    async invoke<K extends InvokeChannel>(channel: K, arg: unknown): Promise<InvokeOutcome<K>> {
      try {
        // Exports of a long operation take minutes; everything else answers at once.
        const timeout = channel === 'export:write' || channel === 'report:pdf' ? 15 * 60_000 : 30_000;
        return (await socket.timeout(timeout).emitWithAck('invoke', channel, arg)) as InvokeOutcome<K>;
      } catch {
        return { ok: false, error: t('store:hostSilent') };
      }
    },
    on<K extends PushChannel>(channel: K, listener: (payload: Pushes[K]) => void): () => void {
      const handler = (payload: unknown): void => listener(payload as Pushes[K]);
      pushes.on(channel, handler);
      return () => void pushes.off(channel, handler);
    },
  };
}
