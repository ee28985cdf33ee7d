import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createTlsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { applyEvents } from '../shared/applyEvent';
import { PROTOCOL_VERSION } from '../shared/protocol/version';
import {
  clockRequestSchema,
  commandSchema,
  handshakeAuthSchema,
  resumeRequestSchema,
  type ClientToServer,
  type CommandAck,
  type ProtocolError,
  type ServerToClient,
} from '../shared/protocol/messages';
import { describeZodError, parseEvent } from '../shared/protocol/parseEvent';
import { idSchema } from '../shared/protocol/primitives';
import type { FeedEvent } from '../shared/protocol/events';
import { getEmptyState, type OperationState } from '../shared/state';
import { eventsForCommand } from './commandEvents';
import { EventLog, type LoggedEvent } from './eventLog';
import { damageBatch, emptyFaultStats, type FaultOptions, type FaultStats } from './faults';
import { loadGeography } from './geography';
import { Rng } from './random';
import { Scenario, type EventDraft, type ScenarioConfig } from './scenario';

/** How the reference server runs. */
export interface SimulatorOptions {
  port: number;
  /** Loopback by default: the simulator is a test and demo peer, never exposed. */
  host?: string;
  token: string;
  scenario: ScenarioConfig;
  /** Operation seconds per real second; 0 stops the clock (tests then call {@link SimulatorServer.advanceBy}). */
  speed: number;
  /** SQLite file of the log; ':memory:' forgets it on stop. */
  logPath: string;
  /** How many recent events `resume` can replay; older requests get a snapshot. */
  retainEvents?: number;
  heartbeatMs?: number;
  tickMs?: number;
  faults?: FaultOptions;
  /** Real time source, injectable for tests. */
  clock?: () => number;
  /** Where log lines go; silent when absent. */
  log?: (line: string) => void;
  /**
   * Serve over TLS (wss), as an on-premises server behind its own certificate authority does.
   * With `clientCaFile`, a client must present a certificate that CA signed (mutual TLS).
   */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
}

const BATCH = 1000;

interface ClientState {
  subscribed: boolean;
  sentUpTo: number;
  rng: Rng;
}

type WatchSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, ClientState>;

/**
 * The reference operations server: speaks the feed protocol of docs/protocol.md, plays a
 * {@link Scenario}, keeps its log in SQLite, and misbehaves on request ({@link FaultOptions}).
 */
export class SimulatorServer {
  readonly options: Required<Omit<SimulatorOptions, 'log' | 'faults' | 'tls'>> &
    Pick<SimulatorOptions, 'log' | 'tls'> & { faults: FaultOptions };
  readonly faultStats: FaultStats = emptyFaultStats();
  private http: HttpServer | HttpsServer | null = null;
  private io: Server<ClientToServer, ServerToClient, Record<string, never>, ClientState> | null = null;
  private eventLog!: EventLog;
  private scenario!: Scenario;
  private currentState: OperationState = getEmptyState();
  private timers: NodeJS.Timeout[] = [];
  private anchor = { real: 0, operation: 0 };
  private boundPort = 0;
  private connections = 0;
  private running = false;

  private constructor(options: SimulatorOptions) {
    this.options = {
      host: '127.0.0.1',
      retainEvents: 1_000_000,
      heartbeatMs: 2000,
      tickMs: 100,
      clock: Date.now,
      ...options,
      faults: options.faults ?? {},
    };
  }

  /** Opens the log (continuing it when it exists), starts the scenario and listens. */
  static async start(options: SimulatorOptions): Promise<SimulatorServer> {
    const server = new SimulatorServer(options);
    await server.open();
    return server;
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    return this.boundPort;
  }

