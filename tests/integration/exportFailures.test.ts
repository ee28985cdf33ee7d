import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/Core';
import { coreMessageText } from '../../electron/core/i18n/coreTranslations';
import { ReplayService } from '../../electron/core/replay/ReplayService';
import { messageOf, type CoreMessage } from '../../shared/coreMessage';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { until } from './until';

/**
 * An export that cannot be written says why in the officer's language, by its own code: the
 * exports folder that is not one, the archive that went away under the worker, the replay closed
 * while its export was being written. Against the reference server and a real store.
 */

let dir: string;
let server: SimulatorServer;
let core: Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-export-failures-'));
  server = await SimulatorServer.start({
    port: 0,
    token: 'test-token',
    scenario: defaultScenarioConfig({ seed: 5, units: 12, incidentsPerHour: 20 }),
    speed: 0,
    logPath: ':memory:',
    heartbeatMs: 250,
  });
  core = Core.open({
    storePath: join(dir, 'store.sqlite'),
    operator: 'Analyst',
    feed: { url: server.url, token: 'test-token' },
  });
  server.advanceBy(3_600_000);
  await until(() => core.ingest.committedSeq === server.lastSeq, 'the hour stored');
}, 120_000);

afterAll(async () => {
  core?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What the page is told when an export fails (the host answers an error with its message). */
async function refusal(attempt: Promise<unknown>): Promise<CoreMessage> {
  return attempt.then(
    () => {
      throw new Error('the export was written');
    },
    (error: unknown) => messageOf(error),
  );
}

describe('an export that cannot be written', () => {
  it('names an exports folder that is not there', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const exportsDir = join(blocker, 'exports');
    const service = new ReplayService(core, 'Analyst', { exportsDir, appVersion: 'test' });
    const message = await refusal(service.export('incidents.csv'));
    expect(message).toMatchObject({ code: 'export.folderMissing', params: { folder: exportsDir } });
    expect(coreMessageText(message, 'sr-Cyrl')).toBe(
      `Извоз није могао да се упише: фасцикла ${exportsDir} не постоји (уклоњен диск?).`,
    );
    service.close();
  });

  it('says the archive replayed cannot be read when it went away before the worker read it', async () => {
    const exportsDir = join(dir, 'exports');
    const live = new ReplayService(core, 'Analyst', { exportsDir, appVersion: 'test' });
    const archive = await live.export('archive.sqlite');
    live.close();
    const service = new ReplayService(core, 'Analyst', { exportsDir, appVersion: 'test', now: () => 1 });
    service.openArchive(archive.path);
    // The stick it was on is pulled out: the worker opens the file by its name, and finds nothing.
    rmSync(archive.path);
    const message = await refusal(service.export('incidents.csv'));
    expect(message.code).toBe('export.sourceUnreadable');
    expect(coreMessageText(message, 'mk')).toMatch(
      /^Извозот не можеше да се направи: базата или архивата што се репродуцира не може да се прочита \(.+\)\.$/,
    );
    service.close();
  });

  it('says the export was stopped when the replay is closed while its worker writes it', async () => {
    const service = new ReplayService(core, 'Analyst', {
      exportsDir: join(dir, 'exports'),
      appVersion: 'test',
    });
    const writing = service.export('tracks.geojson');
    service.close();
    const message = await refusal(writing);
    expect(message.code).toBe('export.cancelled');
    expect(coreMessageText(message, 'sq')).toBe(
      'Eksporti u ndal para se të shkruhej (riprodhimi nga i cili bëhej u mbyll).',
    );
  });
});
