import { displayValue } from '../../../shared/displayText';
import type { InvokeArg, InvokeChannel, InvokeOutcome, WatchfloorApi } from '../../../shared/ipc';
import type { CommandPayload, CommandType, IssuedCommand } from '../../../shared/protocol/messages';
import type { ExportKind, ExportedFile } from '../../../shared/replay';
import type { Language } from '../../../shared/settings';
import { describeCoreMessage } from '../i18n/coreMessages';
import { t } from '../i18n/i18n';
import type { ApiRef, StateStore } from './stateStore';
import { LAYER_IDS, type LayerId, type UiState } from './types';

/** A layout change is saved this long after the last one (a burst of layer toggles is one write). */
const LAYOUT_SAVE_DELAY_MS = 1000;

/** What of the state the remembered layout is made of. */
function layoutKey(s: UiState): string {
  return `${s.panel}|${LAYER_IDS.map((id) => (s.layers[id] ? 1 : 0)).join('')}`;
}

/**
 * The host's API with its refusals in the officer's language: a refusal that carries a message of
 * the core (shared/coreMessage.ts) has it, in the language in use, as its `error`, so every caller
 * shows the host's words translated; the values in it (a server's words, a path) are cleaned like
 * any feed text. A refusal without one (an older host) keeps its words.
 */
export function inOfficerLanguage(api: WatchfloorApi): WatchfloorApi {
  return {
    protocolVersion: api.protocolVersion,
    host: api.host,
    invoke: async (channel, arg) => {
      const outcome = await api.invoke(channel, arg);
      if (outcome.ok || !outcome.message) return outcome;
      return { ...outcome, error: describeCoreMessage(displayValue(outcome.message)) };
    },
    on: (channel, listener) => api.on(channel, listener),
  };
}

/**
 * What the page asks of its host: the officer's actions (which come back as events), the
 * workstation's settings and layout, the command list for the menus, exports and the report.
 */
export class HostActions {
  constructor(
    private readonly store: StateStore,
    private readonly api: ApiRef,
  ) {}

  /** Sends an officer's action; a refusal (bad input, a closed store) is shown as a notice. */
  async run<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<boolean> {
    const api = this.api();
    if (!api) return false;
    if (this.store.snapshot.replay && channel === 'ops:issue') {
      // The picture shown is a past moment: an action taken on it would act on the live operation.
      this.store.set({ notice: t('store:replayReadOnly') });
      return false;
    }
    const outcome = await api.invoke(channel, arg);
    if (!outcome.ok) this.store.set({ notice: outcome.error });
    return outcome.ok;
  }

  /** Fetches the workstation's settings; at start, also restores the layout and shows a settings problem. */
  async loadWorkstation(atStart = false): Promise<void> {
    const api = this.api();
    if (!api) return;
    const outcome = await api.invoke('settings:get', {});
    if (!outcome.ok) return;
    const view = outcome.value;
    this.store.set({ workstation: view });
    if (!atStart) return;
    const layout = view.layout;
    if (layout)
      this.store.set((s) => ({
        panel: layout.panel,
        layers: Object.fromEntries(LAYER_IDS.map((id) => [id, layout.layers[id] ?? s.layers[id]])) as Record<
          LayerId,
          boolean
        >,
      }));
    // Each in the officer's language; the values (file names, the system's words) cleaned like feed text.
    if (view.problem)
      this.store.set({ notice: view.problem.map((m) => describeCoreMessage(displayValue(m))).join(' ') });
  }

  /** Runs a settings call; the answer is the new view, or the host's message. */
  async settingsCall<
    K extends
      | 'settings:saveProfile'
      | 'settings:deleteProfile'
      | 'settings:activate'
      | 'settings:setPreferences'
      | 'settings:finishFirstRun',
  >(channel: K, arg: InvokeArg<K>): Promise<string | null> {
    const api = this.api();
    if (!api) return t('store:notConnected');
    const outcome = await api.invoke(channel, arg);
    if (!outcome.ok) return outcome.error;
    this.store.set({ workstation: outcome.value });
    return null;
  }

  /** The host's answer to any other call, for the settings dialog. */
  async call<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<InvokeOutcome<K>> {
    const api = this.api();
    if (!api) return { ok: false, error: t('store:notConnected') };
    return api.invoke(channel, arg);
  }

  /** Saves the panel and the layers a moment after they change, so the next start opens the same. */
  rememberLayout(): void {
    let last = layoutKey(this.store.snapshot);
    let timer: ReturnType<typeof setTimeout> | null = null;
    this.store.subscribe(() => {
      const current = this.store.snapshot;
      const key = layoutKey(current);
      if (key === last) return;
      last = key;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const now = this.store.snapshot;
        void this.api()?.invoke('settings:saveLayout', {
          layout: { panel: now.panel, layers: { ...now.layers } },
        });
      }, LAYOUT_SAVE_DELAY_MS);
    });
  }

  /**
   * Gives the host the command list (the desktop app builds its menus from it) and runs the
   * commands its menus send back: one list behind the menus, the palette and the shortcuts.
   */
  registerCommands(
    commands: readonly { id: string; label: string; shortcut?: string; run(): void }[],
  ): () => void {
    const api = this.api();
    if (!api) return () => {};
    void api.invoke('ui:setMenu', {
      commands: commands.map(({ id, label, shortcut }) => ({ id, label, ...(shortcut ? { shortcut } : {}) })),
    });
    return api.on('ui:command', ({ id }) => commands.find((c) => c.id === id)?.run());
  }

  /** Writes an export; the file's place (and, in the browser host, its address) comes back. */
  exportFile(
    kind: ExportKind,
    from?: number,
    to?: number,
    language?: Language,
  ): Promise<ExportedFile | null> {
    return this.written('export:write', { kind, ...period(from, to), ...(language ? { language } : {}) });
  }

  /** The report as PDF in `language` (the desktop app prints it; the browser host says how to). */
  reportPdf(from?: number, to?: number, language?: Language): Promise<ExportedFile | null> {
    return this.written('report:pdf', { ...period(from, to), ...(language ? { language } : {}) });
  }

  private async written<K extends 'export:write' | 'report:pdf'>(
    channel: K,
    arg: InvokeArg<K>,
  ): Promise<ExportedFile | null> {
    const api = this.api();
    if (!api) return null;
    const written = await api.invoke(channel, arg);
    if (!written.ok) {
      this.store.set({ notice: written.error });
      return null;
    }
    return written.value;
  }

  /**
   * Sends an officer's action (one of the protocol's commands); a refusal (bad input, a closed
   * store) is shown as a notice. Refused in replay: the picture shown is a past moment.
   */
  issue<K extends CommandType>(type: K, payload: CommandPayload<K>): Promise<boolean> {
    return this.run('ops:issue', { type, payload } as IssuedCommand);
  }
}

function period(from?: number, to?: number): { from?: number; to?: number } {
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
