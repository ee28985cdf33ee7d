import { z } from 'zod';
import { annotationShapeFields, checkAnnotationShape } from '../annotation';
import { checkZoneDefinition, zoneDefinitionFields } from '../zone';
import { IMPACT_LEVELS } from '../domain';
import { eventEnvelopeSchema, personsByNationalitySchema } from './events';
import { epochMsSchema, idSchema, labelSchema, seqSchema, textSchema } from './primitives';
import { PROTOCOL_VERSION } from './version';

/**
 * The messages of the feed protocol other than events themselves. Socket.io event names are the
 * keys of {@link ServerToClient} and {@link ClientToServer}.
 */

/** Handshake `auth` sent by the client on every connection. */
export const handshakeAuthSchema = z.object({
  token: z.string().min(1).max(512),
  clientId: idSchema,
  protocol: z.literal(PROTOCOL_VERSION),
});
/** See {@link handshakeAuthSchema}. */
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** First message after a successful connection: what the server holds. */
export const welcomeSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  operationId: idSchema,
  serverTime: epochMsSchema,
  /** The operation's own clock (differs from serverTime when the simulator compresses time). */
  operationTime: epochMsSchema,
  lastSeq: z.number().int().min(0),
  /** The oldest seq the server can still replay; older ones come as a snapshot. */
  oldestSeq: z.number().int().min(0),
});
/** See {@link welcomeSchema}. */
export type Welcome = z.infer<typeof welcomeSchema>;

/** Client asks for everything after `afterSeq` (up to `untilSeq` when it only fills a gap). */
export const resumeRequestSchema = z.object({
  operationId: idSchema,
  afterSeq: z.number().int().min(0),
  untilSeq: seqSchema.optional(),
});
/** See {@link resumeRequestSchema}. */
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;

/** Protocol-level error, in acks and in connect_error data. */
export const protocolErrorSchema = z.object({
  code: z.enum([
    'unauthorized',
    'protocol_mismatch',
    'bad_request',
    'unknown_operation',
    'rejected',
    'internal',
  ]),
  message: z.string().max(1000),
});
/** See {@link protocolErrorSchema}. */
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

/** The answer to `resume`: the events follow as `events` batches, or a `snapshot` follows. */
export const resumeAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    mode: z.literal('events'),
    fromSeq: z.number().int().min(0),
    toSeq: z.number().int().min(0),
  }),
  z.object({ ok: z.literal(true), mode: z.literal('snapshot'), seq: z.number().int().min(0) }),
  z.object({ ok: z.literal(false), error: protocolErrorSchema }),
]);
/** See {@link resumeAckSchema}. */
export type ResumeAck = z.infer<typeof resumeAckSchema>;

/** A batch of events in seq order (live, or replayed after `resume`). */
export const eventsBatchSchema = z.array(z.unknown()).min(1).max(5000);

/** The whole state at `seq`; the client replaces its state and continues after `seq`. */
export const snapshotSchema = z.object({
  operationId: idSchema,
  seq: z.number().int().min(0),
  ts: epochMsSchema,
  /** Validated by the receiver with the state schema; kept opaque here so one bad unit is reported as such. */
  state: z.record(z.string(), z.unknown()),
});
/** See {@link snapshotSchema}. */
export type Snapshot = z.infer<typeof snapshotSchema>;

/** Sent every few seconds so the client can tell a quiet feed from a dead link. */
export const heartbeatSchema = z.object({
  serverTime: epochMsSchema,
  operationTime: epochMsSchema,
  lastSeq: z.number().int().min(0),
});
/** See {@link heartbeatSchema}. */
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Clock probe: the client sends its time, the ack returns it with the server's (NTP-style offset). */
export const clockRequestSchema = z.object({ clientTime: epochMsSchema });
/** See {@link clockRequestSchema}. */
export const clockAckSchema = z.object({ clientTime: epochMsSchema, serverTime: epochMsSchema });
/** See {@link clockAckSchema}. */
export type ClockAck = z.infer<typeof clockAckSchema>;

