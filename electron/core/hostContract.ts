import type { OutboxEntry } from '../../shared/coreTypes';
import {
  invokeArgSchemas,
  type InvokeChannel,
  type InvokeOutcome,
  type InvokeResults,
  type MenuCommand,
  type Pushes,
  type ViewSettings,
} from '../../shared/ipc';
import { describeZodError } from '../../shared/protocol/parseEvent';
import type { ExportedFile } from '../../shared/replay';
import { DEMO_PROFILE_ID, type FILE_PURPOSES, type Language, type SettingsView } from '../../shared/settings';
import type { Core } from './Core';
import { statSync } from 'node:fs';
import { ReplayService, type ReplayServiceOptions } from './replay/ReplayService';
import type { Workstation } from './workstation/Workstation';
import type { PositionFrame } from '../../shared/positionFrame';
import { FrameWindow } from './positionFrames';
import { DeltaWindow } from './deltaWindow';
import type { PictureDelta } from '../../shared/pictureDelta';
import { Disposables } from './disposables';
import { NO_OPERATION } from '../../shared/overlay';
import { OverlayService, readOverlayFile } from './OverlayService';
import { coreMessage, CoreMessageError, messageOf, refused } from '../../shared/coreMessage';

/** A host's side of the contract: one function per invoke channel, the argument already validated. */
type Handlers = {
  [K in InvokeChannel]: (
    arg: ReturnType<(typeof invokeArgSchemas)[K]['parse']>,
  ) => InvokeResults[K] | Promise<InvokeResults[K]>;
};

/** What a host adds to the contract besides the core. */
export interface HostContractOptions {
  /** Shows the page's commands as menus; absent where there are no menus (the browser host). */
  showMenu?: (commands: MenuCommand[]) => void;
  /** Replay's files: where exports go and how the page gets them. */
  replay: ReplayServiceOptions;
  /** The desktop app's file dialog for an archive; absent in the browser host (the page gives a path). */
  chooseArchive?: () => Promise<string | null>;
  /** Prints an HTML file to PDF (Electron's printToPDF); absent in the browser host. */
  printToPdf?: (htmlPath: string, pdfPath: string) => Promise<void>;
  /** The workstation's profiles and preferences; absent when the connection was fixed on the command line. */
  workstation?: Workstation;
  /** The desktop app's file dialog for certificate files. */
  chooseFile?: (purpose: (typeof FILE_PURPOSES)[number]) => Promise<string | null>;
  /** The text of "Copy diagnostics", secrets blacked out (electron/core/diagnostics.ts). */
  diagnostics?: () => Promise<string>;
  /** The desktop app's file dialog for an overlay file; absent in the browser host (the page reads the file). */
  chooseOverlayFile?: () => Promise<string | null>;
}

/**
 * The contract of shared/ipc.ts implemented over the core, once for both hosts: Electron's IPC
 * handlers and the browser host's socket call {@link HostContract.invoke} with whatever arrived,
 * and it validates the channel and the argument before anything else runs.
 */
export class HostContract {
  private readonly handlers: Handlers;
  /** This page's replay (each window or connection has its own). */
  readonly replay: ReplayService;

  private readonly settings: () => ViewSettings;

