import { join } from 'node:path';

/**
 * Where a packaged app finds the Electron build of better-sqlite3, under its resources folder
 * (electron-builder.yml puts it there as an extraResource).
 */
export const PACKAGED_SQLITE_BINDING = ['sqlite', 'better_sqlite3.node'] as const;

/** What decides which build of the SQLite addon the main process loads. */
export interface SqliteBindingContext {
  /** Electron's `app.isPackaged`. */
  isPackaged: boolean;
  /** Electron's `process.resourcesPath`. */
  resourcesPath: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The path of the better-sqlite3 addon built for Electron's ABI, or undefined for the default
 * (the Node build in node_modules, which tests and the browser host use). A packaged app always
 * loads its own copy and ignores WATCHFLOOR_SQLITE_BINDING: a native addon runs with the app's
 * rights, and the fuses already refuse NODE_OPTIONS for the same reason.
 */
export function resolveSqliteBinding({
  isPackaged,
  resourcesPath,
  env,
}: SqliteBindingContext): string | undefined {
  if (isPackaged) return join(resourcesPath, ...PACKAGED_SQLITE_BINDING);
  return env['WATCHFLOOR_SQLITE_BINDING'] || undefined;
}
