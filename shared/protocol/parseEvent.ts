import type { z } from 'zod';
import type { EpochMs } from '../units';
import { checkStructure } from './checkStructure';
import {
  eventEnvelopeSchema,
  eventPayloadSchemas,
  isKnownEventType,
  unknownPayloadSchema,
  type FeedEvent,
  type UnknownEvent,
} from './events';

/** The verdict on one inbound event. */
export type ParsedEvent =
  | { kind: 'known'; event: FeedEvent }
  | { kind: 'unknown'; event: UnknownEvent }
  | {
      kind: 'invalid';
      reason: string;
      /** Set when only the payload failed: the envelope (seq, id, time, type) was well-formed. */
      envelope?: { seq: number; id: string; ts: EpochMs; type: string };
    };

/** A one-line reason from a zod error: the first few issues with their paths. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates one event as it came off the wire. A known type is checked against its payload schema
 * (unknown keys stripped); a well-formed event of a type this version does not know is returned as
 * `unknown`, to be stored and not applied; anything else is `invalid` with a reason fit for the
 * quarantine.
 */
export function parseEvent(raw: unknown): ParsedEvent {
  const structural = checkStructure(raw);
  if (structural !== null) return { kind: 'invalid', reason: `unsafe message: ${structural}` };
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { kind: 'invalid', reason: describeZodError(envelope.error) };
  const { type } = envelope.data;
  if (!isKnownEventType(type)) {
    const payload = unknownPayloadSchema.safeParse(envelope.data.payload);
    if (!payload.success) return invalidPayload(envelope.data, describeZodError(payload.error));
    return { kind: 'unknown', event: envelope.data };
  }
  const payload = eventPayloadSchemas[type].safeParse(envelope.data.payload);
  if (!payload.success) return invalidPayload(envelope.data, describeZodError(payload.error));
  return { kind: 'known', event: { ...envelope.data, payload: payload.data } as FeedEvent };
}

function invalidPayload(
  envelope: { seq: number; id: string; ts: EpochMs; type: string },
  reason: string,
): ParsedEvent {
  const { seq, id, ts, type } = envelope;
  return { kind: 'invalid', reason: `${type}: ${reason}`, envelope: { seq, id, ts, type } };
}

/** The log's record of an event whose payload failed its schema twice: it holds the seq, never applies. */
export const INVALID_TYPE_PREFIX = 'invalid.';
