import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBrowserHost } from '../../renderer/src/api/browserApi';

/** A socket.io server where the browser host listens, sending pushes that ask for an answer. */
async function fakeHost(): Promise<{ io: Server; origin: string; close: () => Promise<void> }> {
  const http = createServer();
  const io = new Server(http, { path: '/host' });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    io,
    origin,
    close: async () => {
      io.disconnectSockets(true);
      await io.close();
    },
  };
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("the browser host's page", () => {
  it('answers a delta that asks for an answer even when its listener fails, so the next one comes', async () => {
    const host = await fakeHost();
    closers.push(host.close);
    const location = { search: '', origin: host.origin, pathname: '/', hash: '' } as Location;
    const history = { replaceState: () => {} } as unknown as History;
    const api = connectBrowserHost(location, history);
    const failures: string[] = [];
    api.on('state:delta', () => {
      failures.push('listener ran');
      throw new Error('a failing listener');
    });
    const socket = await new Promise<Socket>((resolve) => host.io.once('connection', resolve));
    // The page's socket closes with the test (it is the page's only connection).
    closers.push(() => void socket.disconnect(true));
    const answered = await new Promise<boolean>((resolve) =>
      socket.timeout(5_000).emit('state:delta', { units: {} }, (error: Error | null) => resolve(!error)),
    );
    expect(failures).toEqual(['listener ran']);
    expect(answered).toBe(true);
  });
});