  constructor(
    private readonly core: Core,
    settings: ViewSettings | (() => ViewSettings),
    private readonly options: HostContractOptions,
  ) {
    this.settings = typeof settings === 'function' ? settings : () => settings;
    const replay = new ReplayService(core, this.settings().operator, {
      ...options.replay,
      staleAfterMs: () => this.settings().staleAfterMs,
    });
    const workstation = options.workstation;
    const managed = (): Workstation => {
      // Settings cannot be changed in a host whose connection was fixed on its command line.
      if (!workstation) throw new CoreMessageError(coreMessage('host.fixedConnection'));
      return workstation;
    };
    this.replay = replay;
    const overlays = new OverlayService(core.overlays, () => core.status.operationId ?? NO_OPERATION);
    this.handlers = {
      'core:snapshot': () => ({
        state: core.state,
        status: core.status,
        outbox: this.outbox(),
        settings: this.settings(),
      }),
      'core:trails': ({ sinceTs, unitIds }) =>
        core.replaySource().trailsSince(sinceTs, unitIds ?? Object.keys(core.state.units)),
      'ops:issue': ({ type, payload }) => ({ commandId: core.commands.issue(type, payload) }),
      'replay:timeline': ({ bins }) => replay.timeline(bins),
      'replay:seek': ({ at, trailWindowMs, exact, fresh }) => replay.seek(at, trailWindowMs, exact, fresh),
      'replay:step': ({ from, direction, target }) => ({ at: replay.step(from, direction, target) }),
      'replay:useLive': () => replay.useLive(),
      'replay:openArchive': async ({ path }) => {
        let file = path;
        if (options.chooseArchive) {
          // The desktop app never takes a path from the page: the user picks the file.
          const chosen = await options.chooseArchive();
          if (chosen === null) throw new CoreMessageError(coreMessage('host.noArchiveChosen'));
          file = chosen;
        }
        if (!file) throw new CoreMessageError(coreMessage('host.archivePathMissing'));
        return replay.openArchive(file);
      },
      'replay:addBookmark': ({ label, at, note, share }) => replay.addBookmark(label, at, note, share),
      'replay:removeBookmark': ({ bookmarkId }) => ({ removed: replay.removeBookmark(bookmarkId) }),
      'export:write': ({ kind, from, to, language }) =>
        replay.export(kind, from, to, language ?? this.settings().language),
      'report:pdf': async ({ from, to, language }) =>
        this.reportPdf(from, to, language ?? this.settings().language),
      'settings:get': () => workstation?.view() ?? this.fixedView(),
      'settings:saveProfile': ({ profile }) => managed().saveProfile(profile),
      'settings:deleteProfile': ({ profileId }) => managed().deleteProfile(profileId),
      'settings:activate': ({ profileId, token }) => managed().activate(profileId, token),
      'settings:setPreferences': ({ preferences }) => managed().setPreferences(preferences),
      'settings:finishFirstRun': () => managed().finishFirstRun(),
      'settings:setBasemap': ({ basemap }) => managed().setBasemap(basemap),
      'settings:testConnection': ({ profile }) => managed().testConnection(profile),
      'settings:chooseFile': async ({ purpose }) => ({
        path: options.chooseFile ? await options.chooseFile(purpose) : null,
      }),
      'settings:saveLayout': ({ layout }) => {
        workstation?.saveLayout(layout);
        return { saved: workstation !== undefined };
      },
      'diagnostics:get': async () => ({
        text: options.diagnostics
          ? await options.diagnostics()
          : 'Diagnostics are not available in this host.',
      }),
      'ui:setMenu': ({ commands }) => {
        options.showMenu?.(commands);
        return { shown: options.showMenu !== undefined };
      },
      'overlay:chooseFile': async () => {
        // The desktop app never takes a path from the page: the officer picks the file.
        const chosen = options.chooseOverlayFile ? await options.chooseOverlayFile() : null;
        return chosen === null ? null : readOverlayFile(chosen);
      },
      'overlay:add': ({ name, format, collection }) => overlays.add(name, format, collection),
      'overlay:list': () => overlays.list(),
      'overlay:features': ({ overlayId }) => overlays.features(overlayId),
      'overlay:setVisible': ({ overlayId, visible }) => overlays.setVisible(overlayId, visible),
      'overlay:remove': ({ overlayId }) => overlays.remove(overlayId),
      'tak:layer': ({ at }) =>
        at === undefined ? core.tak.view() : { status: core.tak.view().status, tracks: replay.takAt(at) },
    };
  }

  private async reportPdf(
    from: number | undefined,
    to: number | undefined,
    language: Language,
  ): Promise<ExportedFile> {
    const print = this.options.printToPdf;
    if (!print) throw new CoreMessageError(coreMessage('host.cannotPrint'));
    const html = await this.replay.export('report.html', from, to, language);
    const pdfPath = html.path.replace(/\.html$/, '.pdf');
    await print(html.path, pdfPath);
    return {
      kind: 'report.pdf',
      fileName: html.fileName.replace(/\.html$/, '.pdf'),
      path: pdfPath,
      bytes: statSync(pdfPath).size,
      url: null,
    };
  }

