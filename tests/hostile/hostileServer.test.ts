import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { operationLog, snapshotMessage } from './events';
import { until } from '../integration/until';
import { HostileServer } from './hostileServer';

/** The hostile server does what it is scripted to do, so fault tests can rely on it. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Parameters<typeof HostileServer.start>[0] = {}): Promise<HostileServer> {
  const server = await HostileServer.start(options);
  cleanups.push(() => server.close());
  return server;
}

/** A bare client that writes down, in order, every message and ack it gets. */
function connect(server: HostileServer, token = 't'): { socket: Socket; seen: [string, unknown][] } {
  const socket = io(server.url, {
    auth: { token, clientId: 'hostile-self-test', protocol: 1 },
    transports: ['websocket'],
    reconnection: false,
  });
  cleanups.push(() => void socket.close());
  const seen: [string, unknown][] = [];
  socket.onAny((name: string, value: unknown) => seen.push([name, value]));
  socket.on('connect_error', (error: Error & { data?: unknown }) => seen.push(['connect_error', error.data]));
  return { socket, seen };
}

describe('the hostile server', () => {
  it('welcomes, records a resume with its range and answers it from its log, ack first', async () => {
    const server = await start({ token: 't', operationId: 'JO-H', log: operationLog('JO-H', 5) });
    const { socket, seen } = connect(server);
    await until(() => socket.connected, 'the client to connect');
    socket.emit('resume', { operationId: 'JO-H', afterSeq: 2, untilSeq: 4 }, (ack: unknown) =>
      seen.push(['ack', ack]),
    );
    await server.waitForMessage('resume');
    await until(() => seen.length === 3, 'welcome, ack and events');

    expect(server.resumes).toEqual([{ operationId: 'JO-H', afterSeq: 2, untilSeq: 4 }]);
    expect(server.received[0]).toMatchObject({ connection: 1, withAck: true });
    expect(seen.map(([name]) => name)).toEqual(['welcome', 'ack', 'events']);
    expect(seen[0]![1]).toMatchObject({ protocol: 1, operationId: 'JO-H', lastSeq: 5, oldestSeq: 1 });
    expect(seen[1]![1]).toEqual({ ok: true, mode: 'events', fromSeq: 3, toSeq: 4 });
    expect((seen[2]![1] as { seq: number }[]).map((e) => e.seq)).toEqual([3, 4]);
    // A gap fill does not subscribe: appended events are not sent to it.
    expect(server.connection.subscribed).toBe(false);
  });

  it('sends whatever it is told, when it is told, and refuses a wrong token', async () => {
    const server = await start({ token: 't', autoWelcome: false, onResume: () => {} });
    const { socket, seen } = connect(server);
    await until(() => socket.connected, 'the client to connect');
    server.connection.events({ not: 'a list' });
    server.connection.snapshot(snapshotMessage('JO-ELSEWHERE', 99));
    server.connection.heartbeat({ lastSeq: -1 });
    socket.emit('resume', { afterSeq: 0 }, () => seen.push(['ack', null]));
    await server.waitForMessage('resume');

    const refused = connect(server, 'wrong');
    await server.waitFor(() => server.refused === 1, 'the refusal');
    await until(() => refused.seen.length === 1, 'the refusal to arrive');
    await until(() => seen.length === 3, 'the three messages');

    expect(seen).toEqual([
      ['events', { not: 'a list' }],
      ['snapshot', expect.objectContaining({ operationId: 'JO-ELSEWHERE', seq: 99 })],
      ['heartbeat', expect.objectContaining({ lastSeq: -1 })],
    ]);
    expect(refused.seen).toEqual([['connect_error', expect.objectContaining({ code: 'unauthorized' })]]);
    expect(server.connections).toHaveLength(1);
  });
});
