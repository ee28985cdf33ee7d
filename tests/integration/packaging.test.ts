import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGED_SQLITE_BINDING } from '../../electron/core/store/sqliteBinding';

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

describe('installers', () => {
  it('are AppImage and deb on Linux, NSIS on Windows, dmg on macOS', () => {
    expect(config['linux']).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config['win']).toMatchObject({ target: 'nsis' });
    expect(config['mac']).toMatchObject({ target: 'dmg' });
  });

  it('carry the app icon, a square PNG large enough for macOS (512x512 at least)', () => {
    expect(config['icon']).toBe('build/icon.png');
    const file = join(process.cwd(), 'build', 'icon.png');
    expect(existsSync(file)).toBe(true);
    const icon = PNG.sync.read(readFileSync(file));
    expect(icon.width).toBeGreaterThanOrEqual(512);
    expect(icon.height).toBe(icon.width);
  });

  it('carry the offline map data and the Electron build of better-sqlite3, where main looks for it', async () => {
    // Where scripts/electronSqlite.mjs builds the addon, and where the main process looks for it.
    const script = pathToFileURL(join(process.cwd(), 'scripts', 'electronSqlite.mjs')).href;
    const { ELECTRON_SQLITE_BINDING } = (await import(script)) as { ELECTRON_SQLITE_BINDING: string };
    const resources = config['extraResources'];
    expect(resources).toContainEqual({ from: 'resources/geo', to: 'geo' });
    expect(resources).toContainEqual({
      from: ELECTRON_SQLITE_BINDING,
      to: PACKAGED_SQLITE_BINDING.join('/'),
    });
    // The Node build would be the wrong ABI inside Electron: it stays out of the installer.
    expect(config['files']).toContain('!**/node_modules/better-sqlite3/{build,deps,src}/**');
  });

  it('install per machine on Windows, and carry deb and macOS metadata', () => {
    expect(config['nsis']).toMatchObject({
      oneClick: false,
      perMachine: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config['linux']).toMatchObject({
      maintainer: expect.stringMatching(/^.+ <.+@.+>$/) as unknown,
      description: expect.any(String) as unknown,
    });
    expect(config['mac']).toMatchObject({
      category: expect.stringMatching(/^public\.app-category\./) as unknown,
    });
  });
});

describe('npm run package', () => {
  it('stops with one sentence, never a stack trace, when nothing can be downloaded', () => {
    // An empty home: no cache of Electron, electron-builder or node-gyp. The probe goes to a
    // closed local port, so the test never depends on the network.
    const home = mkdtempSync(join(tmpdir(), 'watchfloor-package-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WATCHFLOOR_PACKAGE_PROBE_URL: 'http://127.0.0.1:9',
      HOME: home,
      USERPROFILE: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      LOCALAPPDATA: join(home, 'AppData', 'Local'),
    };
    for (const name of ['ELECTRON_BUILDER_CACHE', 'npm_config_devdir', 'ELECTRON_MIRROR']) delete env[name];
    try {
      const electron = (
        JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'electron', 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
      for (const args of [[], ['--linux'], ['--win'], ['--mac'], ['--ios']]) {
        const result = spawnSync(process.execPath, ['scripts/package.mjs', ...args], {
          env,
          encoding: 'utf8',
          timeout: 30_000,
        });
        const output = `${result.stdout}${result.stderr}`;
        const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
        expect(result.status, output).toBe(1);
        // One line also means no build step ran: each prints its own heading first.
        expect(lines, output).toHaveLength(1);
        expect(output).not.toContain('    at ');
        expect(output).not.toContain('Error:');
        if (args.length === 0) {
          expect(output).toContain(`Electron ${electron} runtime`);
          expect(output).toContain('internet access');
          // The sentence names the cache folders to pre-fill.
          expect(output).toContain(home);
        }
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
