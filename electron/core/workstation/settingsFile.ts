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

/** What loading the settings found. */
export interface LoadedSettings {
  settings: SettingsFile;
  /** A file that could not be used, what was wrong and where it was kept; null when all was well. */
  problem: string | null;
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
  let reason: string;
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > SETTINGS_VERSION) {
      reason = `it was written by a newer version of Watchfloor (settings version ${version})`;
    } else {
      const parsed = settingsFileSchema.safeParse(raw);
      if (parsed.success) return { settings: parsed.data, problem: null, fresh: false, keptAside: false };
      // A layout out of bounds costs the layout only: the profiles and preferences stay as they are.
      if (parsed.error.issues.every((issue) => issue.path[0] === 'layout')) {
        const rest = settingsFileSchema.safeParse({ ...(raw as object), layout: undefined });
        if (rest.success)
          return {
            settings: rest.data,
            problem: `The remembered layout in the settings file could not be used (${describeZodError(parsed.error)}); the default layout is in use.`,
            fresh: false,
            keptAside: false,
          };
      }
      reason = describeZodError(parsed.error);
    }
  } catch (error) {
    reason = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message;
  }
  const kept = `${path}.unreadable-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  let keptNote: string;
  let keptAside = false;
  try {
    renameSync(path, kept);
    keptNote = `it was kept as ${basename(kept)}`;
    keptAside = true;
  } catch {
    keptNote = 'it could not be moved aside and will be replaced when the settings are next saved';
  }
  return {
    settings: defaultSettings(),
    problem: `The settings file could not be used (${reason}); ${keptNote}, and the default settings are in use. The operation stores are untouched: connection profiles have to be set up again.`,
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
