import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * A small operations server of our own for fault tests, kept apart from the reference server
 * (simulator/) on purpose: the reference server is the contract done right, this one does exactly
 * and only what a test scripts — including what the contract forbids. Nothing it sends is
 * validated, nothing it receives is interpreted beyond recording it.
 *
 * By default it behaves like a minimal honest server over {@link HostileServer.log}: a welcome on
 * connection, `resume` answered from the log (events mode), live events to subscribed connections
 * through {@link HostileServer.append}, `clock` answered, `command` recorded and left unanswered.
 * A test replaces any of that through {@link HostileServerOptions} or the `on*` fields.
 */

/** One message a client sent, as it arrived. */
export interface ReceivedMessage {
  /** Which connection sent it ({@link HostileConnection.id}). */
  connection: number;
  /** The socket.io event name (`resume`, `command`, `clock`, or anything else a client sends). */
  name: string;
  /** The first argument, raw. */
  args: unknown;
  /** Whether the client asked for an ack (socket.io callback). */
  withAck: boolean;
  /** Wall-clock arrival time (Date.now()). */
  at: number;
}

/** What a request handler gets: the connection, and the ack callback (absent when the client sent none). */
export interface RequestContext {
  connection: HostileConnection;
  /**
   * Answers the request. Call it before sending what the answer announces, as a real server does
   * (the ack arrives first); never call it to leave the request unanswered. Calling it more than
   * once does nothing after the first (socket.io sends one ack).
   */
  ack: (answer: unknown) => void;
  /** True when the client asked for an ack. */
  withAck: boolean;
}

/** Scripts how the server answers one kind of request. */
export type RequestHandler = (request: unknown, context: RequestContext) => void;

/** How the server starts. */
export interface HostileServerOptions {
  /** When set, handshakes with another `auth.token` are refused as `unauthorized`; unset: anything is accepted. */
  token?: string;
  /** The operation the default welcome, snapshot and resume answers name. Default `JO-HOSTILE-1`. */
  operationId?: string;
  /** Send a welcome on every connection (default true); false for a server that never says hello. */
  autoWelcome?: boolean;
  /** Fields of the automatic welcome that differ from {@link HostileConnection.welcome}'s defaults. */
  welcome?: Record<string, unknown>;
  /** Events the server holds at start (any JSON; their `seq` fields, when numbers, drive the defaults). */
  log?: unknown[];
  /** Heartbeat every this many ms to every connection (real timer); unset: heartbeats only when a test sends them. */
  heartbeatMs?: number;
  /** Largest batch the default resume answer sends. Default 1,000. */
  batchSize?: number;
  onResume?: RequestHandler;
  onCommand?: RequestHandler;
  onClock?: RequestHandler;
}

/** One client connection: what the test sends on it, and its handshake. */
export class HostileConnection {
  /** Set by the default resume handler for a resume without `untilSeq`; {@link HostileServer.append} sends live events to these. */
  subscribed = false;

  constructor(
    /** 1 for the first connection of the server, 2 for the next, and so on. */
    readonly id: number,
    /** The socket.io `auth` the client sent, raw. */
    readonly auth: unknown,
    private readonly socket: Socket,
    private readonly server: HostileServer,
  ) {}

  /** True until either side closes it. */
  get connected(): boolean {
    return this.socket.connected;
  }

  /** Sends a welcome: a valid one for the server's log unless `fields` override (any value, malformed included). */
  welcome(fields: Record<string, unknown> = {}): void {
    const now = Date.now();
    this.socket.emit('welcome', {
      protocol: PROTOCOL_VERSION,
      operationId: this.server.operationId,
      serverTime: now,
      operationTime: now,
      lastSeq: this.server.lastSeq,
      oldestSeq: this.server.log.length > 0 ? this.server.firstSeq : 0,
      ...fields,
    });
  }

