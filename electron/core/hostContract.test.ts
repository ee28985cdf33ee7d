import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW_SETTINGS,
  INVOKE_CHANNELS,
  invokeArgSchemas,
  sendArgSchemas,
  type Pushes,
} from '../../shared/ipc';
import { applyDelta, type PictureDelta } from '../../shared/pictureDelta';
import { COMMAND_TYPES, type IssuedCommand } from '../../shared/protocol/messages';
import { getEmptyState } from '../../shared/state';
import { ManualClock } from './clock';
import { INVOKE_CHANNEL_NAMES, SEND_CHANNEL_NAMES } from '../../shared/ipcChannels';
import { Core } from './Core';
import { HostContract } from './hostContract';
import { zoneRules } from '../../shared/zone.fixture';

let dir: string;
let core: Core;
let contract: HostContract;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-contract-'));
  core = Core.open({ storePath: join(dir, 's.sqlite'), operator: 'Officer Hoxha' });
  contract = new HostContract(
    core,
    { ...DEFAULT_VIEW_SETTINGS, operator: 'Officer Hoxha' },
    { replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' } },
  );
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A well-formed argument for each channel. */
const VALID: Record<string, unknown> = {
  'core:snapshot': {},
  'core:trails': { sinceTs: Date.UTC(2026, 9, 5) },
  'ops:issue': { type: 'incident.acknowledge', payload: { incidentId: 'INC-1' } },
  'replay:timeline': { bins: 100 },
  'replay:seek': { at: Date.UTC(2026, 9, 5, 7), trailWindowMs: 600_000, exact: true },
  'replay:step': { from: Date.UTC(2026, 9, 5, 7), direction: 1, target: 'incident' },
  'replay:useLive': {},
  'replay:openArchive': { path: '/nonexistent/archive.sqlite' },
  'replay:addBookmark': { label: 'Handover', at: Date.UTC(2026, 9, 5, 7), share: false },
  'replay:removeBookmark': { bookmarkId: 'b-1' },
  'export:write': { kind: 'incidents.csv' },
  'report:pdf': {},
  'settings:get': {},
  'settings:saveProfile': {
    profile: { name: 'JOC Skopje', serverUrl: 'https://ops.example:4400', token: 't0ken' },
  },
  'settings:deleteProfile': { profileId: 'joc-skopje' },
  'settings:activate': { profileId: 'joc-skopje', token: 't0ken' },
  'settings:setPreferences': { preferences: { operator: 'Officer', staleAfterMinutes: 5 } },
  'settings:finishFirstRun': {},
  'settings:setBasemap': { basemap: { kind: 'mbtiles', file: '/srv/maps/region.mbtiles' } },
  'settings:testConnection': { profile: { name: 'JOC Skopje', serverUrl: 'https://ops.example:4400' } },
  'settings:chooseFile': { purpose: 'ca' },
  'settings:saveLayout': { layout: { panel: 'units', layers: { units: true } } },
  'diagnostics:get': {},
  'ui:setMenu': { commands: [{ id: 'palette.open', label: 'Command palette', shortcut: 'Mod+k' }] },
  'overlay:chooseFile': {},
  'overlay:add': {
    name: 'posts.kml',
    format: 'kml',
    collection: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Post' }, geometry: { type: 'Point', coordinates: [20, 45] } },
      ],
    },
  },
  'overlay:list': {},
  'overlay:features': { overlayId: 'o-1' },
  'overlay:setVisible': { overlayId: 'o-1', visible: false },
  'overlay:remove': { overlayId: 'o-1' },
};

/** Channels whose valid call still fails here for a reason of substance (no file, empty log, no printer). */
const REFUSED_ON_SUBSTANCE: Record<string, RegExp> = {
  'replay:openArchive': /cannot be read/,
  'export:write': /nothing to export/,
  'report:pdf': /Save as PDF/,
  // This contract's connection is fixed (as on the browser host's command line): settings are read only.
  'settings:saveProfile': /fixed on the command line/,
  'settings:deleteProfile': /fixed on the command line/,
  'settings:activate': /fixed on the command line/,
  'settings:setPreferences': /fixed on the command line/,
  'settings:finishFirstRun': /fixed on the command line/,
  'settings:setBasemap': /fixed on the command line/,
  'settings:testConnection': /fixed on the command line/,
  'overlay:features': /no such overlay/,
};
/** Channels without arguments: null stands for "no argument". */
const NO_ARGUMENTS = new Set([
  'core:snapshot',
  'replay:useLive',
  'settings:get',
  'settings:finishFirstRun',
  'diagnostics:get',
  'overlay:chooseFile',
  'overlay:list',
]);

