import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import type {
  ExportKind,
  ExportedFile,
  ReplaySourceInfo,
  SeekResult,
  StepTarget,
  TimelineBookmark,
  TimelineSummary,
} from '../../../shared/replay';
import type { Language } from '../../../shared/settings';
import type { Core } from '../Core';
import { ensurePrivateDir } from '../privateFiles';
import { ReadWorker, workerEntry } from '../store/readWorker';
import { SqliteStore } from '../store/SqliteStore';
import type { ExportJob } from './exportJob';
import type { TakTrack } from '../../../shared/tak';
import { exportFailure } from './exportFailure';
import { writeExport } from './exportFiles';
import { ReplaySession, sharedBookmarks } from './ReplaySession';

/** How one page's replay reaches files: where exports go and how the host hands them out. */
export interface ReplayServiceOptions {
  /** Exports are written here (created when missing). */
  exportsDir: string;
  /** The address a written file can be fetched from (the browser host); absent in the desktop app. */
  exportUrl?: (fileName: string) => string;
  /** The offline map data (countries.json), for the report's map image. */
  geoDir?: string;
  appVersion: string;
  now?: () => number;
  /** The room's "stale after" setting now, for the CoT export. */
  staleAfterMs?: () => number;
}

/**
 * One page's replay: its session over the live store or an opened archive, its bookmarks, and the
 * exports of what it replays. The live core goes on storing the feed meanwhile. Each page (each
 * desktop window, each browser-host connection) has its own, so two people can replay different
 * moments.
 */
export class ReplayService {
  private session: ReplaySession;
  private archive: SqliteStore | null = null;
  /** Writes the exports that read the log (all but the archive copy) off the core's event loop. */
  private readonly worker = new ReadWorker<ExportJob, null>(workerEntry(import.meta.url, 'exportWorker'));

  constructor(
    private readonly core: Core,
    private readonly operator: string,
    private readonly options: ReplayServiceOptions,
  ) {
    this.session = this.liveSession();
  }

