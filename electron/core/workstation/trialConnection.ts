import { randomBytes } from 'node:crypto';
import { coreMessage } from '../../../shared/coreMessage';
import type { ConnectionTestResult } from '../../../shared/settings';
import { systemClock } from '../clock';
import { FeedClient, type FeedTls } from '../feed/FeedClient';

/** Connects once, waits for the welcome (or the refusal), and disconnects. */
export function trialConnection(
  target: { url: string; token: string; tls: FeedTls; expectedOperationId: string | undefined },
  timeoutMs: number,
): Promise<ConnectionTestResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ConnectionTestResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.stop();
      resolve(result);
    };
    const client = new FeedClient(
      {
        url: target.url,
        token: target.token,
        clientId: `watchfloor-trial-${randomBytes(4).toString('hex')}`,
        tls: target.tls,
      },
      {
        onWelcome: (welcome) =>
          finish(
            target.expectedOperationId && target.expectedOperationId !== welcome.operationId
              ? {
                  ok: false,
                  message: coreMessage('trial.otherOperation', {
                    server: welcome.operationId,
                    expected: target.expectedOperationId,
                  }),
                  operationId: welcome.operationId,
                }
              : {
                  ok: true,
                  message: coreMessage('trial.connected', {
                    server: welcome.operationId,
                    events: welcome.lastSeq,
                  }),
                  operationId: welcome.operationId,
                },
          ),
        onEvents: () => {},
        onSnapshot: () => {},
        onHeartbeat: () => {},
        onLink: (state, detail) => {
          if (state === 'offline' && detail?.error) finish({ ok: false, message: detail.error });
        },
        onClockOffset: () => {},
        onBadMessage: (kind) => finish({ ok: false, message: coreMessage('trial.unreadable', { kind }) }),
      },
      systemClock,
    );
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          message: coreMessage('trial.noAnswer', { url: target.url, seconds: Math.round(timeoutMs / 1000) }),
        }),
      timeoutMs,
    );
    client.start();
  });
}
