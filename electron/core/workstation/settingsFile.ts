import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import {
  defaultSettings,
  SETTINGS_VERSION,
  settingsFileSchema,
  type SettingsFile,
} from '../../../shared/settings';
import { describeZodError } from '../../../shared/protocol/parseEvent';
import { writePrivateFile } from '../privateFiles';
import { coreMessage, type CoreMessage } from '../../../shared/coreMessage';

/** What loading the settings found. */
export interface LoadedSettings {
  settings: SettingsFile;
  /** A file that could not be used, what was wrong and where it was kept; null when all was well. */
  problem: CoreMessage | null;
  /** No settings file yet: a new workstation. */
  fresh: boolean;
  /** A file that could not be used was renamed aside (so writing the defaults loses nothing). */
  keptAside: boolean;
}

/**
 * Reads settings.json. A file that cannot be used (not JSON, failing the schema, written by a newer
 * version) is never overwritten: it is renamed aside, kept for whoever wants to repair it, and the
 * defaults are used with a message that says so. The stores are separate files and untouched.
 */
export function loadSettings(path: string, now: () => number = Date.now): LoadedSettings {
  if (!existsSync(path)) return { settings: defaultSettings(), problem: null, fresh: true, keptAside: false };
  // What was wrong: not JSON, written by a newer version, or failing the schema (its words as a value).
  let cause: { kind: 'notJson' } | { kind: 'newer'; version: number } | { kind: 'invalid'; reason: string };
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > SETTINGS_VERSION) {
      cause = { kind: 'newer', version };
    } else {
      const parsed = settingsFileSchema.safeParse(raw);
      if (parsed.success) return { settings: parsed.data, problem: null, fresh: false, keptAside: false };
      // A layout out of bounds costs the layout only: the profiles and preferences stay as they are.
      if (parsed.error.issues.every((issue) => issue.path[0] === 'layout')) {
        const rest = settingsFileSchema.safeParse({ ...(raw as object), layout: undefined });
        if (rest.success)
          return {
            settings: rest.data,
            problem: coreMessage('settingsFile.layoutUnusable', { reason: describeZodError(parsed.error) }),
            fresh: false,
            keptAside: false,
          };
      }
      cause = { kind: 'invalid', reason: describeZodError(parsed.error) };
    }
  } catch (error) {
    // The system's own words (a file that cannot be read) go as they are.
    cause =
      error instanceof SyntaxError
        ? { kind: 'notJson' }
        : { kind: 'invalid', reason: (error as Error).message };
  }
  const kept = `${path}.unreadable-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  let keptAside = false;
  try {
    renameSync(path, kept);
    keptAside = true;
  } catch {
    // Left where it is: the next save replaces it, and the message says so.
  }
  const where = keptAside ? 'Kept' : 'NotMoved';
  const params: Record<string, string | number> = keptAside ? { kept: basename(kept) } : {};
  if (cause.kind === 'newer') params.version = cause.version;
  if (cause.kind === 'invalid') params.reason = cause.reason;
  return {
    settings: defaultSettings(),
    problem: coreMessage(`settingsFile.${cause.kind}${where}`, params),
    fresh: false,
    keptAside,
  };
}

/**
 * Writes a JSON file so that a crash or a full disk leaves either the old file or the new one,
 * never half of one: a temporary file beside it, flushed, then renamed over. Readable by this user only.
 */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  // 0600 even over a temporary file a crashed run left behind (open() keeps an existing file's mode).
  writePrivateFile(temporary, text, true);
  renameSync(temporary, path);
}

/** Writes settings.json. */
export function saveSettings(path: string, settings: SettingsFile): void {
  writeFileAtomically(path, `${JSON.stringify(settings, null, 2)}\n`);
}
