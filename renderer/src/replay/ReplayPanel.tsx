import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_KINDS, type ExportedFile, type TimelineBookmark } from '../../../shared/replay';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../../shared/settings';
import { currentLanguage } from '../i18n/i18n';
import { formatCount, formatUtc } from '../panels/format';
import type { ReplayUi } from '../store/types';
import { ui, useUi } from '../store/uiStore';
import { extentOf, formatMoment, parseMoment, UTC_MARK, type Parsed } from '../timeline/timelineModel';
import { exportDescription, exportLabel } from './exportLabels';
import { describeLogEntry, formatBytes, formatLogTime, type LogNames } from './logText';
import { useWrittenFiles, writeExport, writeReportPdf, type Period } from './writtenFiles';
import './replay.css';

/** Row height in px; must match `.wf-log-row` in replay.css (the virtualiser positions by it). */
const LOG_ROW_HEIGHT = 22;

/** Shown as an example in messages; a path, so never translated. */
const EXAMPLE_ARCHIVE_PATH = '/home/analyst/archives/JO-Danube.sqlite';

/** Key names in hints, as the keyboard prints them (placeholders, so no translation changes them). */
const REPLAY_KEY = 'T';
const PRINT_KEYS = 'Ctrl+P';

/** The desktop app has its own file dialog; the browser host needs the archive's path typed. */
function isDesktop(): boolean {
  return window.watchfloor?.host === 'electron';
}