  private liveSession(): ReplaySession {
    return new ReplaySession(
      { store: this.core.replaySource(), kind: 'live', liveState: () => this.core.state },
      this.operator,
    );
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The operation replayed: the archive's, or the live store's. */
  private operationId(): string {
    return this.session.info().operationId ?? 'unknown-operation';
  }

  /** Replays the live store again; closes an archive that was open. */
  useLive(): ReplaySourceInfo {
    this.closeArchive();
    this.session = this.liveSession();
    return this.session.info();
  }

  /**
   * Opens an archive read only and replays it. A file that is not a complete, intact archive is
   * refused with the reason (thrown), and what was replayed before stays as it was.
   */
  openArchive(path: string): ReplaySourceInfo {
    if (!isAbsolute(path))
      throw new CoreMessageError(coreMessage('replay.archivePathRelative', { path: path.slice(0, 200) }));
    const archive = SqliteStore.openArchive(path);
    const session = new ReplaySession(
      { store: archive.reader, kind: 'archive', validate: true },
      this.operator,
    );
    let info: ReplaySourceInfo;
    try {
      // Reads (and checks) the archive's last picture: an altered one is refused before anything changes.
      info = session.info();
    } catch (error) {
      archive.close();
      throw error;
    }
    this.closeArchive();
    this.archive = archive;
    this.session = session;
    return info;
  }

  /** The source, for the page. */
  info(): ReplaySourceInfo {
    return this.session.info();
  }

  /** This workstation's bookmarks of the operation, and those the archive brought from its own. */
  private bookmarks(): TimelineBookmark[] {
    const operationId = this.operationId();
    const own = this.core.bookmarks.list(operationId);
    const ids = new Set(own.map((b) => b.bookmarkId));
    const brought = (this.archive?.bookmarks.list(operationId) ?? []).filter((b) => !ids.has(b.bookmarkId));
    return [...own, ...brought].map((b) => ({
      bookmarkId: b.bookmarkId,
      at: b.at,
      label: b.label,
      ...(b.note ? { note: b.note } : {}),
      author: b.author,
      shared: false,
    }));
  }

  timeline(bins: number): TimelineSummary {
    return this.session.timeline(bins, this.bookmarks());
  }

  seek(at: number, trailWindowMs: number, exact: boolean, fresh = false): SeekResult {
    if (fresh) this.session.resetView();
    return this.session.seek(at, { trailWindowMs, exact });
  }

  step(from: number, direction: 1 | -1, target: StepTarget): number | null {
    return this.session.step(from, direction, target, [
      ...sharedBookmarks(this.session.finalState()),
      ...this.bookmarks(),
    ]);
  }

  /**
   * Keeps a bookmark on this workstation (in the live store, for the operation replayed, so an
   * archive's bookmarks survive it being closed). `share` also sends it to the operation, which
   * only the live operation can take.
   */
  addBookmark(label: string, at: number, note: string | undefined, share: boolean): TimelineBookmark {
    const info = this.session.info();
    if (share && info.kind !== 'live')
      throw new CoreMessageError(coreMessage('replay.bookmarkArchiveReadOnly'));
    const bookmark = {
      bookmarkId: randomUUID(),
      operationId: this.operationId(),
      at,
      label,
      ...(note ? { note } : {}),
      author: this.operator,
      createdAt: this.now(),
    };
    this.core.bookmarks.add(bookmark);
    if (share) this.core.addBookmark(label, at, note);
    return {
      bookmarkId: bookmark.bookmarkId,
      at,
      label,
      ...(note ? { note } : {}),
      author: this.operator,
      shared: false,
    };
  }

  removeBookmark(bookmarkId: string): boolean {
    return this.core.bookmarks.remove(bookmarkId);
  }

  /** The period an export covers: the one asked for, or the whole operation. */
  private period(from?: number, to?: number): { from: number; to: number } {
    const range = this.session.source.store.timeRange();
    if (range.startTs === null || range.endTs === null)
      throw new CoreMessageError(coreMessage('replay.nothingToExport'));
    return { from: from ?? range.startTs, to: to ?? range.endTs };
  }

  /** Writes an export to the exports folder and says where it is; a report in `language`. */
  async export(kind: ExportKind, from?: number, to?: number, language?: Language): Promise<ExportedFile> {
    try {
      return await this.writeExport(kind, from, to, language);
    } catch (error) {
      // The reason in the officer's language: a full disk, a folder refused, the worker stopped…
      throw new CoreMessageError(exportFailure(error, this.options.exportsDir));
    }
  }

  private async writeExport(
    kind: ExportKind,
    from: number | undefined,
    to: number | undefined,
    language: Language | undefined,
  ): Promise<ExportedFile> {
    ensurePrivateDir(this.options.exportsDir);
    const period = this.period(from, to);
    const now = this.now();
    const { fileName, path } = exportPath(this.options.exportsDir, this.operationId(), kind, now);
    const source = this.session.source;
    const job: ExportJob = {
      kind,
      path,
      source: { kind: source.kind, path: source.store.fileRead },
      operator: this.operator,
      bookmarks: this.bookmarks(),
      geoDir: this.options.geoDir,
      appVersion: this.options.appVersion,
      now,
      ...period,
      ...(language ? { language } : {}),
      staleAfterMs: this.options.staleAfterMs?.(),
    };
    // The archive copy is SQLite's backup through the live connection, already paced; an
    // in-memory store has no file a worker could open.
    if (kind === 'archive.sqlite' || source.store.path === '' || source.store.path === ':memory:')
      await writeExport(kind, path, { ...job, session: this.session });
    else await this.worker.request(job);
    return {
      kind,
      fileName,
      path,
      bytes: statSync(path).size,
      url: this.options.exportUrl ? this.options.exportUrl(fileName) : null,
    };
  }

  /** The TAK layer at `at` of what is replayed (an archive keeps the TAK tracks it was made with). */
  takAt(at: number): TakTrack[] {
    return this.archive ? this.archive.tak.at(at) : this.core.tak.at(at);
  }

  /** Releases the archive (the page went away, or replays the live store again). */
  close(): void {
    this.closeArchive();
    void this.worker.close();
  }

  private closeArchive(): void {
    this.archive?.close();
    this.archive = null;
  }
}

/** A file name that says what, of which operation, and when: `OP-incidents-20261129T140312Z.csv`. */
export function exportPath(
  dir: string,
  operationId: string,
  kind: ExportKind,
  now: number,
): { fileName: string; path: string } {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const safeId = operationId.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) || 'operation';
  const [stem, ext] = kind.split('.') as [string, string];
  const fileName = `${safeId}-${stem}-${stamp}.${ext}`;
  return { fileName, path: join(dir, fileName) };
}
