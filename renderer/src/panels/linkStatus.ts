import type { CoreStatus, LinkState } from '../../../shared/coreTypes';
import { describeCoreMessage } from '../i18n/coreMessages';
import { t } from '../i18n/i18n';
import { formatAge, formatUtc } from './format';

/** What the status bar's link line shows: its state (for styling and tests), its text and its hover text. */
export interface LinkLine {
  /** The link state, or `silent` while the server does not answer (whatever the socket says). */
  state: LinkState | 'silent';
  text: string;
  title: string;
}

/**
 * The link line of the status bar. A silent server (see `CoreStatus.serverSilentSince`) is shown
 * as such rather than as "connected": a server that only sends heartbeats, or welcomes and never
 * answers, would otherwise look healthy while the picture stands still.
 */
export function linkLine(status: CoreStatus | null, now: number, replay: boolean): LinkLine {
  // Until the first status arrives the host is still being reached.
  const link = status?.link ?? 'connecting';
  const silentSince = status?.serverSilentSince ?? null;
  const stateText =
    silentSince !== null
      ? t('status:link.silent', { age: formatAge(Math.max(0, now - silentSince)) })
      : t(`status:link.state.${link}`);
  const error = describeCoreMessage(status?.linkError ?? null);
  return {
    state: silentSince !== null ? 'silent' : link,
    text:
      (replay ? t('status:link.liveFeed', { state: stateText }) : stateText) + (error ? ` — ${error}` : ''),
    title: [
      silentSince !== null ? t('status:link.silentTitle', { at: formatUtc(silentSince) }) : null,
      error,
      replay ? t('status:link.duringReplay') : null,
    ]
      .filter((line) => line !== null)
      .join('\n'),
  };
}