/** The event list in step with the map: newest first, the line at the cursor marked, click to seek. */
function EventLog({ replay }: { replay: ReplayUi }) {
  const { t } = useTranslation('replay');
  const units = useUi((s) => s.state.units);
  const incidents = useUi((s) => s.state.incidents);
  const sectors = useUi((s) => s.state.sectors);
  const crossings = useUi((s) => s.state.crossings);
  const linkedCases = useUi((s) => s.state.linkedCases);
  const names: LogNames = useMemo(
    () => ({ units, incidents, sectors, crossings, linkedCases }),
    [units, incidents, sectors, crossings, linkedCases],
  );
  const log = replay.log;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: log.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_HEIGHT,
    overscan: 16,
    getItemKey: (index) => log[index]?.seq ?? index,
  });
  return (
    <section className="wf-replay-log" aria-label={t('log.title')}>
      <h3 className="wf-replay-heading">
        {t('log.title')}{' '}
        <span className="wf-muted-text">{t('log.upTo', { moment: formatMoment(replay.at) })}</span>
      </h3>
      <div className="wf-scroll" ref={scrollRef} data-testid="replay-log">
        {log.length === 0 ? (
          <p className="wf-empty">{t('log.empty')}</p>
        ) : (
          <div className="wf-virtual" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = log[item.index];
              if (!entry) return null;
              // Incident text comes from the feed and is untrusted: rendered as a text node only.
              const text = describeLogEntry(entry, names);
              const current = entry.seq === replay.seq;
              return (
                <button
                  key={item.key}
                  type="button"
                  className={`wf-log-row wf-log-${entry.type.split('.')[0] ?? 'other'}${current ? ' is-current' : ''}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                  data-testid="log-row"
                  data-seq={entry.seq}
                  data-ts={entry.ts}
                  aria-current={current ? 'true' : undefined}
                  title={t('log.rowTitle', { text, utc: formatUtc(entry.ts), seq: entry.seq })}
                  onClick={() => void ui.seek(entry.ts, true)}
                >
                  <span className="wf-time">{formatLogTime(entry.ts, replay.at)}</span>
                  <span className="wf-log-text">{text}</span>
                </button>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

function BookmarkRow({ bookmark, reference }: { bookmark: TimelineBookmark; reference: number }) {
  const { t } = useTranslation('replay');
  return (
    <li
      className="wf-bookmark"
      data-testid="bookmark-row"
      data-bookmark-id={bookmark.bookmarkId}
      data-at={bookmark.at}
    >
      <button
        type="button"
        className="wf-bookmark-body"
        title={t('bookmarks.show', { utc: formatUtc(bookmark.at) })}
        onClick={() => void ui.seek(bookmark.at, true)}
      >
        <span className="wf-time">{formatLogTime(bookmark.at, reference)}</span>
        <span className="wf-bookmark-label">{bookmark.label}</span>
        {bookmark.shared ? (
          <span className="wf-chip wf-chip-shared" title={t('bookmarks.sharedTitle')}>
            {t('bookmarks.shared')}
          </span>
        ) : (
          <span className="wf-chip" title={t('bookmarks.localTitle')}>
            {t('bookmarks.local')}
          </span>
        )}
        {bookmark.note && <span className="wf-bookmark-note">{bookmark.note}</span>}
        <span className="wf-bookmark-author">{bookmark.author}</span>
      </button>
      {!bookmark.shared && (
        <button
          type="button"
          className="wf-button wf-button-quiet"
          data-testid="bookmark-remove"
          aria-label={t('bookmarks.removeAria', { label: bookmark.label })}
          title={t('bookmarks.removeTitle')}
          onClick={() => void ui.removeBookmark(bookmark.bookmarkId)}
        >
          {
            // eslint-disable-next-line i18next/no-literal-string -- an icon; the button's name is its aria-label
            '✕'
          }
        </button>
      )}
    </li>
  );
}

/** The bookmarks of the operation replayed, and a form to mark the moment shown. */
function Bookmarks({ replay }: { replay: ReplayUi }) {
  const { t } = useTranslation('replay');
  const [label, setLabel] = useState('');
  const [note, setNote] = useState('');
  const [share, setShare] = useState(false);
  const [missingLabel, setMissingLabel] = useState(false);
  const [saving, setSaving] = useState(false);
  const readOnly = replay.source.readOnly || replay.source.kind === 'archive';
  const bookmarks = replay.timeline?.bookmarks ?? [];
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (label.trim() === '') {
      setMissingLabel(true);
      return;
    }
    setMissingLabel(false);
    setSaving(true);
    void ui.bookmarkHere(label.trim(), note.trim() || undefined, share && !readOnly).then((ok) => {
      setSaving(false);
      if (ok) {
        setLabel('');
        setNote('');
      }
    });
  };
  return (
    <details className="wf-replay-section" open>
      <summary>
        {t('bookmarks.title')} <span className="wf-muted-text">{formatCount(bookmarks.length)}</span>
      </summary>
      {bookmarks.length === 0 ? (
        <p className="wf-muted-text wf-replay-hint">{t('bookmarks.empty')}</p>
      ) : (
        <ul className="wf-bookmarks" data-testid="bookmark-list">
          {bookmarks.map((b) => (
            <BookmarkRow key={b.bookmarkId} bookmark={b} reference={replay.at} />
          ))}
        </ul>
      )}
      <form className="wf-replay-form" onSubmit={onSubmit} data-testid="bookmark-form">
        <input
          className="wf-input"
          placeholder={t('bookmarks.labelPlaceholder')}
          aria-label={t('bookmarks.labelAria')}
          data-testid="bookmark-label"
          maxLength={200}
          value={label}
          onChange={(e) => {
            setLabel(e.target.value);
            setMissingLabel(false);
          }}
        />
        <input
          className="wf-input"
          placeholder={t('bookmarks.notePlaceholder')}
          aria-label={t('bookmarks.noteAria')}
          data-testid="bookmark-note"
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <label
          className="wf-check"
          title={readOnly ? t('bookmarks.shareReadOnlyTitle') : t('bookmarks.shareTitle')}
        >
          <input
            type="checkbox"
            data-testid="bookmark-share"
            checked={share && !readOnly}
            disabled={readOnly}
            onChange={(e) => setShare(e.target.checked)}
          />
          {t('bookmarks.share')}
        </label>
        <button
          type="submit"
          className="wf-button wf-button-primary"
          data-testid="bookmark-add"
          disabled={saving}
        >
          {t('bookmarks.add', { time: formatLogTime(replay.at, replay.at) })}
        </button>
        {missingLabel && (
          <p className="wf-field-error" role="alert">
            {t('bookmarks.missingLabel')}
          </p>
        )}
      </form>
    </details>
  );
}

function WrittenFileRow({ file }: { file: ExportedFile }) {
  const { t } = useTranslation('replay');
  return (
    <li className="wf-written" data-testid="written-file" data-kind={file.kind}>
      <div className="wf-written-head">
        <span className="wf-written-name" title={file.fileName}>
          {file.fileName}
        </span>
        <span className="wf-muted-text">{formatBytes(file.bytes)}</span>
      </div>
      <div className="wf-written-links">
        {file.url && (
          <a className="wf-link" href={file.url} download={file.fileName} data-testid="written-download">
            {t('files.download')}
          </a>
        )}
        {file.url && file.kind === 'report.html' && (
          <a
            className="wf-link"
            href={file.url}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="report-open"
          >
            {t('files.openToPrint')}
          </a>
        )}
      </div>
      <div className="wf-written-path" title={t('files.pathTitle')} data-testid="written-path">
        {file.path}
      </div>
    </li>
  );
}

/** Exports of the operation replayed (the live one when not replaying), for the whole operation or a period. */
/** What is wrong with the period typed; worded when shown, so it follows the language. */
type PeriodError =
  { field: 'from' | 'to'; failure: Extract<Parsed<number>, { ok: false }> } | { field: 'order' };

function Exports({ replay }: { replay: ReplayUi | null }) {
  const { t } = useTranslation('replay');
  const { files, busy, pdfRefusal } = useWrittenFiles();
  const [whole, setWhole] = useState(true);
  // The report's language: the interface's until the officer picks another one for the report.
  const [chosenLanguage, setChosenLanguage] = useState<Language | null>(null);
  const reportLanguage: Language = chosenLanguage ?? currentLanguage();
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [error, setError] = useState<PeriodError | null>(null);
  const extent = extentOf(replay?.timeline ?? null);
  const reference = replay?.at ?? extent?.start ?? Date.now();

  const period = (): Period | null => {
    if (whole) return {};
    const out: Period = {};
    if (fromText.trim() !== '') {
      const from = parseMoment(fromText, reference);
      if (!from.ok) {
        setError({ field: 'from', failure: from });
        return null;
      }
      out.from = from.value;
    }
    if (toText.trim() !== '') {
      const to = parseMoment(toText, reference);
      if (!to.ok) {
        setError({ field: 'to', failure: to });
        return null;
      }
      out.to = to.value;
    }
    if (out.from !== undefined && out.to !== undefined && out.from > out.to) {
      setError({ field: 'order' });
      return null;
    }
    setError(null);
    return out;
  };

  const errorText = (e: PeriodError): string => {
    if (e.field === 'from') return t('period.fromError', { error: e.failure.error });
    if (e.field === 'to') return t('period.toError', { error: e.failure.error });
    return t('period.order');
  };

  return (
    <details className="wf-replay-section" open={replay !== null} data-testid="replay-exports">
      <summary>{t('exports.title')}</summary>
      <div className="wf-period" role="radiogroup" aria-label={t('period.label')}>
        <label className="wf-check">
          <input type="radio" name="wf-period" checked={whole} onChange={() => setWhole(true)} />
          {t('period.whole')}
        </label>
        <label className="wf-check">
          <input
            type="radio"
            name="wf-period"
            checked={!whole}
            onChange={() => setWhole(false)}
            data-testid="export-period"
          />
          {t('period.label')}
        </label>
        {!whole && (
          <span className="wf-period-fields">
            <input
              className="wf-input"
              placeholder={t('period.fromPlaceholder')}
              aria-label={t('period.from')}
              data-testid="export-from"
              value={fromText}
              onChange={(e) => setFromText(e.target.value)}
            />
            <input
              className="wf-input"
              placeholder={t('period.toPlaceholder', { z: UTC_MARK })}
              aria-label={t('period.to')}
              data-testid="export-to"
              value={toText}
              onChange={(e) => setToText(e.target.value)}
            />
          </span>
        )}
      </div>
      {error && (
        <p className="wf-field-error" role="alert">
          {errorText(error)}
        </p>
      )}
      <label className="wf-report-language">
        <span>{t('exports.reportLanguage')}</span>
        <select
          className="wf-select"
          data-testid="report-language"
          value={reportLanguage}
          onChange={(e) => setChosenLanguage(e.target.value as Language)}
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </label>
      <div className="wf-export-buttons">
        {EXPORT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="wf-button"
            data-testid={`export-${kind}`}
            title={exportDescription(kind)}
            disabled={busy.includes(kind)}
            onClick={() => {
              const p = period();
              if (p) void writeExport(kind, p, reportLanguage);
            }}
          >
            {busy.includes(kind) ? t('exports.writing') : exportLabel(kind)}
          </button>
        ))}
        <button
          type="button"
          className="wf-button wf-button-primary"
          data-testid="export-report-pdf"
          disabled={busy.includes('report.pdf')}
          onClick={() => {
            const p = period();
            if (p) void writeReportPdf(p, reportLanguage);
          }}
        >
          {busy.includes('report.pdf') ? t('exports.printing') : t('exports.reportPdf')}
        </button>
      </div>
      {pdfRefusal && (
        <p className="wf-replay-notice" role="status" data-testid="pdf-refusal">
          {pdfRefusal.reason ?? t('exports.pdfRefused', { keys: PRINT_KEYS })}{' '}
          <button
            type="button"
            className="wf-link"
            onClick={() => {
              const p = period();
              if (p) void writeExport('report.html', p, reportLanguage);
            }}
          >
            {t('exports.writeHtml')}
          </button>
        </p>
      )}
      {files.length > 0 && (
        <ul className="wf-written-list" data-testid="written-files">
          {files.map((f) => (
            <WrittenFileRow key={f.path} file={f} />
          ))}
        </ul>
      )}
    </details>
  );
}

/** Opens an operation archive for replay (read only); the desktop app shows its own dialog. */
function ArchiveOpener({ replay }: { replay: ReplayUi | null }) {
  const { t } = useTranslation('replay');
  const [path, setPath] = useState('');
  const [opening, setOpening] = useState(false);
  const [missingPath, setMissingPath] = useState(false);
  const desktop = isDesktop();
  const open = (): void => {
    // The host judges the path (absolute, an archive, intact); an empty field is refused here.
    if (!desktop && path.trim() === '') {
      setMissingPath(true);
      return;
    }
    setMissingPath(false);
    setOpening(true);
    void ui.openArchive(desktop ? undefined : path.trim()).then(() => setOpening(false));
  };
  return (
    <details
      className="wf-replay-section"
      open={replay?.source.kind === 'archive'}
      data-testid="replay-archive"
    >
      <summary>{t('archive.title')}</summary>
      {replay?.source.kind === 'archive' && (
        <button
          type="button"
          className="wf-button"
          data-testid="archive-close"
          onClick={() => void ui.leaveReplay()}
          title={t('archive.closeTitle')}
        >
          {t('archive.close')}
        </button>
      )}
      {desktop ? (
        <button
          type="button"
          className="wf-button"
          data-testid="archive-open"
          disabled={opening}
          onClick={open}
        >
          {opening ? t('archive.opening') : t('archive.openDialog')}
        </button>
      ) : (
        <form
          className="wf-replay-form"
          onSubmit={(e) => {
            e.preventDefault();
            open();
          }}
        >
          <input
            className="wf-input"
            placeholder="/path/to/archive.sqlite"
            aria-label={t('archive.pathAria')}
            data-testid="archive-path"
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              setMissingPath(false);
            }}
          />
          <button type="submit" className="wf-button" data-testid="archive-open" disabled={opening}>
            {opening ? t('archive.opening') : t('archive.open')}
          </button>
        </form>
      )}
      <p className="wf-muted-text wf-replay-hint">{t('archive.hint')}</p>
      {missingPath && (
        <p className="wf-field-error" role="alert">
          {t('archive.missingPath', { example: EXAMPLE_ARCHIVE_PATH })}
        </p>
      )}
    </details>
  );
}

/** The right-hand Replay tab: event log, bookmarks, exports and the archive. */
export function ReplayPanel() {
  const { t } = useTranslation('replay');
  const replay = useUi((s) => s.replay);
  const archive = replay?.source.kind === 'archive' ? replay.source : null;
  return (
    <section className="wf-panel wf-replay" data-testid="replay-panel" aria-label={t('panel.title')}>
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">{t('panel.title')}</h2>
        <span className="wf-muted-text wf-ellipsis" title={replay?.source.label ?? ''}>
          {replay ? replay.source.label : t('panel.live')}
        </span>
      </header>
      {archive && (
        <div className="wf-archive-banner" role="status" data-testid="archive-banner">
          <strong>{t('panel.archiveBanner')}</strong> {archive.label}
          <div className="wf-archive-path" title={archive.path ?? ''}>
            {archive.path}
          </div>
        </div>
      )}
      {replay ? (
        <EventLog replay={replay} />
      ) : (
        <div className="wf-replay-intro">
          <p>{t('panel.intro')}</p>
          <button
            type="button"
            className="wf-button wf-button-primary"
            onClick={() => void ui.toggleReplay()}
          >
            {t('panel.start', { key: REPLAY_KEY })}
          </button>
        </div>
      )}
      <div className="wf-replay-tools">
        {replay && <Bookmarks replay={replay} />}
        <Exports replay={replay} />
        <ArchiveOpener replay={replay} />
      </div>
    </section>
  );
}
