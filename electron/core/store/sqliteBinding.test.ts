import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSqliteBinding } from './sqliteBinding';

const resourcesPath = join('/opt', 'Watchfloor', 'resources');

describe('resolveSqliteBinding', () => {
  it('loads the copy shipped in the resources of a packaged app', () => {
    expect(resolveSqliteBinding({ isPackaged: true, resourcesPath, env: {} })).toBe(
      join(resourcesPath, 'sqlite', 'better_sqlite3.node'),
    );
  });

  it('ignores WATCHFLOOR_SQLITE_BINDING once packaged, so no environment can load another addon', () => {
    const env = { WATCHFLOOR_SQLITE_BINDING: '/tmp/evil.node' };
    expect(resolveSqliteBinding({ isPackaged: true, resourcesPath, env })).toBe(
      join(resourcesPath, 'sqlite', 'better_sqlite3.node'),
    );
  });

  it('takes the build npm start made when running from the source tree', () => {
    const env = {
      WATCHFLOOR_SQLITE_BINDING: '/srv/watchfloor/.data/electron-sqlite/build/Release/better_sqlite3.node',
    };
    expect(resolveSqliteBinding({ isPackaged: false, resourcesPath, env })).toBe(
      env.WATCHFLOOR_SQLITE_BINDING,
    );
  });

  it('leaves the default (the Node build) when nothing names another one', () => {
    expect(resolveSqliteBinding({ isPackaged: false, resourcesPath, env: {} })).toBeUndefined();
    expect(
      resolveSqliteBinding({ isPackaged: false, resourcesPath, env: { WATCHFLOOR_SQLITE_BINDING: '' } }),
    ).toBeUndefined();
  });
});
