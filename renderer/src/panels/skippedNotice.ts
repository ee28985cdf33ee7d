import type { CoreStatus } from '../../../shared/coreTypes';
import { t } from '../i18n/i18n';
import { formatCount } from './format';

/** The status bar's warning about the newest seq the core gave up on. */
export interface SkippedNotice {
  seq: number;
  /** When it was given up on: hiding the warning hides this skip only, a later one shows again. */
  at: number;
  text: string;
  /** The reason its copies were refused, and how many seqs were skipped in all. */
  title: string;
}

/**
 * The warning for the newest skipped seq, or null when none was skipped. It names the seq, so the
 * officer knows the picture went on without one event rather than stalling, and which one.
 */
export function skippedNotice(status: CoreStatus | null): SkippedNotice | null {
  const skips = status?.skippedEvents;
  const last = skips?.recent[skips.recent.length - 1];
  if (!skips || !last) return null;
  return {
    seq: last.seq,
    at: last.at,
    text: t('status:skipped.label', { seq: last.seq }),
    title: t('status:skipped.title', { seq: last.seq, reason: last.reason, total: formatCount(skips.total) }),
  };
}
