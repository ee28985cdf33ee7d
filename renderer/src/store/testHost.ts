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

/** A connected workstation's status with nothing wrong, changed by `patch`. */
export function testStatus(patch: Partial<CoreStatus> = {}): CoreStatus {
  return {
    link: 'connected',
    linkError: null,
    linkFatal: false,
    serverSilentSince: null,
    operationId: 'JO-1',
    lastSeq: 1,
    lastEventAt: Date.UTC(2026, 9, 5, 6),
    lastReceivedAt: null,
    dataAgeMs: null,
    clockOffsetMs: null,
    outboxDepth: 0,
    quarantineCount: 0,
    readmissionsOverdue: 0,
    storeBytes: 0,
    storeNotice: null,
    skippedEvents: { total: 0, recent: [] },
    ...patch,
  };
}
