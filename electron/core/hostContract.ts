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
import type { Core } from './Core';

/** A host's side of the contract: one function per invoke channel, the argument already validated. */
type Handlers = {
  [K in InvokeChannel]: (arg: ReturnType<(typeof invokeArgSchemas)[K]['parse']>) => InvokeResults[K];
};

/**
 * The contract of shared/ipc.ts implemented over the core, once for both hosts: Electron's IPC
 * handlers and the browser host's socket call {@link HostContract.invoke} with whatever arrived,
 * and it validates the channel and the argument before anything else runs.
 */
export class HostContract {
  private readonly handlers: Handlers;

  constructor(
    private readonly core: Core,
    private readonly settings: ViewSettings,
    /** Shows the page's commands as menus; absent where there are no menus (the browser host). */
    private readonly showMenu?: (commands: MenuCommand[]) => void,
  ) {
    this.handlers = {
      'core:snapshot': () => ({
        state: core.state,
        status: core.status,
        outbox: this.outbox(),
        settings: this.settings,
      }),
      'core:trails': ({ sinceTs, unitIds }) =>
        core.store.trailsSince(sinceTs, unitIds ?? Object.keys(core.state.units)),
      'ops:acknowledge': ({ incidentId }) => ({ commandId: core.acknowledge(incidentId) }),
      'ops:addNote': ({ incidentId, text }) => ({ commandId: core.addNote(incidentId, text) }),
      'ops:assign': ({ incidentId, unitIds }) => ({ commandId: core.assign(incidentId, unitIds) }),
      'ops:setImpact': ({ sectorId, impactLevel, reason }) => ({
        commandId: core.setImpact(sectorId, impactLevel, reason),
      }),
      'ops:addBookmark': ({ label, at, note }) => ({ commandId: core.addBookmark(label, at, note) }),
      'ui:setMenu': ({ commands }) => {
        this.showMenu?.(commands);
        return { shown: this.showMenu !== undefined };
      },
    };
  }

  /** Runs one call from the page: an unknown channel or a bad argument is refused with a reason. */
  invoke<K extends InvokeChannel>(channel: K, arg: unknown): InvokeOutcome<K>;
  invoke(channel: unknown, arg: unknown): InvokeOutcome<InvokeChannel>;
  invoke(channel: unknown, arg: unknown): InvokeOutcome<InvokeChannel> {
    if (typeof channel !== 'string' || !Object.hasOwn(invokeArgSchemas, channel)) {
      return { ok: false, error: `unknown request ${JSON.stringify(String(channel)).slice(0, 80)}` };
    }
    const name = channel as InvokeChannel;
    const parsed = invokeArgSchemas[name].safeParse(arg ?? {});
    if (!parsed.success) return { ok: false, error: `invalid request: ${describeZodError(parsed.error)}` };
    try {
      const handler = this.handlers[name] as (a: unknown) => InvokeResults[InvokeChannel];
      return { ok: true, value: handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Forwards the core's pushes to a host's transport; returns the unsubscribe. */
  subscribe(emit: <K extends keyof Pushes>(channel: K, payload: Pushes[K]) => void): () => void {
    let lastOutbox = '';
    const offDelta = this.core.subscribe((delta) => emit('state:delta', delta));
    const offStatus = this.core.onStatus((status) => {
      emit('status:changed', status);
      // The outbox changes with the status (depth); send it only when it really changed.
      const outbox = this.outbox();
      const key = outbox.map((e) => `${e.commandId}:${e.status}:${e.attempts}`).join(',');
      if (key !== lastOutbox) {
        lastOutbox = key;
        emit('outbox:changed', outbox);
      }
    });
    return () => {
      offDelta();
      offStatus();
    };
  }

  private outbox(): OutboxEntry[] {
    return this.core.store.outboxRecent();
  }
}