  /** The settings of a host whose connection was fixed on its command line: for reading only. */
  private fixedView(): SettingsView {
    const view = this.settings();
    return {
      managed: false,
      profiles: [],
      activeProfileId: DEMO_PROFILE_ID,
      needsToken: false,
      tokenReason: null,
      firstRun: false,
      preferences: {
        operator: view.operator,
        staleAfterMinutes: Math.round(view.staleAfterMs / 60_000),
        lostContactAfterMinutes: Math.round(view.lostContactAfterMs / 60_000),
        alertSounds: view.alertSounds,
        language: view.language,
        timeZone: view.timeZone,
      },
      layout: null,
      secretStore: { kind: 'session', backend: 'command line' },
      problem: null,
      storePath: this.core.storePath,
      canChooseFiles: false,
    };
  }

  /** Releases what this page held (an open archive). */
  close(): void {
    this.replay.close();
  }

  /** Runs one call from the page: an unknown channel or a bad argument is refused with a reason. */
  invoke<K extends InvokeChannel>(channel: K, arg: unknown): Promise<InvokeOutcome<K>>;
  invoke(channel: unknown, arg: unknown): Promise<InvokeOutcome<InvokeChannel>>;
  async invoke(channel: unknown, arg: unknown): Promise<InvokeOutcome<InvokeChannel>> {
    if (typeof channel !== 'string' || !Object.hasOwn(invokeArgSchemas, channel)) {
      return refused(
        coreMessage('host.unknownRequest', { channel: JSON.stringify(String(channel)).slice(0, 80) }),
      );
    }
    const name = channel as InvokeChannel;
    const parsed = invokeArgSchemas[name].safeParse(arg ?? {});
    if (!parsed.success)
      return refused(coreMessage('host.invalidRequest', { reason: describeZodError(parsed.error) }));
    try {
      const handler = this.handlers[name] as (
        a: unknown,
      ) => InvokeResults[InvokeChannel] | Promise<InvokeResults[InvokeChannel]>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return refused(messageOf(error));
    }
  }

  /**
   * Forwards the core's pushes to a host's transport; returns the unsubscribe. Position frames go
   * through `sendFrame` when the transport can say when the page has one (then at most one is in
   * flight and only the newest waits behind it, see {@link FrameWindow}); else through `emit`.
   */
  subscribe(
    emit: <K extends keyof Pushes>(channel: K, payload: Pushes[K]) => void,
    sendFrame: (frame: PositionFrame, done: () => void) => void = (frame, done) => {
      emit('positions:frame', frame);
      done();
    },
    sendDelta: (delta: PictureDelta, done: () => void) => void = (delta, done) => {
      emit('state:delta', delta);
      done();
    },
  ): () => void {
    const subscriptions = new Disposables();
    const deltas = subscriptions.add(new DeltaWindow(sendDelta));
    subscriptions.add(this.core.subscribe((delta) => deltas.offer(delta)));
    const frames = subscriptions.add(new FrameWindow(() => this.core.unitTable(), sendFrame));
    subscriptions.add(this.core.onFrame((frame) => frames.offer(frame)));
    // A page that joins while nothing moves still gets where everything is.
    const latest = this.core.latestFrame;
    if (latest) frames.offer(latest);
    subscriptions.add(this.core.onStatus((status) => emit('status:changed', status)));
    subscriptions.add(this.core.tak.onChange((view) => emit('tak:changed', view)));
    // The sender announces each change of the outbox (a command added, answered, tried again).
    subscriptions.add(this.core.commands.onChange(() => emit('outbox:changed', this.outbox())));
    const offSettings = this.options.workstation?.onViewSettings((settings) =>
      emit('settings:changed', settings),
    );
    if (offSettings) subscriptions.add(offSettings);
    return () => subscriptions.dispose();
  }

  private outbox(): OutboxEntry[] {
    return this.core.commands.recent();
  }
}
