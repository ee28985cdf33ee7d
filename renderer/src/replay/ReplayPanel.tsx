import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { EXPORT_KINDS, type ExportedFile, type TimelineBookmark } from '../../../shared/replay';
import { formatUtc } from '../panels/format';
import type { ReplayUi } from '../store/types';
import { ui, useUi } from '../store/uiStore';
import { extentOf, formatMoment, parseMoment } from '../timeline/timelineModel';
import { EXPORT_DESCRIPTIONS, EXPORT_LABELS } from './exportLabels';
import { describeLogEntry, formatBytes, formatLogTime, type LogNames } from './logText';
import { useWrittenFiles, writeExport, writeReportPdf, type Period } from './writtenFiles';
import './replay.css';

/** Row height in px; must match `.wf-log-row` in replay.css (the virtualiser positions by it). */
const LOG_ROW_HEIGHT = 22;

/** The desktop app has its own file dialog; the browser host needs the archive's path typed. */
function isDesktop(): boolean {
  return window.watchfloor?.host === 'electron';
}

/** The event list in step with the map: newest first, the line at the cursor marked, click to seek. */
function EventLog({ replay }: { replay: ReplayUi }) {
  const units = useUi((s) => s.state.units);
  const incidents = useUi((s) => s.state.incidents);
  const sectors = useUi((s) => s.state.sectors);
  const crossings = useUi((s) => s.state.crossings);
  const names: LogNames = useMemo(
    () => ({ units, incidents, sectors, crossings }),
    [units, incidents, sectors, crossings],
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
    <section className="wf-replay-log" aria-label="Event log">
      <h3 className="wf-replay-heading">
        Event log <span className="wf-muted-text">up to {formatMoment(replay.at)}, newest first</span>
      </h3>
      <div className="wf-scroll" ref={scrollRef} data-testid="replay-log">
        {log.length === 0 ? (
          <p className="wf-empty">No event before this moment.</p>
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
                  title={`${text}\n${formatUtc(entry.ts)} · event ${entry.seq}`}
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
        title={`Show ${formatUtc(bookmark.at)}`}
        onClick={() => void ui.seek(bookmark.at, true)}
      >
        <span className="wf-time">{formatLogTime(bookmark.at, reference)}</span>
        <span className="wf-bookmark-label">{bookmark.label}</span>
        {bookmark.shared ? (
          <span className="wf-chip wf-chip-shared" title="Shared with the operation">
            shared
          </span>
        ) : (
          <span className="wf-chip" title="Kept on this workstation">
            local
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
          aria-label={`Remove bookmark ${bookmark.label}`}
          title="Remove this bookmark (shared ones belong to the operation and stay)"
          onClick={() => void ui.removeBookmark(bookmark.bookmarkId)}
        >
          ✕
        </button>
      )}
    </li>
  );
}

/** The bookmarks of the operation replayed, and a form to mark the moment shown. */
function Bookmarks({ replay }: { replay: ReplayUi }) {
  const [label, setLabel] = useState('');
  const [note, setNote] = useState('');
  const [share, setShare] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const readOnly = replay.source.readOnly || replay.source.kind === 'archive';
  const bookmarks = replay.timeline?.bookmarks ?? [];
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (label.trim() === '') {
      setError('Give the bookmark a label.');
      return;
    }
    setError(null);
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
        Bookmarks <span className="wf-muted-text">{bookmarks.length}</span>
      </summary>
      {bookmarks.length === 0 ? (
        <p className="wf-muted-text wf-replay-hint">No bookmark yet.</p>
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
          placeholder="Label"
          aria-label="Bookmark label"
          data-testid="bookmark-label"
          maxLength={200}
          value={label}
          onChange={(e) => {
            setLabel(e.target.value);
            setError(null);
          }}
        />
        <input
          className="wf-input"
          placeholder="Note (optional)"
          aria-label="Bookmark note"
          data-testid="bookmark-note"
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <label
          className="wf-check"
          title={
            readOnly
              ? 'An archive is read only: its bookmarks stay on this workstation'
              : 'Also send the bookmark to the operation, for everyone'
          }
        >
          <input
            type="checkbox"
            data-testid="bookmark-share"
            checked={share && !readOnly}
            disabled={readOnly}
            onChange={(e) => setShare(e.target.checked)}
          />
          Share with the operation
        </label>
        <button
          type="submit"
          className="wf-button wf-button-primary"
          data-testid="bookmark-add"
          disabled={saving}
        >
          Bookmark {formatLogTime(replay.at, replay.at)}
        </button>
        {error && (
          <p className="wf-field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}

function WrittenFileRow({ file }: { file: ExportedFile }) {
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
            Download
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
            Open to print
          </a>
        )}
      </div>
      <div className="wf-written-path" title="Where the file was written" data-testid="written-path">
        {file.path}
      </div>
    </li>
  );
}

/** Exports of the operation replayed (the live one when not replaying), for the whole operation or a period. */
function Exports({ replay }: { replay: ReplayUi | null }) {
  const { files, busy, pdfRefusal } = useWrittenFiles();
  const [whole, setWhole] = useState(true);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const extent = extentOf(replay?.timeline ?? null);
  const reference = replay?.at ?? extent?.start ?? Date.now();

  const period = (): Period | null => {
    if (whole) return {};
    const out: Period = {};
    if (fromText.trim() !== '') {
      const from = parseMoment(fromText, reference);
      if (!from.ok) {
        setError(`From: ${from.error}`);
        return null;
      }
      out.from = from.value;
    }
    if (toText.trim() !== '') {
      const to = parseMoment(toText, reference);
      if (!to.ok) {
        setError(`To: ${to.error}`);
        return null;
      }
      out.to = to.value;
    }
    if (out.from !== undefined && out.to !== undefined && out.from > out.to) {
      setError('The period must end after it starts.');
      return null;
    }
    setError(null);
    return out;
  };

  return (
    <details className="wf-replay-section" open={replay !== null} data-testid="replay-exports">
      <summary>Exports and report</summary>
      <div className="wf-period" role="radiogroup" aria-label="Period">
        <label className="wf-check">
          <input type="radio" name="wf-period" checked={whole} onChange={() => setWhole(true)} />
          Whole operation
        </label>
        <label className="wf-check">
          <input
            type="radio"
            name="wf-period"
            checked={!whole}
            onChange={() => setWhole(false)}
            data-testid="export-period"
          />
          Period
        </label>
        {!whole && (
          <span className="wf-period-fields">
            <input
              className="wf-input"
              placeholder="From (e.g. 2026-11-29 06:00)"
              aria-label="From"
              data-testid="export-from"
              value={fromText}
              onChange={(e) => setFromText(e.target.value)}
            />
            <input
              className="wf-input"
              placeholder="To (e.g. 18:00 or …Z for UTC)"
              aria-label="To"
              data-testid="export-to"
              value={toText}
              onChange={(e) => setToText(e.target.value)}
            />
          </span>
        )}
      </div>
      {error && (
        <p className="wf-field-error" role="alert">
          {error}
        </p>
      )}
      <div className="wf-export-buttons">
        {EXPORT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="wf-button"
            data-testid={`export-${kind}`}
            title={EXPORT_DESCRIPTIONS[kind]}
            disabled={busy.includes(kind)}
            onClick={() => {
              const p = period();
              if (p) void writeExport(kind, p);
            }}
          >
            {busy.includes(kind) ? 'Writing…' : EXPORT_LABELS[kind]}
          </button>
        ))}
        <button
          type="button"
          className="wf-button wf-button-primary"
          data-testid="export-report-pdf"
          disabled={busy.includes('report.pdf')}
          onClick={() => {
            const p = period();
            if (p) void writeReportPdf(p);
          }}
        >
          {busy.includes('report.pdf') ? 'Printing…' : 'Report (PDF)'}
        </button>
      </div>
      {pdfRefusal && (
        <p className="wf-replay-notice" role="status" data-testid="pdf-refusal">
          {pdfRefusal}{' '}
          <button
            type="button"
            className="wf-link"
            onClick={() => {
              const p = period();
              if (p) void writeExport('report.html', p);
            }}
          >
            Write the HTML report
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
  const [path, setPath] = useState('');
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const desktop = isDesktop();
  const open = (): void => {
    // The host judges the path (absolute, an archive, intact); an empty field is refused here.
    if (!desktop && path.trim() === '') {
      setError('Type the full path of the .sqlite archive, e.g. /home/analyst/archives/JO-Danube.sqlite');
      return;
    }
    setError(null);
    setOpening(true);
    void ui.openArchive(desktop ? undefined : path.trim()).then(() => setOpening(false));
  };
  return (
    <details
      className="wf-replay-section"
      open={replay?.source.kind === 'archive'}
      data-testid="replay-archive"
    >
      <summary>Operation archive</summary>
      {replay?.source.kind === 'archive' && (
        <button
          type="button"
          className="wf-button"
          data-testid="archive-close"
          onClick={() => void ui.leaveReplay()}
          title="Close the archive and go back to the live picture"
        >
          Close the archive
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
          {opening ? 'Opening…' : 'Open archive…'}
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
            placeholder="/path/to/operation-archive.sqlite"
            aria-label="Full path of the archive on the host"
            data-testid="archive-path"
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              setError(null);
            }}
          />
          <button type="submit" className="wf-button" data-testid="archive-open" disabled={opening}>
            {opening ? 'Opening…' : 'Open archive'}
          </button>
        </form>
      )}
      <p className="wf-muted-text wf-replay-hint">
        An archive is replayed read only; the live feed keeps being stored meanwhile.
      </p>
      {error && (
        <p className="wf-field-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}

/** The right-hand Replay tab: event log, bookmarks, exports and the archive. */
export function ReplayPanel() {
  const replay = useUi((s) => s.replay);
  const archive = replay?.source.kind === 'archive' ? replay.source : null;
  return (
    <section className="wf-panel wf-replay" data-testid="replay-panel" aria-label="Replay">
      <header className="wf-panel-header">
        <h2 className="wf-panel-title">Replay</h2>
        <span className="wf-muted-text wf-ellipsis" title={replay?.source.label ?? ''}>
          {replay ? replay.source.label : 'live picture'}
        </span>
      </header>
      {archive && (
        <div className="wf-archive-banner" role="status" data-testid="archive-banner">
          <strong>Archive — read only.</strong> {archive.label}
          <div className="wf-archive-path" title={archive.path ?? ''}>
            {archive.path}
          </div>
        </div>
      )}
      {replay ? (
        <EventLog replay={replay} />
      ) : (
        <div className="wf-replay-intro">
          <p>
            Review any moment of the operation: the map and the panels follow the timeline; the live feed
            keeps being stored.
          </p>
          <button
            type="button"
            className="wf-button wf-button-primary"
            onClick={() => void ui.toggleReplay()}
          >
            Start replay (T)
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