describe('host contract', () => {
  it('lists the same channels in the schema map and in the preload name list', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual([...INVOKE_CHANNEL_NAMES].sort());
  });

  it.each(INVOKE_CHANNELS)('%s accepts a valid argument and refuses invalid ones', async (channel) => {
    const outcome = await contract.invoke(channel, VALID[channel]);
    const refusal = REFUSED_ON_SUBSTANCE[channel];
    if (refusal) {
      expect(outcome).toMatchObject({ ok: false });
      expect(!outcome.ok && outcome.error).toMatch(refusal);
      expect(!outcome.ok && outcome.error).not.toMatch(/invalid request/);
    } else {
      expect(outcome).toMatchObject({ ok: true });
    }
    {
      const bads = [42, 'text', [], { incidentId: '' }, { incidentId: 'x'.repeat(65) }, { extra: 1 }];
      // null stands for "no argument", which is valid where every field is optional.
      const optional = invokeArgSchemas[channel].safeParse({}).success;
      const cases = NO_ARGUMENTS.has(channel)
        ? [42, 'text', [], { extra: 1 }]
        : optional
          ? bads
          : [null, ...bads];
      for (const bad of cases) {
        const refused = await contract.invoke(channel, bad);
        expect(refused).toMatchObject({ ok: false });
        expect(!refused.ok && refused.error).toMatch(/invalid request/);
      }
    }
    expect(Object.hasOwn(invokeArgSchemas, channel)).toBe(true);
  });

  it('lists the same send channels in the schema map and in the preload name list, each strict', () => {
    expect(Object.keys(sendArgSchemas).sort()).toEqual([...SEND_CHANNEL_NAMES].sort());
    const ack = sendArgSchemas['push:ack'];
    expect(ack.safeParse({ kind: 'frame', n: 1 }).success).toBe(true);
    expect(ack.safeParse({ kind: 'delta', n: 2 ** 40 }).success).toBe(true);
    for (const bad of [
      null,
      {},
      { kind: 'frame' },
      { kind: 'frame', n: 0 },
      { kind: 'frame', n: 1.5 },
      { kind: 'frame', n: '1' },
      { kind: 'status', n: 1 },
      { kind: 'frame', n: 1, extra: true },
    ])
      expect(ack.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('refuses channels outside the contract', async () => {
    for (const channel of ['core:exec', '__proto__', 'constructor', 42, null, 'ops:acknowledge ']) {
      const outcome = await contract.invoke(channel, {});
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toMatch(/unknown request/);
    }
  });

  it('answers an export the disk refuses with its own code, for the page to say in the officer language', async () => {
    // The exports folder cannot be made: a file stands where its parent should be.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const exportsDir = join(dir, 'not-a-folder', 'exports');
    const host = new HostContract(core, DEFAULT_VIEW_SETTINGS, {
      replay: { exportsDir, appVersion: 'test' },
    });
    const outcome = await host.invoke('export:write', { kind: 'incidents.csv' });
    expect(outcome).toMatchObject({
      ok: false,
      error: `The export could not be written: the folder ${exportsDir} does not exist (a removed disk?).`,
      message: { code: 'export.folderMissing', params: { folder: exportsDir } },
    });
  });

  it('puts actions in the outbox with the operator as author', async () => {
    await contract.invoke('ops:issue', { type: 'incident.acknowledge', payload: { incidentId: 'INC-7' } });
    const snapshot = await contract.invoke('core:snapshot', {});
    expect(snapshot.ok && snapshot.value.outbox).toMatchObject([
      { type: 'incident.acknowledge', issuedBy: 'Officer Hoxha', status: 'pending' },
    ]);
    expect(snapshot.ok && snapshot.value.status.outboxDepth).toBe(1);
  });

  it('pushes the live picture and answers replay seeks in one delta form, applied by one function', async () => {
    const T0 = Date.UTC(2026, 9, 5, 6);
    const clock = new ManualClock(T0);
    const live = Core.open({ storePath: join(dir, 'live.sqlite'), operator: 'Officer Hoxha', clock });
    const host = new HostContract(live, DEFAULT_VIEW_SETTINGS, {
      replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' },
    });
    const pushed: PictureDelta[] = [];
    const off = host.subscribe(<K extends keyof Pushes>(channel: K, payload: Pushes[K]) => {
      if (channel === 'state:delta') pushed.push(payload as PictureDelta);
    });
    let seq = 0;
    const event = (type: string, payload: Record<string, unknown>, ts: number) => ({
      seq: ++seq,
      id: `JO-1.${seq}`,
      ts,
      type,
      payload,
    });
    const position = (lon: number, at: number) =>
      event('unit.position', { unitId: 'U1', lon, lat: 44.3, heading: 90, speed: 11, accuracy: 6, at }, at);
    live.ingest.receive([
      event(
        'operation.started',
        {
          operationId: 'JO-1',
          name: 'Contract',
          mode: 'exercise',
          countries: ['BA', 'RS'],
          agencies: ['Border police'],
          plannedStartAt: T0,
          plannedEndAt: T0 + 86_400_000,
          startedAt: T0,
        },
        T0,
      ),
      event(
        'unit.upserted',
        {
          unitId: 'U1',
          callsign: 'RS U1',
          agency: 'border_police',
          organisation: 'Border Police',
          country: 'RS',
          kind: 'vehicle',
          status: 'patrolling',
        },
        T0,
      ),
      position(19.1, T0 + 1_000),
    ]);
    clock.advance(2_000);
    const before = await host.invoke('replay:seek', {
      at: T0 + 1_000,
      trailWindowMs: 0,
      exact: true,
      fresh: true,
    });
    live.ingest.receive([position(19.2, T0 + 60_000)]);
    clock.advance(2_000);
    const after = await host.invoke('replay:seek', { at: T0 + 60_000, trailWindowMs: 0, exact: false });
    off();
    if (!before.ok || !after.ok) throw new Error('a seek failed');
    const replayDelta = after.value.delta!;
    expect(Object.keys(replayDelta).sort()).toEqual(Object.keys(pushed.at(-1)!).sort());
    const replayed = applyDelta(before.value.state!, replayDelta);
    expect(replayed).toEqual(live.state);
    expect(pushed.reduce(applyDelta, getEmptyState())).toEqual(live.state);
    expect(replayed.units['U1']?.position?.lon).toBe(19.2);
    live.close();
  });

  /** A well-formed officer's action of every command type the protocol knows. */
  const ACTIONS: Record<IssuedCommand['type'], IssuedCommand['payload']> = {
    'incident.acknowledge': { incidentId: 'INC-1' },
    'incident.add_note': { incidentId: 'INC-1', text: 'Europol informed' },
    'incident.assign': { incidentId: 'INC-1', unitIds: ['U0001'] },
    'sector.set_impact': { sectorId: 'BA-RS-01', impactLevel: 'high' },
    'bookmark.add': { label: 'Handover', at: Date.UTC(2026, 9, 5, 7) },
    'readmission.accept': { caseId: 'RA-7-000031' },
    'readmission.refuse': { caseId: 'RA-7-000031', reason: 'Entry not established.' },
    'readmission.record_handover': { caseId: 'RA-7-000031', persons: [{ nationality: 'AF', persons: 5 }] },
    'incident.link': { title: 'Network Drina', incidentIds: ['INC-7-000412', 'INC-7-000433'] },
    'incident.unlink': { caseId: 'LC-7-000003', incidentId: 'INC-7-000433' },
    'annotation.create': { kind: 'point', coordinates: [[19.1, 44.4]], color: 'lime' },
    'annotation.delete': { annotationId: 'cmd-7f3a' },
    'zone.create': {
      name: 'Drina river watch',
      area: { kind: 'sector', sectorId: 'BA-RS-01' },
      ...zoneRules({
        onExit: false,
        unitKinds: ['boat'],
        coverage: [{ rule: 'at_least', count: 1, unitKind: 'boat' }],
      }),
    },
    'zone.delete': { zoneId: 'cmd-7f3b' },
  };

  it.each(COMMAND_TYPES)('ops:issue takes %s, stored in the outbox under that type', async (type) => {
    const outcome = await contract.invoke('ops:issue', { type, payload: ACTIONS[type] });
    expect(outcome).toMatchObject({ ok: true });
    expect(core.commands.list()).toMatchObject([
      { commandId: outcome.ok ? outcome.value.commandId : '', type, payload: ACTIONS[type] },
    ]);
  });

  it('refuses an unknown command type or a bad payload with a reason, and stores nothing', async () => {
    const refusals: [unknown, RegExp][] = [
      [
        { type: 'incident.delete', payload: { incidentId: 'INC-1' } },
        /unknown command type "incident\.delete"/,
      ],
      [{ type: '__proto__', payload: {} }, /unknown command type "__proto__"/],
      [{ type: 'incident.acknowledge' }, /payload/],
      [{ type: 'incident.acknowledge', payload: { incidentId: '' } }, /payload\.incidentId/],
      [{ type: 'incident.acknowledge', payload: { incidentId: { $ne: '' } } }, /payload\.incidentId/],
      // The payload is checked strictly at the page's edge: a key the command does not know is refused.
      [{ type: 'incident.acknowledge', payload: { incidentId: 'INC-1', by: 'Someone else' } }, /payload.*by/],
      [{ type: 'incident.add_note', payload: { incidentId: 'INC-1', text: '' } }, /payload\.text/],
      [
        { type: 'sector.set_impact', payload: { sectorId: 'S1', impactLevel: 'apocalyptic' } },
        /payload\.impactLevel/,
      ],
      [{ type: 'incident.assign', payload: { incidentId: 'INC-1', unitIds: [] } }, /payload\.unitIds/],
      [{ type: 'incident.acknowledge', payload: { incidentId: 'INC-1' }, by: 'x' }, /by/],
    ];
    for (const [arg, reason] of refusals) {
      const outcome = await contract.invoke('ops:issue', arg);
      expect(outcome, JSON.stringify(arg)).toMatchObject({ ok: false });
      expect(!outcome.ok && outcome.error).toMatch(/^invalid request: /);
      expect(!outcome.ok && outcome.error, JSON.stringify(arg)).toMatch(reason);
    }
    expect(core.commands.list()).toEqual([]);
    expect(core.status.outboxDepth).toBe(0);
  });
});

describe('host contract: overlays', () => {
  const point = (coordinates: unknown[]) => ({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'Post Horgoš' }, geometry: { type: 'Point', coordinates } },
    ],
  });

  it('keeps what the page converted, checked again, and lists, shows, hides and removes it', async () => {
    const added = await contract.invoke('overlay:add', {
      name: 'posts.kml',
      format: 'kml',
      collection: point([19.97061234567, 46.1547, 88]),
    });
    if (!added.ok) throw new Error(added.error);
    expect(added.value).toMatchObject({
      name: 'posts.kml',
      format: 'kml',
      featureCount: 1,
      vertexCount: 1,
      visible: true,
    });
    const { overlayId } = added.value;
    const features = await contract.invoke('overlay:features', { overlayId });
    // Kept as checked: rounded to 1e-6 degree, the height dropped.
    expect(features).toEqual({ ok: true, value: point([19.970612, 46.1547]) });
    expect(await contract.invoke('overlay:setVisible', { overlayId, visible: false })).toEqual({
      ok: true,
      value: { changed: true },
    });
    const listed = await contract.invoke('overlay:list', {});
    expect(listed.ok && listed.value.overlays.map((o) => [o.overlayId, o.visible])).toEqual([
      [overlayId, false],
    ]);

    // A page that sends what the page's own check would have refused is refused here too, and
    // nothing kept is lost.
    for (const collection of [
      point([200, 45]),
      point([null, 45]),
      point(['NaN', 45]),
      { type: 'Topology' },
      point([]),
    ]) {
      const refused = await contract.invoke('overlay:add', { name: 'bad.kml', format: 'kml', collection });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error).toMatch(
        /overlay refused \((badCoordinates|notGeoJson|badGeometry)\)/,
      );
    }
    const many = {
      type: 'FeatureCollection',
      features: Array.from({ length: 50_001 }, () => point([20, 45]).features[0]),
    };
    const tooMany = await contract.invoke('overlay:add', {
      name: 'many.geojson',
      format: 'geojson',
      collection: many,
    });
    expect(!tooMany.ok && tooMany.error).toMatch(/tooManyFeatures/);
    const after = await contract.invoke('overlay:list', {});
    expect(after.ok && after.value.overlays.map((o) => o.overlayId)).toEqual([overlayId]);

    expect(await contract.invoke('overlay:remove', { overlayId })).toEqual({
      ok: true,
      value: { removed: true },
    });
    const empty = await contract.invoke('overlay:list', {});
    expect(empty.ok && empty.value.overlays).toEqual([]);
  });

  it('reads the file the desktop dialog chose, refusing one over the cap; the browser host has no dialog', async () => {
    expect(await contract.invoke('overlay:chooseFile', {})).toEqual({ ok: true, value: null });
    const fixture = join(process.cwd(), 'tests/fixtures/overlays/border-posts.kmz');
    let chosen: string | null = fixture;
    const desktop = new HostContract(core, DEFAULT_VIEW_SETTINGS, {
      replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' },
      chooseOverlayFile: () => Promise.resolve(chosen),
    });
    const read = await desktop.invoke('overlay:chooseFile', {});
    expect(read.ok && read.value?.fileName).toBe('border-posts.kmz');
    expect(read.ok && Buffer.from(read.value!.bytes).equals(readFileSync(fixture))).toBe(true);
    chosen = join(dir, 'huge.kml');
    writeFileSync(chosen, '');
    truncateSync(chosen, 20 * 1024 * 1024 + 1);
    const huge = await desktop.invoke('overlay:chooseFile', {});
    expect(!huge.ok && huge.error).toMatch(/overlay refused \(tooBig\)/);
    chosen = null;
    expect(await desktop.invoke('overlay:chooseFile', {})).toEqual({ ok: true, value: null });
    desktop.close();
  });
});
