import type { ExportKind, TimelineBookmark } from '../../../shared/replay';
import type { Language } from '../../../shared/settings';

/** One export as the read worker is asked for it: plain data, copied to the worker thread. */
export interface ExportJob {
  kind: ExportKind;
  /** Where the file is written. */
  path: string;
  /** The store or archive replayed, opened read only by the worker. */
  source: { kind: 'live' | 'archive'; path: string };
  operator: string;
  bookmarks: TimelineBookmark[];
  geoDir?: string | undefined;
  appVersion: string;
  now: number;
  /** The period, inclusive. */
  from: number;
  to: number;
  /** The language of a report (English when absent). */
  language?: Language | undefined;
  /** The room's "stale after" setting (the CoT export's stale times). */
  staleAfterMs?: number | undefined;
}
