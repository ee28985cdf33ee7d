import { randomBytes } from 'node:crypto';
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
                  message: `The server answers, but it runs operation ${welcome.operationId}, not ${target.expectedOperationId}.`,
                  operationId: welcome.operationId,
                }
              : {
                  ok: true,
                  message: `Connected: the server runs operation ${welcome.operationId} (${welcome.lastSeq} events so far).`,
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
        onBadMessage: (kind) =>
          finish({ ok: false, message: `The server sent a ${kind} this version cannot read.` }),
      },
      systemClock,
    );
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          message: `No answer from ${target.url} within ${Math.round(timeoutMs / 1000)} s.`,
        }),
      timeoutMs,
    );
    client.start();
  });
}
