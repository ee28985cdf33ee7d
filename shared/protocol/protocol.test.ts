// @vitest-environment node
// The test reads docs/protocol.md from disk; shared/ code stays Node-free, this test file alone does not.
// eslint-disable-next-line no-restricted-imports -- test-only file read, never bundled into the app
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import type { z } from 'zod';
import { checkStructure } from './checkStructure';
import { EVENT_TYPES, STRUCTURE_LIMITS } from './events';
import {
  COMMAND_TYPES,
  clockAckSchema,
  clockRequestSchema,
  commandAckSchema,
  commandSchema,
  handshakeAuthSchema,
  heartbeatSchema,
  resumeAckSchema,
  resumeRequestSchema,
  snapshotSchema,
  welcomeSchema,
  type CommandType,
} from './messages';
import { describeZodError, parseEvent } from './parseEvent';
import { zoneRules } from '../zone.fixture';

// ---------------------------------------------------------------------------------------------
// The examples of docs/protocol.md, validated against the schemas, so the document cannot drift.
// ---------------------------------------------------------------------------------------------

interface DocExample {
  name: string;
  /** 1-based line of the opening fence, so a failure points at the document. */
  line: number;
  value: unknown;
}

const DOC_PATH = new URL('../../docs/protocol.md', import.meta.url);
const EXAMPLE_FENCE = /^```json example=([^\s`]+)\s*$/;

function readExamples(markdown: string): { examples: DocExample[]; badFences: string[] } {
  const lines = markdown.split(/\r?\n/);
  const examples: DocExample[] = [];
  const badFences: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = EXAMPLE_FENCE.exec(line);
    if (!open) {
      // A fence that mentions an example but is not tagged exactly would be skipped silently.
      if (line.startsWith('```') && line.includes('example')) badFences.push(`line ${i + 1}: ${line}`);
      continue;
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== '```') body.push(lines[j++]!);
    if (j === lines.length)
      throw new Error(`docs/protocol.md line ${i + 1}: example ${open[1]} is never closed`);
    let value: unknown;
    try {
      value = JSON.parse(body.join('\n')) as unknown;
    } catch (error) {
      throw new Error(`docs/protocol.md line ${i + 1}: example ${open[1]} is not JSON: ${String(error)}`, {
        cause: error,
      });
    }
    examples.push({ name: open[1]!, line: i + 1, value });
    i = j;
  }
  return { examples, badFences };
}

const { examples, badFences } = readExamples(readFileSync(DOC_PATH, 'utf8'));

/** The names of the non-event, non-command examples, each with the schema it must pass. */
const MESSAGE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  auth: handshakeAuthSchema,
  welcome: welcomeSchema,
  resume: resumeRequestSchema,
  snapshot: snapshotSchema,
  heartbeat: heartbeatSchema,
  clock: clockRequestSchema,
  'clock-ack': clockAckSchema,
};

/** Acks whose example must also be of one particular shape. */
const ACK_SHAPES: Readonly<Record<string, { schema: 'resume' | 'command'; shape: Record<string, unknown> }>> =
  {
    'resume-ack-events': { schema: 'resume', shape: { ok: true, mode: 'events' } },
    'resume-ack-snapshot': { schema: 'resume', shape: { ok: true, mode: 'snapshot' } },
    'resume-ack-error': { schema: 'resume', shape: { ok: false } },
    'command-ack': { schema: 'command', shape: { ok: true } },
    'command-ack-error': { schema: 'command', shape: { ok: false } },
  };

const MESSAGE_NAMES = [...Object.keys(MESSAGE_SCHEMAS), ...Object.keys(ACK_SHAPES)];

/**
 * resumeAckSchema is a discriminated union with two `ok: true` options, which zod 4 refuses at the
 * first parse ("Duplicate discriminator value"). Until the schema is fixed, an ack is checked
 * against its options one by one; this keeps working once it is.
 */
function parseResumeAck(value: unknown): z.ZodSafeParseResult<unknown> {
  const options: readonly z.ZodType[] = resumeAckSchema.options;
  let last: z.ZodSafeParseResult<unknown> | undefined;
  for (const option of options) {
    last = option.safeParse(value);
    if (last.success) return last;
  }
  return last!;
}

