import { z } from 'zod';
import en from './locales/en/core.json';

/**
 * What the data core and the hosts say to the officer: a stable code, the values it names, and the
 * sentence in English. The renderer shows it in the officer's language from the `core` namespace
 * (`core:message.<code>`, shared/locales/<language>/core.json); the English `text` goes to the logs
 * and is what is shown when the renderer does not know the code (an older or newer core). Values
 * that come from the feed or the system (an operation id, a file path, a server's own words) stay
 * as they are, and are cleaned for display like any other feed text.
 *
 * The catalogue lives here rather than with the renderer's so the core (electron/core/i18n, for the
 * diagnostics) and the renderer read the same files: the renderer adds it to its namespaces (renderer/src/i18n/i18n.ts),
 * `npm run i18n:sr-cyrl` derives the Cyrillic, and tests/i18n/translations.test.ts checks it with
 * every other namespace.
 */
export interface CoreMessage {
  code: string;
  params?: Record<string, CoreMessageParam>;
  text: string;
}

/**
 * A value a message names: a string or number as it is, or another message (the reason one thing
 * failed is often a message of its own — a store held by another window — and is said in the same
 * language as the sentence around it).
 */
export type CoreMessageParam = string | number | CoreMessage;

/** How deep messages may sit in one another's values (a reason's reason): more is refused. */
const MAX_NESTING = 4;

function messageSchema(depth: number): z.ZodType<CoreMessage> {
  const value =
    depth < MAX_NESTING
      ? z.union([z.string(), z.number(), z.lazy(() => messageSchema(depth + 1))])
      : z.union([z.string(), z.number()]);
  return z.strictObject({
    code: z.string().max(200),
    params: z.record(z.string(), value).optional(),
    text: z.string(),
  });
}

export const coreMessageSchema = messageSchema(0);

/** The values of a message with those that are messages put into words by `say` (a language's). */
export function spokenParams(
  params: Record<string, CoreMessageParam> | undefined,
  say: (message: CoreMessage) => string,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {}))
    out[name] = typeof value === 'object' ? say(value) : value;
  return out;
}

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every code the core can produce: a key under `message` in the English catalogue. */
export type CoreMessageCode = Leaves<typeof en.message>;

/** The catalogue's string at a dotted key, or undefined. */
export function catalogueText(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** `{{name}}` replaced by the value of `name` (left as it is when there is none). */
export function interpolate(template: string, params: Record<string, CoreMessageParam> = {}): string {
  const words = spokenParams(params, (message) => message.text);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(words, name) ? String(words[name]) : whole,
  );
}

/** A message with the English sentence made from the catalogue. */
export function coreMessage(code: CoreMessageCode, params?: Record<string, CoreMessageParam>): CoreMessage {
  const template = catalogueText(en.message, code) ?? code;
  return { code, ...(params ? { params } : {}), text: interpolate(template, params) };
}

/** An error whose message is for the officer: thrown by the core and the hosts, answered as its message. */
export class CoreMessageError extends Error {
  constructor(readonly coreMessage: CoreMessage) {
    super(coreMessage.text);
  }
}

/**
 * What an error says to the officer: its message when it has one, else its own words under the
 * `failed` code (an unexpected failure, in English: there is nothing to translate it from).
 */
export function messageOf(error: unknown): CoreMessage {
  if (error instanceof CoreMessageError) return error.coreMessage;
  return coreMessage('failed', { detail: error instanceof Error ? error.message : String(error) });
}

/** A host's refusal of a call: the English sentence as `error`, the message to show as `message`. */
export function refused(message: CoreMessage): { ok: false; error: string; message: CoreMessage } {
  return { ok: false, error: message.text, message };
}