/** The commands an officer can send; each one comes back as the event(s) it caused. */
export const commandPayloadSchemas = {
  'incident.acknowledge': z.object({ incidentId: idSchema }),
  'incident.add_note': z.object({ incidentId: idSchema, text: textSchema.min(1) }),
  'incident.assign': z.object({ incidentId: idSchema, unitIds: z.array(idSchema).min(1).max(50) }),
  'sector.set_impact': z.object({
    sectorId: idSchema,
    impactLevel: z.enum(IMPACT_LEVELS),
    reason: textSchema.optional(),
  }),
  'bookmark.add': z.object({ label: labelSchema, note: textSchema.optional(), at: epochMsSchema }),
  /** The requested country's answers to a readmission case, and the handover at the crossing. */
  'readmission.accept': z.object({ caseId: idSchema }),
  'readmission.refuse': z.object({ caseId: idSchema, reason: textSchema.min(1) }),
  'readmission.record_handover': z.object({
    caseId: idSchema,
    persons: personsByNationalitySchema.optional(),
  }),
  /**
   * Link incidents as one case: a new case (named by `title`, its id the command's) or, with
   * `caseId`, more incidents for a case that exists.
   */
  'incident.link': z.object({
    caseId: idSchema.optional(),
    title: labelSchema.optional(),
    incidentIds: z.array(idSchema).min(1).max(50),
  }),
  /** Take an incident out of a linked case. */
  'incident.unlink': z.object({ caseId: idSchema, incidentId: idSchema }),
  /** Draw a shared annotation (its id is the command's); see shared/annotation.ts for its bounds. */
  'annotation.create': z.object(annotationShapeFields).superRefine(checkAnnotationShape),
  /** Take an annotation off the map, for everyone. */
  'annotation.delete': z.object({ annotationId: idSchema }),
  /** Make a watch zone (its id is the command's); see shared/zone.ts for its rules and bounds. */
  'zone.create': z.object(zoneDefinitionFields).superRefine(checkZoneDefinition),
  /** Give up a watch zone, for everyone. */
  'zone.delete': z.object({ zoneId: idSchema }),
} as const;
/** Every command type. */
export type CommandType = keyof typeof commandPayloadSchemas;
/** The command types as a list. */
export const COMMAND_TYPES = Object.keys(commandPayloadSchemas) as [CommandType, ...CommandType[]];
/** The payload of a command of type `K`, as an issuer writes it. */
export type CommandPayload<K extends CommandType> = z.input<(typeof commandPayloadSchemas)[K]>;
/** An officer's action as a UI hands it to its core: the command's type and payload, nothing else. */
export type IssuedCommand = { [K in CommandType]: { type: K; payload: CommandPayload<K> } }[CommandType];

/**
 * Checks an officer's action as it arrives from a page: a known command type and its payload by
 * that type's own schema, strict (a key the schema does not know is refused, not stripped). The
 * same schemas as the wire's, so an action is defined once.
 */
export const issuedCommandSchema = z
  .strictObject({
    type: z.enum(COMMAND_TYPES, {
      error: (issue) =>
        `unknown command type ${JSON.stringify(String(issue.input)).slice(0, 80)} (known: ${COMMAND_TYPES.join(', ')})`,
    }),
    payload: z.unknown(),
  })
  .transform((arg, ctx) => {
    const payload = commandPayloadSchemas[arg.type].strict().safeParse(arg.payload ?? null);
    if (payload.success) return { type: arg.type, payload: payload.data } as IssuedCommand;
    for (const issue of payload.error.issues) ctx.addIssue({ ...issue, path: ['payload', ...issue.path] });
    return z.NEVER;
  }) as unknown as z.ZodType<IssuedCommand, IssuedCommand>;

function commandOf<K extends CommandType>(type: K) {
  return z.object({
    id: idSchema,
    type: z.literal(type),
    /** Who issued it, as shown in the log (the officer's name or workstation). */
    by: labelSchema,
    payload: commandPayloadSchemas[type],
  });
}

/**
 * A command. `id` is the idempotency key: the server applies a command id once, however often it
 * is sent, and answers a repeat with the seqs of the first time.
 */
export const commandSchema = z.discriminatedUnion('type', [
  commandOf('incident.acknowledge'),
  commandOf('incident.add_note'),
  commandOf('incident.assign'),
  commandOf('sector.set_impact'),
  commandOf('bookmark.add'),
  commandOf('readmission.accept'),
  commandOf('readmission.refuse'),
  commandOf('readmission.record_handover'),
  commandOf('incident.link'),
  commandOf('incident.unlink'),
  commandOf('annotation.create'),
  commandOf('annotation.delete'),
  commandOf('zone.create'),
  commandOf('zone.delete'),
]);
/** See {@link commandSchema}. */
export type Command = {
  [K in CommandType]: {
    id: string;
    type: K;
    by: string;
    payload: z.output<(typeof commandPayloadSchemas)[K]>;
  };
}[CommandType];

/** The answer to a command: the seqs of the events it caused, or why it was refused. */
export const commandAckSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    commandId: idSchema,
    seqs: z.array(seqSchema).max(100),
    duplicate: z.boolean(),
  }),
  z.object({ ok: z.literal(false), commandId: idSchema.optional(), error: protocolErrorSchema }),
]);
/** See {@link commandAckSchema}. */
export type CommandAck = z.infer<typeof commandAckSchema>;

/** Server -> client socket.io events, typed for socket.io's generics. Payloads are raw until validated. */
export interface ServerToClient {
  welcome: (welcome: Welcome) => void;
  events: (batch: unknown[]) => void;
  snapshot: (snapshot: Snapshot) => void;
  heartbeat: (heartbeat: Heartbeat) => void;
}

/** Client -> server socket.io events. */
export interface ClientToServer {
  resume: (request: ResumeRequest, ack: (answer: ResumeAck) => void) => void;
  command: (command: Command, ack: (answer: CommandAck) => void) => void;
  clock: (request: { clientTime: number }, ack: (answer: ClockAck) => void) => void;
}

/** Re-exported so that receivers validate the envelope first and the payload by type. */
export { eventEnvelopeSchema };