function isRecognisedName(name: string): boolean {
  if (MESSAGE_NAMES.includes(name)) return true;
  if (name.startsWith('event:'))
    return (EVENT_TYPES as readonly string[]).includes(name.slice('event:'.length));
  if (name.startsWith('command:'))
    return (COMMAND_TYPES as readonly string[]).includes(name.slice('command:'.length));
  return false;
}

describe('docs/protocol.md examples', () => {
  it('has examples, each tagged exactly and named once', () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(badFences).toEqual([]);
    const names = examples.map((e) => e.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('recognises every example name', () => {
    expect(
      examples.filter((e) => !isRecognisedName(e.name)).map((e) => `${e.name} (line ${e.line})`),
    ).toEqual([]);
  });

  it('has an example of every event type', () => {
    const names = new Set(examples.map((e) => e.name));
    expect(EVENT_TYPES.filter((t) => !names.has(`event:${t}`))).toEqual([]);
  });

  it('has an example of every command type', () => {
    const names = new Set(examples.map((e) => e.name));
    expect(COMMAND_TYPES.filter((t) => !names.has(`command:${t}`))).toEqual([]);
  });

  it('has an example of every message', () => {
    const names = new Set(examples.map((e) => e.name));
    expect(MESSAGE_NAMES.filter((n) => !names.has(n))).toEqual([]);
  });

  // `toEqual(value)` after parsing also proves that no example carries a key the schema would strip.
  it.each(examples.filter((e) => e.name.startsWith('event:')))(
    'event example $name (line $line) is known and complete',
    ({ name, value }) => {
      const parsed = parseEvent(value);
      if (parsed.kind !== 'known')
        throw new Error(`${name}: ${parsed.kind === 'invalid' ? parsed.reason : 'unknown type'}`);
      expect(parsed.event.type).toBe(name.slice('event:'.length));
      expect(parsed.event).toEqual(value);
    },
  );

  it.each(examples.filter((e) => e.name.startsWith('command:')))(
    'command example $name (line $line) is valid and complete',
    ({ name, value }) => {
      const parsed = commandSchema.safeParse(value);
      if (!parsed.success) throw new Error(`${name}: ${describeZodError(parsed.error)}`);
      expect(parsed.data.type).toBe(name.slice('command:'.length));
      expect(parsed.data).toEqual(value);
    },
  );

  it.each(examples.filter((e) => Object.hasOwn(MESSAGE_SCHEMAS, e.name)))(
    'message example $name (line $line) is valid and complete',
    ({ name, value }) => {
      const parsed = MESSAGE_SCHEMAS[name]!.safeParse(value);
      if (!parsed.success) throw new Error(`${name}: ${describeZodError(parsed.error)}`);
      expect(parsed.data).toEqual(value);
    },
  );

  it.each(examples.filter((e) => Object.hasOwn(ACK_SHAPES, e.name)))(
    'ack example $name (line $line) is valid, complete and of its shape',
    ({ name, value }) => {
      const { schema, shape } = ACK_SHAPES[name]!;
      const parsed = schema === 'resume' ? parseResumeAck(value) : commandAckSchema.safeParse(value);
      if (!parsed.success) throw new Error(`${name}: ${describeZodError(parsed.error)}`);
      expect(parsed.data).toEqual(value);
      expect(parsed.data).toMatchObject(shape);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Malformed messages: each must be refused with a reason.
// ---------------------------------------------------------------------------------------------

/** 2026-10-06T21:14:05Z, inside the operation of the document's examples. */
const T = 1_791_321_245_000;

type Json = Record<string, unknown>;

function envelope(type: string, payload: unknown, overrides: Json = {}): Json {
  return { seq: 4_237_118, id: 'JO-WB-7.4237118', ts: T, type, payload, ...overrides };
}

function position(payload: Json = {}, overrides: Json = {}): Json {
  return envelope(
    'unit.position',
    {
      unitId: 'U0042',
      lon: 19.1012,
      lat: 44.3907,
      heading: 172,
      speed: 8.3,
      accuracy: 12,
      at: T,
      ...payload,
    },
    overrides,
  );
}

function reported(payload: Json = {}): Json {
  return envelope('incident.reported', {
    incidentId: 'INC-7-000412',
    category: 'migrant_smuggling',
    priority: 2,
    title: 'Suspected smuggling: vehicle with 12 migrants near Zvornik',
    lon: 19.0968,
    lat: 44.3871,
    sectorId: 'BA-RS-03',
    reportedAt: T,
    ...payload,
  });
}

function noteAdded(payload: Json = {}): Json {
  return envelope('incident.note_added', {
    incidentId: 'INC-7-000412',
    noteId: 'N-cmd-e3f1a2b4',
    author: 'Insp. Jelena Marković, JOCC Zvornik',
    text: 'K9 team requested from Mali Zvornik.',
    at: T,
    ...payload,
  });
}

function assigned(payload: Json = {}): Json {
  return envelope('incident.assigned', {
    incidentId: 'INC-7-000412',
    unitIds: ['U0042'],
    by: 'JOCC Zvornik',
    at: T,
    ...payload,
  });
}

function sectorUpserted(payload: Json = {}): Json {
  return envelope('sector.upserted', {
    sectorId: 'BA-RS-03',
    name: 'Zvornik',
    countries: ['BA', 'RS'],
    line: [
      [19.0711, 44.4522],
      [19.1342, 44.3301],
    ],
    corridor: [
      [
        [19.0411, 44.4522],
        [19.1011, 44.4522],
        [19.1642, 44.3301],
        [19.0411, 44.4522],
      ],
    ],
    impactLevel: 'medium',
    responsibleAgency: 'Border Police of Bosnia and Herzegovina',
    ...payload,
  });
}

function unitUpserted(payload: Json = {}): Json {
  return envelope('unit.upserted', {
    unitId: 'U0042',
    callsign: 'BA-BP 117',
    agency: 'border_police',
    organisation: 'Border Police of Bosnia and Herzegovina',
    country: 'BA',
    kind: 'vehicle',
    status: 'patrolling',
    ...payload,
  });
}

function without(value: Json, key: string): Json {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `U${String(i + 1).padStart(4, '0')}`);
}

/** A class instance carries a prototype other than Object's: not plain data. */
class PositionFix {
  unitId = 'U0042';
  lon = 19.1012;
  lat = 44.3907;
  heading = 172;
  speed = 8.3;
  accuracy = 12;
  at = T;
}

interface MalformedCase {
  label: string;
  value: unknown;
  /** The message schema that must refuse it; without one, `parseEvent` must call it invalid. */
  schema?: z.ZodType;
}

const MALFORMED: MalformedCase[] = [
  // The envelope.
  { label: 'missing seq', value: without(position(), 'seq') },
  { label: 'missing id', value: without(position(), 'id') },
  { label: 'missing ts', value: without(position(), 'ts') },
  { label: 'missing type', value: without(position(), 'type') },
  { label: 'missing payload', value: without(position(), 'payload') },
  { label: 'seq 0', value: position({}, { seq: 0 }) },
  { label: 'negative seq', value: position({}, { seq: -5 }) },
  { label: 'fractional seq', value: position({}, { seq: 12.5 }) },
  { label: 'seq as a string', value: position({}, { seq: '12' }) },
  { label: 'seq above 2^53-1', value: position({}, { seq: Number.MAX_SAFE_INTEGER + 2 }) },
  { label: 'id as a number', value: position({}, { id: 4_237_118 }) },
  { label: 'empty id', value: position({}, { id: '' }) },
  { label: 'id of 65 chars', value: position({}, { id: 'J'.repeat(65) }) },
  { label: 'id with spaces', value: position({}, { id: 'JO WB 7.4237118' }) },
  { label: 'ts as an ISO string', value: position({}, { ts: '2026-10-06T21:14:05Z' }) },
  { label: 'ts as a Date object', value: position({}, { ts: new Date(T) }) },
  { label: 'ts in 1970', value: position({}, { ts: 86_400_000 }) },
  { label: 'fractional ts', value: position({}, { ts: T + 0.5 }) },
  { label: 'type as a number', value: position({}, { type: 42 }) },
  { label: 'type not a dotted lower-case name', value: position({}, { type: 'Unit Position!' }) },
  { label: 'type without a dot', value: position({}, { type: 'position' }) },
  { label: 'array payload', value: envelope('unit.position', [1, 2, 3]) },
  { label: 'null payload', value: envelope('unit.position', null) },
  { label: 'string payload', value: envelope('unit.position', 'U0042 at Zvornik') },
  { label: 'array payload of an unknown type', value: envelope('exchange.requested', [1]) },
  { label: 'payload key of 65 chars', value: envelope('exchange.requested', { ['k'.repeat(65)]: 1 }) },
  // Numbers.
  { label: 'NaN longitude', value: position({ lon: NaN }) },
  { label: 'Infinity latitude', value: position({ lat: Infinity }) },
  { label: '-Infinity speed', value: position({ speed: -Infinity }) },
  { label: 'longitude 180.0001', value: position({ lon: 180.0001 }) },
  { label: 'latitude -90.5', value: position({ lat: -90.5 }) },
  { label: 'longitude as a string', value: position({ lon: '19.1012' }) },
  { label: 'heading 361', value: position({ heading: 361 }) },
  { label: 'negative speed', value: position({ speed: -0.1 }) },
  { label: 'accuracy above 100 km', value: position({ accuracy: 100_001 }) },
  { label: 'position time in year 2200', value: position({ at: Date.UTC(2200, 0, 1) }) },
  {
    label: 'missing position time',
    value: envelope('unit.position', without(position().payload as Json, 'at')),
  },
  // Strings.
  { label: 'title of 201 chars', value: reported({ title: 'T'.repeat(201) }) },
  { label: 'note text of 4001 chars', value: noteAdded({ text: 'x'.repeat(4001) }) },
  { label: 'empty note text', value: noteAdded({ text: '' }) },
  { label: 'unit id with spaces', value: position({ unitId: 'U 0042' }) },
  { label: 'unit id of 65 chars', value: position({ unitId: 'U'.repeat(65) }) },
  // Structure.
  {
    label: '__proto__ key',
    value: JSON.parse(
      `{"seq":1,"id":"JO-WB-7.1","ts":${T},"type":"unit.position","payload":{"unitId":"U0042","lon":19.1,"lat":44.39,"heading":0,"speed":0,"accuracy":5,"at":${T},"__proto__":{"polluted":true}}}`,
    ) as unknown,
  },
  { label: 'constructor key', value: position({ constructor: { prototype: { polluted: true } } }) },
  { label: 'prototype key', value: envelope('exchange.requested', { prototype: {} }) },
  { label: 'nesting 40 levels deep', value: envelope('exchange.requested', nested(40, 1)) },
  { label: 'class instance as payload', value: envelope('unit.position', new PositionFix()) },
  { label: 'function value', value: position({ accuracy: () => 12 }) },
  { label: 'undefined value', value: position({ heading: undefined }) },
  { label: 'bigint value', value: position({ speed: 8n }) },
  { label: 'event as a string', value: 'not an event' },
  { label: 'event as a number', value: 42 },
  { label: 'event as null', value: null },
  { label: 'event as an array', value: [position()] },
  // Enumerations.
  { label: 'unknown incident category', value: reported({ category: 'smuggling' }) },
  { label: 'unknown unit status', value: unitUpserted({ status: 'busy' }) },
  { label: 'unknown impact level', value: sectorUpserted({ impactLevel: 'extreme' }) },
  { label: 'priority 5', value: reported({ priority: 5 }) },
  { label: 'priority 0', value: reported({ priority: 0 }) },
  { label: 'priority 2.5', value: reported({ priority: 2.5 }) },
  { label: 'priority as a string', value: reported({ priority: '2' }) },
  { label: 'country code "srb"', value: unitUpserted({ country: 'srb' }) },
  { label: 'country code "S1"', value: unitUpserted({ country: 'S1' }) },
  {
    label: 'partner reference of unknown kind',
    value: reported({ partnerReferences: [{ kind: 'europol', reference: 'SIENA 2026/0048213' }] }),
  },
  { label: 'fractional count', value: reported({ counts: { migrants: 12.5 } }) },
  // Geometry and lists.
  { label: 'line of one point', value: sectorUpserted({ line: [[19.0711, 44.4522]] }) },
  {
    label: 'polygon ring of 3 points',
    value: sectorUpserted({
      corridor: [
        [
          [19.0411, 44.4522],
          [19.1642, 44.3301],
          [19.0411, 44.4522],
        ],
      ],
    }),
  },
  {
    label: 'position with altitude',
    value: sectorUpserted({
      line: [
        [19.0711, 44.4522, 180],
        [19.1342, 44.3301, 175],
      ],
    }),
  },
  { label: 'three sector countries', value: sectorUpserted({ countries: ['BA', 'RS', 'ME'] }) },
  { label: '51 unit ids', value: assigned({ unitIds: ids(51) }) },
  { label: 'empty unit ids', value: assigned({ unitIds: [] }) },
  // Other messages.
  {
    label: 'handshake with protocol 2',
    schema: handshakeAuthSchema,
    value: { token: 'wf-demo', clientId: 'JOCC-Zvornik-WS2', protocol: 2 },
  },
  {
    label: 'handshake with an empty token',
    schema: handshakeAuthSchema,
    value: { token: '', clientId: 'JOCC-Zvornik-WS2', protocol: 1 },
  },
  {
    label: 'welcome with a negative lastSeq',
    schema: welcomeSchema,
    value: {
      protocol: 1,
      operationId: 'JO-WB-7',
      serverTime: T,
      operationTime: T,
      lastSeq: -1,
      oldestSeq: 1,
    },
  },
  {
    label: 'heartbeat with NaN serverTime',
    schema: heartbeatSchema,
    value: { serverTime: NaN, operationTime: T, lastSeq: 4_237_126 },
  },
  {
    label: 'resume with a fractional afterSeq',
    schema: resumeRequestSchema,
    value: { operationId: 'JO-WB-7', afterSeq: 4_237_150.5 },
  },
  {
    label: 'resume with untilSeq 0',
    schema: resumeRequestSchema,
    value: { operationId: 'JO-WB-7', afterSeq: 0, untilSeq: 0 },
  },
  {
    label: 'clock ack with an ISO clientTime',
    schema: clockAckSchema,
    value: { clientTime: '2026-10-06T21:50:00Z', serverTime: T },
  },
  {
    label: 'command ack with seq 0',
    schema: commandAckSchema,
    value: { ok: true, commandId: 'cmd-1', seqs: [0], duplicate: false },
  },
  {
    label: 'command of an unknown type',
    schema: commandSchema,
    value: {
      id: 'cmd-1',
      type: 'incident.delete',
      by: 'JOCC Zvornik',
      payload: { incidentId: 'INC-7-000412' },
    },
  },
  {
    label: 'assign command with 51 units',
    schema: commandSchema,
    value: {
      id: 'cmd-1',
      type: 'incident.assign',
      by: 'JOCC Zvornik',
      payload: { incidentId: 'INC-7-000412', unitIds: ids(51) },
    },
  },
  {
    label: 'snapshot with an array state',
    schema: snapshotSchema,
    value: { operationId: 'JO-WB-7', seq: 1, ts: T, state: [] },
  },
];

describe('malformed messages', () => {
  // Each case breaks one thing in a valid event, so the bases must be valid for the cases to mean anything.
  it.each([
    ['unit.position', position()],
    ['incident.reported', reported()],
    ['incident.note_added', noteAdded()],
    ['incident.assigned', assigned()],
    ['sector.upserted', sectorUpserted()],
    ['unit.upserted', unitUpserted()],
  ])('builds on a valid %s', (_type, value) => {
    expect(parseEvent(value).kind).toBe('known');
  });

  it('are at least 30 distinct cases', () => {
    const labels = MALFORMED.map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.length).toBeGreaterThanOrEqual(30);
  });

  it.each(MALFORMED)('refuses $label', ({ value, schema }) => {
    if (schema) {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      if (!result.success) expect(describeZodError(result.error)).not.toBe('');
      return;
    }
    const result = parseEvent(value);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.reason).not.toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Versioning, handshake and commands.
// ---------------------------------------------------------------------------------------------

describe('parseEvent', () => {
  it('keeps a well-formed event of an unknown type, payload and all, as unknown', () => {
    const raw = envelope('exchange.requested', {
      requestId: 'RA-2026-0193',
      fromCountry: 'HR',
      toCountry: 'BA',
      crossingId: 'BCP-HR-BA-BOSANSKA-GRADISKA',
      persons: 6,
      nested: { annex: ['list A', 'list B'] },
    });
    const result = parseEvent(raw);
    expect(result.kind).toBe('unknown');
    if (result.kind !== 'unknown') return;
    expect(result.event.type).toBe('exchange.requested');
    expect(result.event.payload).toEqual(raw.payload);
  });

  it('strips unknown keys from a known payload and from the envelope', () => {
    const result = parseEvent(position({ battery: 0.81 }, { source: 'tetra-gps' }));
    expect(result.kind).toBe('known');
    if (result.kind !== 'known') return;
    expect(result.event).not.toHaveProperty('source');
    expect(result.event.payload).not.toHaveProperty('battery');
    expect(result.event.payload).toEqual(position().payload);
  });
});

describe('handshakeAuthSchema', () => {
  const auth = { token: 'wf-3c9d0e7a41b24f6e8a15d2c7b90e6f13', clientId: 'JOCC-Zvornik-WS2', protocol: 1 };

  it('accepts a valid handshake', () => {
    expect(handshakeAuthSchema.safeParse(auth).success).toBe(true);
  });

  it('rejects protocol 2', () => {
    expect(handshakeAuthSchema.safeParse({ ...auth, protocol: 2 }).success).toBe(false);
  });

  it('rejects an empty token', () => {
    expect(handshakeAuthSchema.safeParse({ ...auth, token: '' }).success).toBe(false);
  });
});

/** A valid payload per command type; the Record type makes a new command type a compile error here. */
const VALID_COMMAND_PAYLOADS: Readonly<Record<CommandType, Json>> = {
  'incident.acknowledge': { incidentId: 'INC-7-000412' },
  'incident.add_note': { incidentId: 'INC-7-000412', text: 'Vehicle towed to the Karakaj station.' },
  'incident.assign': { incidentId: 'INC-7-000412', unitIds: ['U0042', 'U0107'] },
  'sector.set_impact': { sectorId: 'BA-RS-03', impactLevel: 'critical' },
  'bookmark.add': { label: 'Pursuit ends at Mali Zvornik', at: T },
  'readmission.accept': { caseId: 'RA-7-000031' },
  'readmission.refuse': { caseId: 'RA-7-000032', reason: 'Entry not established.' },
  'readmission.record_handover': { caseId: 'RA-7-000031' },
  'incident.link': { caseId: 'LC-7-000003', incidentIds: ['INC-7-000412'] },
  'incident.unlink': { caseId: 'LC-7-000003', incidentId: 'INC-7-000412' },
  'annotation.create': {
    kind: 'polygon',
    coordinates: [
      [19.1, 44.38],
      [19.13, 44.38],
      [19.12, 44.41],
    ],
    text: 'Search area',
    color: 'magenta',
  },
  'annotation.delete': { annotationId: 'cmd-7f3a' },
  'zone.create': {
    name: 'Drina river watch',
    area: { kind: 'sector', sectorId: 'BA-RS-01' },
    ...zoneRules({
      onExit: false,
      unitKinds: ['boat'],
      coverage: [{ rule: 'at_least', count: 1, unitKind: 'boat' }],
    }),
  },
  'zone.delete': { zoneId: 'cmd-7f3b' },
};

describe('commandSchema', () => {
  it('rejects an unknown command type', () => {
    const result = commandSchema.safeParse({
      id: 'cmd-1',
      type: 'incident.delete',
      by: 'JOCC Zvornik',
      payload: {},
    });
    expect(result.success).toBe(false);
  });

  it.each(COMMAND_TYPES)('accepts %s with a valid payload', (type) => {
    const command = {
      id: `cmd-${type}`,
      type,
      by: 'Insp. Jelena Marković, JOCC Zvornik',
      payload: VALID_COMMAND_PAYLOADS[type],
    };
    const result = commandSchema.safeParse(command);
    if (!result.success) throw new Error(describeZodError(result.error));
    expect(result.data).toEqual(command);
  });
});

describe('annotations', () => {
  const create = (payload: Json) =>
    commandSchema.safeParse({ id: 'cmd-a1', type: 'annotation.create', by: 'JOCC Zvornik', payload });
  const created = (payload: Json) =>
    parseEvent(
      envelope('annotation.created', {
        annotationId: 'cmd-a1',
        kind: 'point',
        coordinates: [[19.1, 44.4]],
        color: 'lime',
        author: 'JOCC Zvornik',
        at: T,
        ...payload,
      }),
    );
  const ring = (n: number) => Array.from({ length: n }, (_, i) => [19 + i * 1e-4, 44 + (i % 2) * 1e-3]);

  it('takes each kind with the positions it needs, and a text for a text', () => {
    expect(create({ kind: 'point', coordinates: [[19.1, 44.4]], color: 'sky' }).success).toBe(true);
    expect(create({ kind: 'line', coordinates: ring(2), color: 'orange' }).success).toBe(true);
    expect(create({ kind: 'polygon', coordinates: ring(500), color: 'white' }).success).toBe(true);
    expect(
      create({ kind: 'text', coordinates: [[19.1, 44.4]], text: 'Checkpoint', color: 'magenta' }).success,
    ).toBe(true);
  });

  it('refuses geometry out of bounds, a text too long, a colour off the palette', () => {
    const refusals: [Json, RegExp][] = [
      [{ kind: 'polygon', coordinates: ring(2), color: 'sky' }, /coordinates: a polygon has 3 positions/],
      [{ kind: 'polygon', coordinates: ring(501), color: 'sky' }, /coordinates/],
      [{ kind: 'line', coordinates: [[19.1, 44.4]], color: 'sky' }, /coordinates: a line has 2/],
      [{ kind: 'point', coordinates: ring(2), color: 'sky' }, /coordinates: a point has one position/],
      [{ kind: 'point', coordinates: [[181, 44.4]], color: 'sky' }, /coordinates\.0\.0/],
      [{ kind: 'point', coordinates: [[19.1, -91]], color: 'sky' }, /coordinates\.0\.1/],
      [{ kind: 'point', coordinates: [[19.1, Number.NaN]], color: 'sky' }, /coordinates\.0\.1/],
      [{ kind: 'text', coordinates: [[19.1, 44.4]], color: 'sky' }, /text: a text annotation has a text/],
      [{ kind: 'text', coordinates: [[19.1, 44.4]], text: '   ', color: 'sky' }, /text/],
      [{ kind: 'text', coordinates: [[19.1, 44.4]], text: 'x'.repeat(501), color: 'sky' }, /text/],
      [{ kind: 'point', coordinates: [[19.1, 44.4]], color: '#ff0000' }, /color/],
      [{ kind: 'circle', coordinates: [[19.1, 44.4]], color: 'sky' }, /kind/],
    ];
    for (const [payload, reason] of refusals) {
      const result = create(payload);
      expect(result.success, JSON.stringify(payload)).toBe(false);
      if (!result.success) expect(describeZodError(result.error), JSON.stringify(payload)).toMatch(reason);
    }
  });

  it('has a bad annotation event refused for the quarantine, with its envelope kept', () => {
    for (const payload of [
      { coordinates: [] },
      { coordinates: ring(501), kind: 'line' },
      { coordinates: [[19.1, 95]] },
      { color: 'red' },
      { kind: 'text' },
      { text: 'x'.repeat(501) },
    ]) {
      const result = created(payload);
      expect(result.kind, JSON.stringify(payload)).toBe('invalid');
      if (result.kind === 'invalid') expect(result.envelope?.type).toBe('annotation.created');
    }
    // Hostile text is text: it passes the schema as it is (the page shows it as text).
    const hostile = created({ kind: 'text', text: '<img src=x onerror=alert(1)>\u202Eevil' });
    expect(hostile.kind).toBe('known');
  });
});

// ---------------------------------------------------------------------------------------------
// checkStructure.
// ---------------------------------------------------------------------------------------------

function nestedArrays(levels: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('checkStructure', () => {
  it('passes a 5,000-event batch of small events', () => {
    const batch = Array.from({ length: 5000 }, (_, i) =>
      position(
        { lon: 19.1 + i * 1e-5, at: T + i * 1000 },
        { seq: i + 1, id: `JO-WB-7.${i + 1}`, ts: T + i * 1000 },
      ),
    );
    expect(checkStructure(batch)).toBeNull();
  });

  it('counts every value: 200,000 pass, 200,001 are refused', () => {
    // The array itself is one value, so n zeros make n + 1.
    expect(checkStructure(new Array<number>(STRUCTURE_LIMITS.maxNodes - 1).fill(0))).toBeNull();
    expect(checkStructure(new Array<number>(STRUCTURE_LIMITS.maxNodes).fill(0))).toMatch(
      /more than 200000 values/,
    );
  });

  it('allows 12 levels of nesting and refuses 13', () => {
    expect(checkStructure(nestedArrays(STRUCTURE_LIMITS.maxDepth))).toBeNull();
    expect(checkStructure(nestedArrays(STRUCTURE_LIMITS.maxDepth + 1))).toMatch(/nested deeper/);
  });

  it('is iterative: 100,000 levels of nesting do not overflow the stack', () => {
    const deep = nestedArrays(100_000);
    expect(() => checkStructure(deep)).not.toThrow();
    expect(checkStructure(deep)).toMatch(/nested deeper/);
    // With the depth limit lifted the whole chain is walked, which a recursive walk could not do.
    expect(checkStructure(deep, { maxDepth: 200_000, maxNodes: 200_000 })).toBeNull();
  });
});

describe('watch zones', () => {
  const base = {
    name: 'Drina at Karakaj',
    area: { kind: 'sector', sectorId: 'BA-RS-01' },
    ...zoneRules({ onExit: false }),
  };
  const create = (payload: Json) =>
    commandSchema.safeParse({
      id: 'cmd-z1',
      type: 'zone.create',
      by: 'JOCC Zvornik',
      payload: { ...base, ...payload },
    });
  const ring = (n: number) => Array.from({ length: n }, (_, i) => [19 + i * 1e-4, 44 + (i % 2) * 1e-3]);

  it('takes a sector or a drawn area, entry and exit rules, and coverage rules', () => {
    expect(create({}).success).toBe(true);
    expect(create({ area: { kind: 'polygon', coordinates: ring(500) } }).success).toBe(true);
    expect(
      create({
        onEntry: false,
        watchUnits: false,
        coverage: [
          { rule: 'at_least', count: 1, unitKind: 'boat' },
          { rule: 'no_unit', minutes: 20 },
        ],
      }).success,
    ).toBe(true);
    expect(
      create({ watchIncidents: true, incidentCategories: ['drugs'], incidentPriorities: [1, 2] }).success,
    ).toBe(true);
  });

  it('refuses an area out of bounds, unknown kinds, repeated filters, rules out of bounds, a zone that watches nothing', () => {
    const refusals: [Json, RegExp][] = [
      [{ area: { kind: 'polygon', coordinates: ring(2) } }, /area\.coordinates/],
      [{ area: { kind: 'polygon', coordinates: ring(501) } }, /area\.coordinates/],
      [
        {
          area: {
            kind: 'polygon',
            coordinates: [
              [19, 95],
              [19, 44],
              [20, 44],
            ],
          },
        },
        /area\.coordinates/,
      ],
      [{ area: { kind: 'circle', sectorId: 'BA-RS-01' } }, /area/],
      [{ unitKinds: ['tank'] }, /unitKinds/],
      [{ unitKinds: ['boat', 'boat'] }, /unitKinds/],
      [{ incidentPriorities: [5] }, /incidentPriorities/],
      [{ incidentCategories: ['parking'] }, /incidentCategories/],
      [{ coverage: [{ rule: 'at_least', count: 0, unitKind: 'boat' }] }, /coverage/],
      [{ coverage: [{ rule: 'at_least', count: 51, unitKind: 'boat' }] }, /coverage/],
      [{ coverage: [{ rule: 'no_unit', minutes: 1441 }] }, /coverage/],
      [{ coverage: Array.from({ length: 5 }, () => ({ rule: 'no_unit', minutes: 5 })) }, /coverage/],
      [{ onEntry: false, onExit: false }, /coverage: a zone watches/],
      [{ watchUnits: false, watchIncidents: false }, /coverage: a zone watches/],
      [{ name: '' }, /name/],
    ];
    for (const [payload, reason] of refusals) {
      const result = create(payload);
      expect(result.success, JSON.stringify(payload)).toBe(false);
      if (!result.success) expect(describeZodError(result.error), JSON.stringify(payload)).toMatch(reason);
    }
  });

  it('has a bad zone event refused for the quarantine, with its envelope kept', () => {
    const event = (payload: Json) =>
      parseEvent(
        envelope('zone.created', { zoneId: 'cmd-z1', ...base, author: 'JOCC Zvornik', at: T, ...payload }),
      );
    expect(event({}).kind).toBe('known');
    for (const payload of [
      { area: { kind: 'polygon', coordinates: ring(501) } },
      { coverage: [{ rule: 'x' }] },
    ]) {
      const result = event(payload);
      expect(result.kind, JSON.stringify(payload)).toBe('invalid');
      if (result.kind === 'invalid') expect(result.envelope?.type).toBe('zone.created');
    }
  });
});
