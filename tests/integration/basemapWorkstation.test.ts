import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BasemapServer } from '../../electron/core/basemap/BasemapServer';
import { coreMessageText } from '../../electron/core/i18n/coreTranslations';
import { messageOf } from '../../shared/coreMessage';
import { sessionOnlyVault } from '../../electron/core/workstation/SecretStore';
import { Workstation, type WorkstationOptions } from '../../electron/core/workstation/Workstation';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { writeVectorMbtiles } from './mbtilesFixture';

/**
 * The centre's basemap as the workstation keeps it: checked before it is stored, kept in
 * settings.json across a restart, and a stored file that no longer opens leaves the built-in map
 * with the reason, while the choice itself is not lost.
 */

const TOKEN = 'basemap-token-51d0';
const dir = mkdtempSync(join(tmpdir(), 'wf-basemap-ws-'));
const servers: SimulatorServer[] = [];
const startDemo: WorkstationOptions['startDemo'] = async () => {
  const server = await SimulatorServer.start({
    port: 0,
    token: TOKEN,
    scenario: defaultScenarioConfig({ units: 5, startAt: Date.UTC(2026, 9, 5, 6) }),
    speed: 0,
    logPath: ':memory:',
  });
  servers.push(server);
  return { url: server.url, token: TOKEN, stop: () => server.stop() };
};

async function open(basemap: BasemapServer): Promise<Workstation> {
  return Workstation.open({
    dataDir: join(dir, 'data'),
    vault: sessionOnlyVault('none'),
    startDemo,
    canChooseFiles: false,
    basemap,
  });
}

afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the workstation's basemap setting", () => {
  const file = join(dir, 'region.mbtiles');
  writeVectorMbtiles(file, { maxzoom: 2 });

  it('is refused with the reason and nothing stored changes; a good one is kept and drawn after a restart', async () => {
    const basemap = new BasemapServer();
    const workstation = await open(basemap);
    const refusal = await workstation
      .setBasemap({ kind: 'mbtiles', file: join(dir, 'missing.mbtiles') })
      .then(
        () => null,
        (error: unknown) => messageOf(error),
      );
    // Coded, so the settings dialog reads it in the officer's language; the file name and the system's code as they are.
    expect(refusal).toMatchObject({
      code: 'basemap.unreadable',
      params: { name: 'missing.mbtiles', reason: 'ENOENT' },
    });
    expect(refusal?.text).toBe('The tile file missing.mbtiles cannot be read (ENOENT).');
    expect(coreMessageText(refusal!, 'mk')).toBe(
      'Датотеката со плочки missing.mbtiles не може да се прочита (ENOENT).',
    );
    expect(workstation.view().basemap).toEqual({ kind: 'builtin' });
    expect(workstation.viewSettings().basemap).toEqual({ kind: 'builtin' });

    const view = await workstation.setBasemap({ kind: 'mbtiles', file });
    expect(view.basemap).toEqual({ kind: 'mbtiles', file });
    expect(workstation.viewSettings().basemap).toMatchObject({ kind: 'mbtiles', format: 'pbf' });
    await workstation.close();
    basemap.close();
    const stored = JSON.parse(readFileSync(join(dir, 'data', 'settings.json'), 'utf8')) as {
      basemap?: unknown;
    };
    expect(stored.basemap).toEqual({ kind: 'mbtiles', file });

    const again = new BasemapServer();
    const reopened = await open(again);
    expect(reopened.viewSettings().basemap).toMatchObject({ kind: 'mbtiles', format: 'pbf' });
    expect(reopened.view().basemapProblem).toBeNull();
    await reopened.close();
    again.close();
  }, 60_000);

  it('that no longer opens at start leaves the built-in map, says why, and keeps the choice', async () => {
    renameSync(file, `${file}.moved`);
    const basemap = new BasemapServer();
    const workstation = await open(basemap);
    expect(workstation.viewSettings().basemap).toEqual({ kind: 'builtin' });
    const problem = workstation.view().basemapProblem ?? [];
    expect(problem.map((m) => m.code)).toEqual(['basemap.notDrawn', 'basemap.unreadable']);
    expect(problem.map((m) => m.text).join(' ')).toMatch(
      /basemap is not drawn .*region\.mbtiles cannot be read/,
    );
    expect(problem.map((m) => coreMessageText(m, 'sr-Latn')).join(' ')).toBe(
      'Osnovna karta centra se ne crta (do tada se crta ugrađena karta): Datoteka sa pločicama region.mbtiles ne može da se pročita (ENOENT).',
    );
    expect(workstation.view().basemap).toEqual({ kind: 'mbtiles', file });
    await workstation.close();
    basemap.close();
  }, 60_000);
});
