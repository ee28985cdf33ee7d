import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageOf, type CoreMessage } from '../../shared/coreMessage';
import type { Command, CommandAck } from '../../shared/protocol/messages';
import { coreMessageText } from './i18n/coreTranslations';
import { ManualClock } from './clock';
import { OUTBOX_RETRY_MS, OutboxSender, type CommandLink } from './OutboxSender';
import { SqliteStore } from './store/SqliteStore';

/** A link whose answers the test gives, one per command sent. */
class FakeLink implements CommandLink {
  connected = true;
  readonly sent: Command[] = [];
  answers: (CommandAck | Error)[] = [];
  send(command: Command): Promise<CommandAck> {
    this.sent.push(command);
    const answer = this.answers.shift() ?? new Error('no answer in time');
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let dir: string;
let store: SqliteStore;
let link: FakeLink;
let clock: ManualClock;
let sender: OutboxSender;
let changes: string[];
let ids: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-sender-'));
  store = SqliteStore.open(join(dir, 's.sqlite')).store;
  link = new FakeLink();
  clock = new ManualClock();
  ids = 0;
  sender = new OutboxSender({
    outbox: store.outbox,
    link,
    clock,
    newId: () => `C${++ids}`,
    operator: 'Officer Hoxha',
    onStoreError: (error) => {
      throw error;
    },
  });
  changes = [];
  sender.onChange(() =>
    changes.push(
      sender
        .list()
        .map((e) => `${e.commandId}:${e.status}:${e.attempts}`)
        .join(','),
    ),
  );
});
afterEach(() => {
  sender.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the outbox sender', () => {
  it('announces each change of the outbox: added, then answered', async () => {
    link.answers = [{ ok: true, commandId: 'C1', seqs: [7], duplicate: false }];
    const id = sender.issue('incident.acknowledge', { incidentId: 'INC-1' });
    await settle();
    expect(id).toBe('C1');
    expect(link.sent).toMatchObject([
      { id: 'C1', type: 'incident.acknowledge', by: 'Officer Hoxha', payload: { incidentId: 'INC-1' } },
    ]);
    expect(changes).toEqual(['C1:pending:0', 'C1:acked:0']);
    expect(sender.depth()).toBe(0);
  });

  it('keeps a command without a final answer pending, announces the attempt and tries again later', async () => {
    link.answers = [
      new Error('no answer in time'),
      { ok: true, commandId: 'C1', seqs: [8], duplicate: false },
    ];
    sender.issue('incident.add_note', { incidentId: 'INC-1', text: 'Europol informed' });
    await settle();
    expect(changes).toEqual(['C1:pending:0', 'C1:pending:1']);
    expect(sender.list('pending')[0]?.lastError).toBe('no answer in time');
    clock.advance(OUTBOX_RETRY_MS);
    await settle();
    expect(link.sent).toHaveLength(2);
    expect(changes.at(-1)).toBe('C1:acked:1');
  });

  it('marks a command the server refuses as rejected, with its reason', async () => {
    link.answers = [{ ok: false, commandId: 'C1', error: { code: 'rejected', message: 'INC-9 is closed' } }];
    sender.issue('incident.acknowledge', { incidentId: 'INC-9' });
    await settle();
    expect(sender.list()).toMatchObject([{ status: 'rejected', lastError: 'INC-9 is closed' }]);
    expect(changes).toEqual(['C1:pending:0', 'C1:rejected:0']);
  });

  it('refuses an invalid command with a clear message, and neither stores nor announces it', () => {
    expect(() => sender.issue('incident.add_note', { incidentId: 'INC-1', text: '' })).toThrow(
      /That incident add_note is not valid: payload\.text/,
    );
    expect(() => sender.issue('incident.delete', { incidentId: 'INC-1' })).toThrow(/not valid/);
    // The refusal reaches the page with its code, and reads in the officer's language.
    let refusal: CoreMessage | null = null;
    try {
      sender.issue('incident.add_note', { incidentId: 'INC-1', text: '' });
    } catch (error) {
      refusal = messageOf(error);
    }
    expect(refusal).toMatchObject({
      code: 'outbox.commandInvalid',
      params: { command: 'incident add_note' },
    });
    expect(coreMessageText(refusal!, 'sr-Cyrl')).toMatch(
      /^Команда incident add_note није исправна: payload\.text/,
    );
    expect(sender.list()).toEqual([]);
    expect(changes).toEqual([]);
    expect(link.sent).toEqual([]);
  });

  it('waits while the link is down and sends in order once it is up', async () => {
    link.connected = false;
    sender.issue('incident.acknowledge', { incidentId: 'INC-1' });
    sender.issue('incident.acknowledge', { incidentId: 'INC-2' });
    await settle();
    expect(link.sent).toEqual([]);
    link.connected = true;
    link.answers = [
      { ok: true, commandId: 'C1', seqs: [1], duplicate: false },
      { ok: true, commandId: 'C2', seqs: [2], duplicate: false },
    ];
    await sender.flush();
    expect(link.sent.map((c) => c.id)).toEqual(['C1', 'C2']);
    expect(changes.at(-1)).toBe('C1:acked:0,C2:acked:0');
  });
});