  /** Sends one `events` message as given: an array of anything, or something that is not an array at all. */
  events(batch: unknown): void {
    this.socket.emit('events', batch);
  }

  /** Sends a `snapshot` message as given, at any time, whatever was asked. */
  snapshot(snapshot: unknown): void {
    this.socket.emit('snapshot', snapshot);
  }

  /** Sends a heartbeat: valid for the server's log unless `fields` override. */
  heartbeat(fields: Record<string, unknown> = {}): void {
    const now = Date.now();
    this.socket.emit('heartbeat', {
      serverTime: now,
      operationTime: now,
      lastSeq: this.server.lastSeq,
      ...fields,
    });
  }

  /** Sends any socket.io event with any arguments. */
  emit(name: string, ...args: unknown[]): void {
    this.socket.emit(name, ...args);
  }

  /** Closes the connection from the server's side. */
  disconnect(): void {
    this.socket.disconnect(true);
  }
}

/** A scriptable socket.io operations server on 127.0.0.1 for fault tests. See the file comment. */
export class HostileServer {
  /** Every message every client sent, in arrival order. */
  readonly received: ReceivedMessage[] = [];
  /** Every connection accepted, oldest first (closed ones included). */
  readonly connections: HostileConnection[] = [];
  /** Handshakes refused because of the token. */
  refused = 0;
  /** The events the server holds, in order; the default resume answer serves from it. */
  readonly log: unknown[];
  readonly operationId: string;
  onResume: RequestHandler;
  onCommand: RequestHandler;
  onClock: RequestHandler;
  private readonly batchSize: number;
  private readonly waiters = new Set<() => void>();
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly http: HttpServer,
    private readonly io: Server,
    readonly url: string,
    private readonly options: HostileServerOptions,
  ) {
    this.operationId = options.operationId ?? 'JO-HOSTILE-1';
    this.log = [...(options.log ?? [])];
    this.batchSize = options.batchSize ?? 1000;
    this.onResume = options.onResume ?? ((request, context) => this.serveResume(request, context));
    this.onCommand = options.onCommand ?? (() => {});
    this.onClock =
      options.onClock ??
      ((request, context) =>
        context.ack({
          clientTime: (request as { clientTime?: unknown } | null)?.clientTime,
          serverTime: Date.now(),
        }));
  }

  /** Listens on 127.0.0.1 on a free port. */
  static async start(options: HostileServerOptions = {}): Promise<HostileServer> {
    const http = createServer((_req, res) => res.writeHead(404).end());
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1_000_000 });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    const server = new HostileServer(http, io, `http://127.0.0.1:${port}`, options);
    server.attach();
    return server;
  }

  /** The newest connection; throws when there is none yet (await {@link waitForConnection} first). */
  get connection(): HostileConnection {
    const last = this.connections.at(-1);
    if (!last) throw new Error('no client has connected to the hostile server yet');
    return last;
  }

  /** Seq of the last event of the log whose `seq` is a number; 0 when there is none. */
  get lastSeq(): number {
    for (let i = this.log.length - 1; i >= 0; i--) {
      const seq = seqOf(this.log[i]);
      if (seq !== null) return seq;
    }
    return 0;
  }

  /** Seq of the first event of the log whose `seq` is a number; 0 when there is none. */
  get firstSeq(): number {
    for (const event of this.log) {
      const seq = seqOf(event);
      if (seq !== null) return seq;
    }
    return 0;
  }

  /** The `resume` requests received, raw, in order. */
  get resumes(): unknown[] {
    return this.received.filter((m) => m.name === 'resume').map((m) => m.args);
  }

  /** Messages received with this name. */
  messages(name: string): ReceivedMessage[] {
    return this.received.filter((m) => m.name === name);
  }

  /** Adds events to the log and sends them, as one batch, to every subscribed connection. */
  append(...events: unknown[]): void {
    this.log.push(...events);
    for (const connection of this.connections)
      if (connection.subscribed && connection.connected) connection.events(events);
  }

  /**
   * The default answer to `resume`, for handlers that perturb it: an events-mode ack for
   * `afterSeq+1 .. min(untilSeq, lastSeq)`, then those events of the log in batches; a resume
   * without `untilSeq` subscribes the connection. A request that is not an object with a numeric
   * `afterSeq` gets a `bad_request` ack.
   */
  serveResume(request: unknown, context: RequestContext): void {
    const r = request as { afterSeq?: unknown; untilSeq?: unknown } | null;
    if (typeof r?.afterSeq !== 'number') {
      context.ack({ ok: false, error: { code: 'bad_request', message: 'resume needs afterSeq' } });
      return;
    }
    const afterSeq = r.afterSeq;
    const until = typeof r.untilSeq === 'number' ? Math.min(r.untilSeq, this.lastSeq) : this.lastSeq;
    context.ack({ ok: true, mode: 'events', fromSeq: afterSeq + 1, toSeq: until });
    const wanted = this.log.filter((e) => {
      const seq = seqOf(e);
      return seq !== null && seq > afterSeq && seq <= until;
    });
    for (let i = 0; i < wanted.length; i += this.batchSize)
      context.connection.events(wanted.slice(i, i + this.batchSize));
    if (r.untilSeq === undefined) context.connection.subscribed = true;
  }

  /** Resolves once `count` connections have been accepted. */
  waitForConnection(count = 1, timeoutMs = 10_000): Promise<HostileConnection> {
    return this.waitFor(
      () => this.connections.length >= count,
      `connection ${count} to the hostile server`,
      timeoutMs,
    ).then(() => this.connections[count - 1]!);
  }

  /** Resolves with the `index`-th (0-based) message named `name`, once it has arrived. */
  async waitForMessage(name: string, index = 0, timeoutMs = 10_000): Promise<ReceivedMessage> {
    await this.waitFor(() => this.messages(name).length > index, `${name} #${index + 1}`, timeoutMs);
    return this.messages(name)[index]!;
  }

  /** Resolves when `check` holds, re-checked on every connection and every message; rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what} on the hostile server`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Disconnects every client and stops listening. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    await new Promise<void>((resolve) => void this.io.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private attach(): void {
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (this.options.token !== undefined && token !== this.options.token) {
        this.refused++;
        this.wake();
        const data = {
          code: 'unauthorized',
          message: 'The access token was refused by the operations server.',
        };
        next(Object.assign(new Error(data.message), { data }));
        return;
      }
      next();
    });
    this.io.on('connection', (socket) => {
      const connection = new HostileConnection(
        this.connections.length + 1,
        socket.handshake.auth,
        socket,
        this,
      );
      this.connections.push(connection);
      socket.onAny((name: string, ...args: unknown[]) => {
        const last = args.at(-1);
        const callback = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
        const payload = callback ? args.slice(0, -1)[0] : args[0];
        this.received.push({
          connection: connection.id,
          name,
          args: payload,
          withAck: callback !== null,
          at: Date.now(),
        });
        let answered = false;
        const context: RequestContext = {
          connection,
          withAck: callback !== null,
          ack: (answer) => {
            if (answered || !callback) return;
            answered = true;
            callback(answer);
          },
        };
        const handler =
          name === 'resume'
            ? this.onResume
            : name === 'command'
              ? this.onCommand
              : name === 'clock'
                ? this.onClock
                : null;
        handler?.(payload, context);
        this.wake();
      });
      if (this.options.autoWelcome !== false) connection.welcome(this.options.welcome);
      this.wake();
    });
    if (this.options.heartbeatMs !== undefined) {
      const timer = setInterval(() => {
        for (const connection of this.connections) if (connection.connected) connection.heartbeat();
      }, this.options.heartbeatMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function seqOf(event: unknown): number | null {
  const seq = (event as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' ? seq : null;
}
