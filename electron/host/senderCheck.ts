import type { InvokeChannel, InvokeOutcome } from '../../shared/ipc';
import type { HostContract } from '../core/hostContract';
import { coreMessage, refused } from '../../shared/coreMessage';

/** The origin the desktop app's page is served from. */
export const APP_SCHEME = 'app:';
export const APP_HOST = 'watchfloor';

/** What the main process knows of the frame an IPC call came from (Electron's WebFrameMain, in part). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * True for a URL (or an origin) of our own page, `app://watchfloor/...`: no user, no port.
 * Compared part by part: for a scheme WHATWG does not know (app:), `URL.origin` is the string
 * "null", so comparing origins would refuse our own page, or accept another page that also has a
 * "null" origin. The one check behind the IPC sender check and the permission handlers.
 */
export function isAppUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === APP_SCHEME &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** True only for our own page ({@link isAppUrl}) in the top frame (no parent frame). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/**
 * An IPC call as the desktop app takes it: refused, before the contract sees it, unless it came
 * from our own top frame; then the contract validates the channel and the argument.
 */
export function invokeFromFrame(
  contract: Pick<HostContract, 'invoke'>,
  frame: SenderFrame | null | undefined,
  channel: string,
  arg: unknown,
): Promise<InvokeOutcome<InvokeChannel>> {
  if (!isTrustedSender(frame)) return Promise.resolve(refused(coreMessage('host.notOurPage')));
  return contract.invoke(channel, arg);
}
