import type { CoreStatus } from '../../../shared/coreTypes';
import { DEFAULT_VIEW_SETTINGS, type WatchfloorApi } from '../../../shared/ipc';
import type { OperationState } from '../../../shared/state';

/** A host that answers the page's start-up calls with `state` and `status`, and lets a test push. */
export function fakeHost(
  state: OperationState,
  status: CoreStatus,
): { api: WatchfloorApi; push: (channel: string, payload: unknown) => void } {
  const listeners = new Map<string, (payload: unknown) => void>();
  const answers: Record<string, unknown> = {
    'core:snapshot': { state, status, outbox: [], settings: DEFAULT_VIEW_SETTINGS },
    'core:trails': {},
  };
  const api = {
    protocolVersion: 1,
    host: 'browser',
    invoke: (channel: string) =>
      Promise.resolve(
        Object.hasOwn(answers, channel) ? { ok: true, value: answers[channel] } : { ok: false, error: 'no' },
      ),
    on: (channel: string, listener: (payload: unknown) => void) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  } as unknown as WatchfloorApi;
  return { api, push: (channel, payload) => listeners.get(channel)?.(payload) };
}
