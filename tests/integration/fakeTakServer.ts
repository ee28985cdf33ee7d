import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';

/**
 * A TAK server's streaming port as far as a read-only client sees it: TLS that demands a client
 * certificate from its CA, then CoT events pushed back to back. What it is sent is written as
 * given (the tests cut it into fragments themselves), and it records any byte a client writes,
 * since the client must never write.
 */
export class FakeTakServer {
  readonly sockets: tls.TLSSocket[] = [];
  /** Bytes clients wrote to the server (must stay 0). */
  received = 0;
  /** Handshakes the server refused (no or a wrong client certificate). */
  refused = 0;
  private connectedWaiters: (() => void)[] = [];

  private constructor(private readonly server: tls.Server) {}

  /** Starts on a free port with `<cert>.pem`/`.key` from `dir`, trusting clients signed by `<clientCa>.pem`. */
  static async start(dir: string, cert: string, clientCa: string): Promise<FakeTakServer> {
    const server = tls.createServer({
      cert: readFileSync(join(dir, `${cert}.pem`)),
      key: readFileSync(join(dir, `${cert}.key`)),
      ca: readFileSync(join(dir, `${clientCa}.pem`)),
      requestCert: true,
      rejectUnauthorized: true,
    });
    const fake = new FakeTakServer(server);
    server.on('secureConnection', (socket) => {
      fake.sockets.push(socket);
      socket.on('data', (d: Buffer) => (fake.received += d.length));
      socket.on('error', () => undefined);
      socket.on('close', () => fake.sockets.splice(fake.sockets.indexOf(socket), 1));
      for (const w of fake.connectedWaiters.splice(0)) w();
    });
    server.on('tlsClientError', () => fake.refused++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves once a client is connected. */
  connected(): Promise<void> {
    if (this.sockets.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** Writes to every client, each piece as its own write (a TCP segment, usually). */
  async send(...pieces: (string | Buffer)[]): Promise<void> {
    for (const piece of pieces) {
      for (const socket of this.sockets) socket.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Drops every client (the link breaks). */
  dropClients(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A CoT position event as ATAK sends it. */
export function cotEvent(options: {
  uid: string;
  callsign: string;
  lat: number;
  lon: number;
  type?: string;
  time?: number;
  staleMs?: number;
  remarks?: string;
}): string {
  const time = options.time ?? Date.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<event version="2.0" uid="${options.uid}" type="${options.type ?? 'a-f-G-U-C'}" how="m-g" ` +
    `time="${iso(time)}" start="${iso(time)}" stale="${iso(time + (options.staleMs ?? 300_000))}">` +
    `<point lat="${options.lat}" lon="${options.lon}" hae="120.5" ce="9.9" le="9999999.0"/>` +
    `<detail><contact callsign="${options.callsign}" endpoint="*:-1:stcp"/>` +
    `<__group name="Cyan" role="Team Member"/><takv device="Pixel" platform="ATAK-CIV" version="5.2"/>` +
    (options.remarks !== undefined ? `<remarks>${options.remarks}</remarks>` : '') +
    `</detail></event>`
  );
}
