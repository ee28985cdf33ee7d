/**
 * A plain feed client that follows docs/protocol.md and nothing else: connect with the demo
 * token, resume from seq 0, validate every event with the shared schemas, and print them.
 *
 *   npm run simulator &            # in another terminal
 *   npm run listen -- --url http://127.0.0.1:4400 --count 50
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  heartbeatSchema,
  parseEvent,
  resumeAckSchema,
  welcomeSchema,
  type ClientToServer,
  type ServerToClient,
} from '../../shared/protocol/index';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4400' },
    token: { type: 'string', default: 'watchfloor-demo' },
    count: { type: 'string', default: '40' },
    quiet: { type: 'boolean', default: false },
  },
});
const wanted = Number(values.count);
let lastSeq = 0;
let valid = 0;
let invalid = 0;
let unknown = 0;

const socket: Socket<ServerToClient, ClientToServer> = io(values.url, {
  auth: { token: values.token, clientId: `listen-${randomUUID().slice(0, 8)}`, protocol: PROTOCOL_VERSION },
  transports: ['websocket'],
  reconnectionAttempts: 3,
});

function finish(code: number): void {
  console.log(`${valid} valid events, ${unknown} of unknown type, ${invalid} invalid; last seq ${lastSeq}`);
  socket.close();
  process.exit(code);
}

socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
  console.error(`connection refused: ${error.data?.message ?? error.message}`);
  if (!socket.active) finish(1);
});

socket.on('welcome', (raw) => {
  const welcome = welcomeSchema.parse(raw);
  console.log(
    `connected to ${welcome.operationId}: server holds seqs ${welcome.oldestSeq}..${welcome.lastSeq}`,
  );
  socket.emit('resume', { operationId: welcome.operationId, afterSeq: lastSeq }, (rawAck) => {
    const ack = resumeAckSchema.parse(rawAck);
    if (!ack.ok) return console.error(`resume refused: ${ack.error.message}`);
    console.log(
      ack.mode === 'events' ? `resuming seqs ${ack.fromSeq}..${ack.toSeq}` : `snapshot at seq ${ack.seq}`,
    );
  });
});

socket.on('snapshot', (snapshot) => {
  lastSeq = snapshot.seq;
  console.log(`snapshot at seq ${snapshot.seq}`);
});

socket.on('events', (batch) => {
  for (const raw of Array.isArray(batch) ? batch : [batch]) {
    const parsed = parseEvent(raw);
    if (parsed.kind === 'invalid') {
      invalid++;
      console.log(`  invalid: ${parsed.reason}`);
      continue;
    }
    const { seq, type, ts } = parsed.event;
    if (seq <= lastSeq) continue; // a duplicate
    lastSeq = seq;
    if (parsed.kind === 'unknown') unknown++;
    else valid++;
    if (!values.quiet)
      console.log(`#${seq} ${new Date(ts).toISOString()} ${type} ${summary(parsed.event.payload)}`);
    if (valid + unknown >= wanted) finish(0);
  }
});

socket.on('heartbeat', (raw) => {
  const heartbeat = heartbeatSchema.safeParse(raw);
  if (heartbeat.success && !values.quiet) console.log(`  heartbeat: server at seq ${heartbeat.data.lastSeq}`);
});

function summary(payload: Record<string, unknown>): string {
  const keys = [
    'incidentId',
    'unitId',
    'sectorId',
    'crossingId',
    'name',
    'callsign',
    'title',
    'status',
    'lon',
    'lat',
  ];
  return keys
    .filter((k) => payload[k] !== undefined)
    .map((k) => `${k}=${String(payload[k])}`)
    .join(' ');
}