  /** The URL clients connect to. */
  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://${this.options.host}:${this.boundPort}`;
  }

  /** The server's own fold of its log: what a client's state must equal. */
  get state(): OperationState {
    return this.currentState;
  }

  /** The newest seq in the log. */
  get lastSeq(): number {
    return this.eventLog.lastSeq;
  }

  /** The oldest seq the server can still replay. */
  get oldestSeq(): number {
    return this.eventLog.oldestSeq;
  }

  /** The operation's clock. */
  get operationTime(): number {
    return this.scenario.time;
  }

  /** Number of clients connected now. */
  get clientCount(): number {
    return this.io?.sockets.sockets.size ?? 0;
  }

  /** Changes the clock's speed from now on (0 stops it); the operation time so far is kept. */
  setSpeed(speed: number): void {
    this.anchor = { real: this.options.clock(), operation: this.scenario.time };
    this.options.speed = speed;
  }

  /** Changes the faults from now on (timed faults keep the schedule they were started with). */
  setFaults(faults: FaultOptions): void {
    this.options.faults = faults;
  }

  /** Clients that have resumed and receive the live stream. */
  get subscribedCount(): number {
    let n = 0;
    for (const socket of this.io?.sockets.sockets.values() ?? []) if (socket.data.subscribed) n++;
    return n;
  }

  /** Moves the operation clock forward by `ms` at once and sends what that produced. */
  advanceBy(ms: number): number {
    return this.produce(this.scenario.time + ms);
  }

  /**
   * Appends events as if the scenario had produced them, and sends them: how tests stage a
   * priority-1 incident or a unit that stopped reporting at a known moment.
   */
  inject(drafts: EventDraft[]): LoggedEvent[] {
    const events = this.append(drafts);
    for (const event of events) this.scenario.observe(event as unknown as FeedEvent);
    this.broadcast(events);
    return events;
  }

  /** Events in the log, for tests that compare a client's log with the server's. */
  eventsAfter(afterSeq: number, limit = BATCH): LoggedEvent[] {
    return this.eventLog.range(afterSeq, this.eventLog.lastSeq, limit);
  }

  /** Stops listening and closes the log. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const io = this.io;
    this.io = null;
    if (io) await new Promise<void>((resolve) => void io.close(() => resolve()));
    this.http?.closeAllConnections();
    this.http = null;
    this.eventLog.close();
    this.log('stopped');
  }

  /** Stops and starts again on the same port, picking the operation up from the SQLite log. */
  async restart(): Promise<void> {
    const port = this.boundPort;
    await this.stop();
    this.faultStats.restarts++;
    await this.open(port);
  }

  /** Drops every client's transport, as a failing network would. */
  dropConnections(): void {
    for (const socket of this.io?.sockets.sockets.values() ?? []) {
      socket.conn.close();
      this.faultStats.drops++;
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async open(port = this.options.port): Promise<void> {
    const { scenario: config, logPath } = this.options;
    this.eventLog = new EventLog(logPath);
    const signature = JSON.stringify({
      seed: config.seed,
      operationId: config.operationId,
      units: config.units,
    });
    const existing = this.eventLog.getMeta('scenario');
    if (existing !== undefined && existing !== signature && this.eventLog.lastSeq > 0) {
      this.eventLog.close();
      throw new Error(
        `${logPath} holds another operation (${existing}); start with a new --log file or the same scenario options.`,
      );
    }
    this.eventLog.setMeta('scenario', signature);
    this.scenario = new Scenario(config, loadGeography());
    if (this.eventLog.lastSeq === 0) {
      this.currentState = getEmptyState();
      this.append(this.scenario.start());
    } else {
      this.currentState = this.foldLog();
      const last = this.eventLog.range(this.eventLog.lastSeq - 1, this.eventLog.lastSeq, 1)[0];
      this.scenario.restore(this.currentState, last?.ts ?? config.startAt);
      this.log(`continuing ${config.operationId} from seq ${this.eventLog.lastSeq}`);
    }
    this.anchor = { real: this.options.clock(), operation: this.scenario.time };

    const notFound = (_req: unknown, res: { writeHead(code: number): { end(): void } }): void => {
      res.writeHead(404).end();
    };
    const tls = this.options.tls;
    this.http = tls
      ? createTlsServer(
          {
            cert: readFileSync(tls.certFile),
            key: readFileSync(tls.keyFile),
            ...(tls.clientCaFile
              ? { ca: readFileSync(tls.clientCaFile), requestCert: true, rejectUnauthorized: true }
              : {}),
          },
          notFound,
        )
      : createServer(notFound);
    this.io = new Server(this.http, {
      serveClient: false,
      maxHttpBufferSize: 1_000_000,
      pingInterval: 5000,
      pingTimeout: 5000,
    });
    this.io.use((socket, next) => {
      const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
      const fail = (error: ProtocolError): void =>
        next(Object.assign(new Error(error.message), { data: error }));
      if (!auth.success) {
        const protocol = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
        if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
          return fail({
            code: 'protocol_mismatch',
            message: `This server speaks feed protocol ${PROTOCOL_VERSION}; the client sent ${JSON.stringify(protocol)}.`,
          });
        }
        return fail({ code: 'bad_request', message: `Bad handshake: ${describeZodError(auth.error)}` });
      }
      if (auth.data.token !== this.options.token) {
        return fail({
          code: 'unauthorized',
          message: 'The access token was refused by the operations server.',
        });
      }
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(port, this.options.host, () => resolve());
    });
    this.boundPort = (this.http.address() as AddressInfo).port;
    this.running = true;

    const { tickMs, heartbeatMs, faults } = this.options;
    this.every(tickMs, () => {
      const { speed } = this.options;
      if (speed > 0) this.produce(this.anchor.operation + (this.options.clock() - this.anchor.real) * speed);
    });
    this.every(heartbeatMs, () => this.heartbeat());
    if (faults.dropEverySec) {
      this.every(faults.dropEverySec * 1000, () => {
        if (this.options.faults.dropEverySec) this.dropConnections();
      });
    }
    if (faults.restartEverySec) {
      this.every(faults.restartEverySec * 1000, () => {
        if (!this.options.faults.restartEverySec) return;
        this.restart().catch((error: unknown) => this.log(`restart failed: ${String(error)}`));
      });
    }
    this.log(`listening on ${this.url}, operation ${config.operationId}, seq ${this.eventLog.lastSeq}`);
  }

  private every(ms: number, run: () => void): void {
    this.timers.push(setInterval(run, ms));
  }

  private foldLog(): OperationState {
    const checkpoint = this.eventLog.loadCheckpoint();
    let state = (checkpoint?.state as OperationState | undefined) ?? getEmptyState();
    this.eventLog.forEachBatch(
      (batch) => {
        const events: FeedEvent[] = [];
        for (const raw of batch) {
          const parsed = parseEvent(raw);
          if (parsed.kind === 'known') events.push(parsed.event);
        }
        state = applyEvents(state, events);
      },
      checkpoint?.seq ?? this.eventLog.oldestSeq - 1,
    );
    return state;
  }

  /** Commits drafts, folds them, and returns them as logged. */
  private append(
    drafts: Parameters<EventLog['append']>[1],
    command?: { id: string; receivedAt: number },
  ): LoggedEvent[] {
    const events = this.eventLog.append(this.options.scenario.operationId, drafts, command);
    if (events.length > 0)
      this.currentState = applyEvents(this.currentState, events as unknown as FeedEvent[]);
    return events;
  }

  private produce(until: number): number {
    if (!this.running) return 0;
    const events = this.append(this.scenario.advance(until));
    if (events.length === 0) return 0;
    this.broadcast(events);
    const { retainEvents } = this.options;
    if (this.eventLog.lastSeq - this.eventLog.oldestSeq > retainEvents + Math.min(retainEvents, 10_000)) {
      this.eventLog.saveCheckpoint(this.eventLog.lastSeq, this.currentState);
      this.eventLog.retain(retainEvents);
    }
    return events.length;
  }

  private broadcast(events: LoggedEvent[]): void {
    for (const socket of this.io?.sockets.sockets.values() ?? []) {
      if (!socket.data.subscribed) continue;
      const fresh = events.filter((e) => e.seq > socket.data.sentUpTo);
      if (fresh.length === 0) continue;
      socket.data.sentUpTo = fresh[fresh.length - 1]!.seq;
      const damaged = damageBatch(fresh, this.options.faults, socket.data.rng, this.faultStats);
      for (let i = 0; i < damaged.length; i += BATCH) socket.emit('events', damaged.slice(i, i + BATCH));
      // A batch made wholly of non-events, to prove the client survives a message of the wrong shape.
      if (
        this.options.faults.malformedRate &&
        socket.data.rng.chance(this.options.faults.malformedRate / 10)
      ) {
        (socket as unknown as { emit: (name: string, value: unknown) => void }).emit('events', {
          not: 'a batch',
        });
        this.faultStats.malformed++;
      }
    }
  }

  private heartbeat(): void {
    this.io?.emit('heartbeat', {
      serverTime: this.options.clock() as never,
      operationTime: this.scenario.time as never,
      lastSeq: this.eventLog.lastSeq,
    });
  }

  private onConnection(socket: WatchSocket): void {
    this.connections++;
    socket.data = {
      subscribed: false,
      sentUpTo: 0,
      rng: new Rng((this.options.faults.seed ?? 1) * 7919 + this.connections),
    };
    socket.emit('welcome', {
      protocol: PROTOCOL_VERSION,
      operationId: this.options.scenario.operationId,
      serverTime: this.options.clock() as never,
      operationTime: this.scenario.time as never,
      lastSeq: this.eventLog.lastSeq,
      oldestSeq: this.eventLog.oldestSeq,
    });

    socket.on('resume', (raw, ack) => {
      if (typeof ack !== 'function') return;
      const request = resumeRequestSchema.safeParse(raw);
      if (!request.success)
        return ack({ ok: false, error: { code: 'bad_request', message: describeZodError(request.error) } });
      const { operationId, afterSeq, untilSeq } = request.data;
      if (operationId !== this.options.scenario.operationId) {
        return ack({
          ok: false,
          error: {
            code: 'unknown_operation',
            message: `This server runs operation ${this.options.scenario.operationId}, not ${operationId}.`,
          },
        });
      }
      const last = this.eventLog.lastSeq;
      if (afterSeq + 1 < this.eventLog.oldestSeq || afterSeq > last) {
        // Too old for the log, or ahead of it (the server lost its log): only a snapshot is right.
        ack({ ok: true, mode: 'snapshot', seq: last });
        socket.emit('snapshot', {
          operationId,
          seq: last,
          ts: this.scenario.time as never,
          state: this.currentState as unknown as Record<string, unknown>,
        });
        // As for events (§6.1): only a full resume subscribes; a gap fill answered with a snapshot
        // leaves the subscription as it was, so a client that never resumed gets no live stream.
        if (untilSeq === undefined) {
          socket.data.subscribed = true;
          socket.data.sentUpTo = last;
        }
        return;
      }
      const to = Math.min(untilSeq ?? last, last);
      ack({ ok: true, mode: 'events', fromSeq: afterSeq + 1, toSeq: to });
      for (let after = afterSeq; after < to;) {
        const batch = this.eventLog.range(after, to, BATCH);
        if (batch.length === 0) break;
        socket.emit('events', batch);
        after = batch[batch.length - 1]!.seq;
      }
      // A full resume subscribes to the live stream; a gap fill (untilSeq) leaves the subscription as it is.
      if (untilSeq === undefined) {
        socket.data.subscribed = true;
        socket.data.sentUpTo = Math.max(socket.data.sentUpTo, to);
      }
    });

    socket.on('command', (raw, ack) => {
      if (typeof ack !== 'function') return;
      ack(this.handleCommand(raw));
    });

    socket.on('clock', (raw, ack) => {
      if (typeof ack !== 'function') return;
      const request = clockRequestSchema.safeParse(raw);
      if (!request.success) return;
      ack({ clientTime: request.data.clientTime, serverTime: this.options.clock() as never });
    });
  }

  private handleCommand(raw: unknown): CommandAck {
    const parsed = commandSchema.safeParse(raw);
    if (!parsed.success) {
      const commandId = idSchema.safeParse((raw as { id?: unknown } | null)?.id);
      return {
        ok: false,
        ...(commandId.success ? { commandId: commandId.data } : {}),
        error: { code: 'bad_request', message: describeZodError(parsed.error) },
      };
    }
    const command = parsed.data;
    const previous = this.eventLog.commandSeqs(command.id);
    if (previous) return { ok: true, commandId: command.id, seqs: previous, duplicate: true };
    const outcome = eventsForCommand(command, this.currentState, this.scenario.time);
    if (!outcome.ok) return { ok: false, commandId: command.id, error: outcome.error };
    const events = this.append(outcome.drafts, { id: command.id, receivedAt: this.options.clock() });
    for (const event of events) this.scenario.observe(event as unknown as FeedEvent);
    this.broadcast(events);
    return { ok: true, commandId: command.id, seqs: events.map((e) => e.seq), duplicate: false };
  }
}
