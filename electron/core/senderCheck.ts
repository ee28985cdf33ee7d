import type { InvokeChannel, InvokeOutcome } from '../../shared/ipc';
import type { HostContract } from './hostContract';

/** The origin the desktop app's page is served from. */
export const APP_SCHEME = 'app:';
export const APP_HOST = 'watchfloor';

/** What the main process knows of the frame an IPC call came from (Electron's WebFrameMain, in part). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * True only for our own page in the top frame: `app://watchfloor/...`, no user, no port, no
 * parent frame. Compared part by part: for a scheme WHATWG does not know (app:), `URL.origin`
 * is the string "null", so comparing origins would refuse our own page, or accept another
 * page that also has a "null" origin.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return (
    url.protocol === APP_SCHEME &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
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
  if (!isTrustedSender(frame))
    return Promise.resolve({ ok: false, error: 'refused: not the Watchfloor page' });
  return contract.invoke(channel, arg);
}
