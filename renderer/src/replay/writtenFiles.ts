import { useSyncExternalStore } from 'react';
import type { ExportKind, ExportedFile } from '../../../shared/replay';
import type { Language } from '../../../shared/settings';
import { currentLanguage } from '../i18n/i18n';
import { ui } from '../store/uiStore';

/**
 * The files this page has had written (exports, reports, archives), newest first, so the replay
 * panel can list them whether the command came from the panel, the palette or a menu. What is being
 * written is listed too, so a second click does not start the same export twice.
 */

/** An export's period; no bounds means the whole operation. */
export interface Period {
  from?: number;
  to?: number;
}

/** What the panel shows of the exports. */
export interface WrittenFiles {
  files: readonly ExportedFile[];
  /** Kinds being written now ('report.pdf' for the printed report). */
  busy: readonly string[];
  /**
   * Set when the last PDF could not be printed here (the browser host cannot): the host's reason,
   * or null for the panel's own explanation (translated when shown, so it follows the language).
   */
  pdfRefusal: { reason: string | null } | null;
}

/** Files kept in the list; older ones are still in the exports folder. */
const MAX_FILES = 20;

let current: WrittenFiles = { files: [], busy: [], pdfRefusal: null };
const listeners = new Set<() => void>();

function update(patch: (s: WrittenFiles) => Partial<WrittenFiles>): void {
  current = { ...current, ...patch(current) };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The list, for components. */
export function useWrittenFiles(): WrittenFiles {
  return useSyncExternalStore(subscribe, () => current);
}

/** The list now (tests, commands). */
export function writtenFiles(): WrittenFiles {
  return current;
}

async function writing(
  kind: string,
  write: () => Promise<ExportedFile | null>,
): Promise<ExportedFile | null> {
  if (current.busy.includes(kind)) return null;
  update((s) => ({ busy: [...s.busy, kind] }));
  try {
    const file = await write();
    if (file) update((s) => ({ files: [file, ...s.files].slice(0, MAX_FILES) }));
    return file;
  } finally {
    update((s) => ({ busy: s.busy.filter((k) => k !== kind) }));
  }
}

/**
 * Writes an export of the operation replayed (the live one when not replaying); the HTML report in
 * `language`, the interface's by default.
 */
export function writeExport(
  kind: ExportKind,
  period: Period = {},
  language: Language = currentLanguage(),
): Promise<ExportedFile | null> {
  return writing(kind, () =>
    ui.exportFile(kind, period.from, period.to, kind === 'report.html' ? language : undefined),
  );
}

/**
 * The after-action report as PDF, in `language` (the interface's by default). The desktop app prints it; the browser host cannot, and then the
 * panel says how to print the HTML report from the browser instead.
 */
export async function writeReportPdf(
  period: Period = {},
  language: Language = currentLanguage(),
): Promise<ExportedFile | null> {
  update(() => ({ pdfRefusal: null }));
  const notice = ui.snapshot.notice;
  const file = await writing('report.pdf', () => ui.reportPdf(period.from, period.to, language));
  if (!file) {
    const reason = ui.snapshot.notice !== notice ? ui.snapshot.notice : null;
    // Said once, next to the button, instead of also in the status bar.
    if (reason) ui.set({ notice });
    update(() => ({ pdfRefusal: { reason } }));
  }
  return file;
}

/** Forgets the list (tests). */
export function resetWrittenFiles(): void {
  current = { files: [], busy: [], pdfRefusal: null };
}
