import { io } from 'socket.io-client';
import type { InvokeChannel, InvokeOutcome, Pushes, PushChannel, WatchfloorApi } from '../../../shared/ipc';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { t } from '../i18n/i18n';

/**
 * The contract over the browser host's socket. On the first visit the host trades the token in the
 * printed address for an HttpOnly cookie and sends the page on to the bare address, so the page
 * normally never sees the token, and a reload keeps working on the cookie. A token still in the
 * address (an older host) is taken out of the address bar at once, kept in memory only, and never
 * stored by the page.
 */
export function connectBrowserHost(location: Location, history: History): WatchfloorApi {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token !== null) {
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  // The page's own id: after a dropped connection the host gives the page back its replay (and an
  // archive it had open) instead of starting it over.
  const page = crypto.randomUUID();
  const socket = io(location.origin, {
    path: '/host',
    auth: token ? { token, page } : { page },
    transports: ['websocket'],
  });
  // Refused by the host itself (neither the token nor its cookie, or a host restarted since, with
  // new ones): socket.io does not ask again, and every call says what to do instead of waiting
  // for an answer that will not come.
  let refused = false;
  const onRefused = new Set<() => void>();
  socket.on('connect', () => (refused = false));
  socket.on('connect_error', () => {
    if (socket.active) return;
    refused = true;
    for (const notify of onRefused) notify();
  });
  // The host switched to another profile's core: the page starts over on it, on its cookie (or with
  // the token it came with, which the host trades for the cookie again).
  socket.on('host:reload', () =>
    token ? location.replace(`/?token=${encodeURIComponent(token)}`) : location.reload(),
  );
  // Push payloads are typed by the contract, not by socket.io's generics.
  const pushes = socket as unknown as {
    on(event: string, handler: (payload: unknown) => void): void;
    off(event: string, handler: (payload: unknown) => void): void;
  };
  return {
    protocolVersion: PROTOCOL_VERSION,
    host: 'browser',
    async invoke<K extends InvokeChannel>(channel: K, arg: unknown): Promise<InvokeOutcome<K>> {
      const refusal = { ok: false as const, error: t('store:hostRefused') };
      if (refused) return refusal;
      let notify = (): void => {};
      const whenRefused = new Promise<typeof refusal>((resolve) => {
        notify = () => resolve(refusal);
        onRefused.add(notify);
      });
      try {
        // Exports of a long operation take minutes; everything else answers at once.
        const timeout = channel === 'export:write' || channel === 'report:pdf' ? 15 * 60_000 : 30_000;
        const answer = socket.timeout(timeout).emitWithAck('invoke', channel, arg) as Promise<
          InvokeOutcome<K>
        >;
        return await Promise.race([answer, whenRefused]);
      } catch {
        return { ok: false, error: t('store:hostSilent') };
      } finally {
        onRefused.delete(notify);
      }
    },
    on<K extends PushChannel>(channel: K, listener: (payload: Pushes[K]) => void): () => void {
      const handler = (payload: unknown, ack?: unknown): void => {
        try {
          listener((channel === 'positions:frame' ? withArrayBuffers(payload) : payload) as Pushes[K]);
        } catch (error) {
          // As an uncaught error would be, but the answer below still goes.
          console.error(`${channel}:`, error);
        }
        // The host sends the next frame or delta once this one is here (they ask for an answer),
        // answered even when the listener failed, as the desktop app's preload does: the next one
        // is the page's way back, not five seconds of a stopped picture.
        if (typeof ack === 'function') (ack as () => void)();
      };
      pushes.on(channel, handler);
      return () => void pushes.off(channel, handler);
    },
  };
}

/**
 * socket.io hands binary attachments over as ArrayBuffers in a page, as Buffers (views) elsewhere:
 * the frame's columns become ArrayBuffers either way, for the check that follows.
 */
export function withArrayBuffers(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object') return payload;
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out))
    if (ArrayBuffer.isView(value))
      out[key] = value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return out;
}
