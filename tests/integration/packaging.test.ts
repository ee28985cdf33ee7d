import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The packaging configuration, read back: the fuses and the settings that keep the installer the
 * app that was tested. (Flipping the fuses needs the Electron binary, which is not here; this
 * checks what electron-builder is told to do.)
 */
const config = parse(readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

describe('packaging configuration', () => {
  it('is valid against the schema of the electron-builder it is given to', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // A misspelt fuse would be refused, not silently ignored.
    const misspelt = { ...config, electronFuses: { runAsNod: false } };
    expect(validate(misspelt)).toBe(false);
  });

  it('sets every fuse of the security checklist', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app in an asar (which the integrity fuse checks), with the native addon beside it', () => {
    expect(config['asar']).toBe(true);
    expect(config['asarUnpack']).toContain('**/*.node');
  });

  it('never rebuilds better-sqlite3 in place, and ships the offline map data', () => {
    expect(config['npmRebuild']).toBe(false);
    expect(config['extraResources']).toContainEqual({ from: 'resources/geo', to: 'geo' });
    expect(config['files']).toContain('!**/*.map');
  });
});
