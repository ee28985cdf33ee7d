import type { CoreMessage } from '../../shared/coreMessage';
import type { CoreStatus } from '../../shared/coreTypes';
import type { Language } from '../../shared/settings';
import { coreMessageText, translator } from './i18n/coreTranslations';
import { redactSecrets } from './logging/redact';
import type { QueryFigures } from './store/TimedDatabase';

/**
 * What "Copy diagnostics" puts on the clipboard: plain text a watch officer pastes into a support
 * ticket. It leaves the workstation, so everything in it goes through the redaction, with the
 * secrets the host knows, after it is assembled: a token that leaked into a log line or an error
 * message is caught there too.
 *
 * In the officer's language (the `diagnostics` labels of the core catalogue, shared/locales), but
 * every message of the core keeps its stable code in front (`[link.tokenRefused] ...`): whoever
 * reads the ticket finds the code whatever the language. Dates, versions and figures are as the
 * machine writes them.
 */

/** Everything the report is made of, as plain data gathered by the host. */
export interface DiagnosticsInput {
  appVersion: string;
  /** Runtime versions, those known (the browser host has no Electron or Chrome of its own). */
  versions?: { electron?: string; chrome?: string; node?: string };
  os: { platform: string; release: string; arch: string };
  host: 'desktop' | 'browser host';
  /**
   * The active connection profile; null when none is chosen. `builtIn` names a connection that is
   * not a profile of the officer's (the demo, or one fixed on the command line).
   */
  profile: { name: string; serverUrl: string; builtIn?: 'demo' | 'fixed' } | null;
  /** The core's status; null when the core is not open. */
  status: CoreStatus | null;
  /** What the store's queries cost and the slowest recent ones (Core.storeQueries); absent when the core is not open. */
  storeQueries?: QueryFigures | null;
  /** Where secrets are kept: `os` (the OS key store) or `session` (memory only), and which store. */
  secretStore: { kind: string; backend?: string };
  /** A settings or secrets file that could not be read, and what was done (the workstation's messages); null when all was well. */
  settingsProblem: readonly CoreMessage[] | CoreMessage | string | null;
  /** The newest log lines, oldest first (RotatingLog.recent). */
  logLines: readonly string[];
  /** The secrets to redact: access tokens, client key material. */
  knownSecrets: readonly string[];
  /** When the report was made. */
  collectedAt: number;
  /** The officer's language (shared/settings.ts); English when absent. */
  language?: Language;
}

/** How many log lines a report carries at most; the newest are kept. */
export const DIAGNOSTICS_LOG_LINES = 200;

/** The labels of the report in one language: `label(key, params)`, plurals by the language's rules. */
type Labels = (key: string, params?: Record<string, string | number>) => string;

function labelsIn(language: Language): Labels {
  const t = translator(language);
  return (key, params) => t(`core:diagnostics.${key}`, { ...params, defaultValue: key });
}

/** A message of the core in the report's language, its code in front for whoever reads the ticket. */
function coded(message: readonly CoreMessage[] | CoreMessage | string, language: Language): string {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map((m: CoreMessage) => coded(m, language)).join(' ');
  const one = message as CoreMessage;
  return `[${one.code}] ${coreMessageText(one, language)}`;
}

/** The diagnostics report as plain text, redacted. */
export function collectDiagnostics(input: DiagnosticsInput): string {
  const language = input.language ?? 'en';
  const l = labelsIn(language);
  const lines: string[] = [];
  const field = (label: string, value: string): void => {
    lines.push(`${label}: ${oneLine(value)}`);
  };

  lines.push(l('title'));
  field(l('collected'), iso(input.collectedAt));
  field(l('appVersion'), input.appVersion);
  const { electron, chrome, node } = input.versions ?? {};
  if (electron !== undefined) field('Electron', electron);
  if (chrome !== undefined) field('Chrome', chrome);
  if (node !== undefined) field('Node', node);
  field(l('os'), `${input.os.platform} ${input.os.release} ${input.os.arch}`);
  field(l('host'), l(input.host === 'desktop' ? 'hostKind.desktop' : 'hostKind.browserHost'));

  lines.push('');
  if (input.profile) {
    const { builtIn } = input.profile;
    field(
      l('profile'),
      builtIn === 'demo' ? l('demoProfile') : builtIn === 'fixed' ? l('fixedProfile') : input.profile.name,
    );
    field(l('server'), serverAddress(input.profile.serverUrl, l('invalidServer')));
  } else {
    field(l('profile'), l('noProfile'));
  }
  const store = input.secretStore;
  field(l('secretStore'), store.backend ? `${store.kind} (${store.backend})` : store.kind);
  field(
    l('settings'),
    input.settingsProblem === null ? l('settingsFine') : coded(input.settingsProblem, language),
  );

  lines.push('');
  if (input.status) lines.push(...statusLines(input.status, input.collectedAt, l, language));
  else field(l('core'), l('coreNotOpen'));
  if (input.storeQueries) lines.push(...queryLines(input.storeQueries, l));

  const log = input.logLines.slice(-DIAGNOSTICS_LOG_LINES);
  lines.push('', l('log', { count: log.length }));
  for (const line of log) lines.push(`  ${oneLine(line)}`);

  // Line by line: every line is one field, and a cut-off key block in one log line hides that line, not the rest.
  return `${lines.map((line) => redactSecrets(line, input.knownSecrets)).join('\n')}\n`;
}

function statusLines(status: CoreStatus, now: number, l: Labels, language: Language): string[] {
  const link: string[] = [l(`linkState.${status.link}`)];
  if (status.linkError !== null) link.push(`— ${coded(status.linkError, language)}`);
  if (status.linkFatal) link.push(l('linkFatal'));
  const out = [
    `${l('link')}: ${link.join(' ')}`,
    `${l('operation')}: ${status.operationId ?? l('noOperation')}`,
    `${l('lastSeq')}: ${status.lastSeq}`,
    `${l('lastEvent')}: ${status.lastEventAt === null ? l('noEvent') : iso(status.lastEventAt)}`,
    `${l('lastReceived')}: ${
      status.lastReceivedAt === null
        ? l('neverReceived')
        : l('ago', {
            at: iso(status.lastReceivedAt),
            age: duration(status.dataAgeMs ?? now - status.lastReceivedAt),
          })
    }`,
    `${l('clockOffset')}: ${
      status.clockOffsetMs === null
        ? l('notMeasured')
        : `${status.clockOffsetMs >= 0 ? '+' : ''}${status.clockOffsetMs} ms`
    }`,
    `${l('outbox')}: ${l('commandsWaiting', { count: status.outboxDepth })}`,
    `${l('quarantine')}: ${l('messages', { count: status.quarantineCount })}`,
    `${l('storeSize')}: ${megabytes(status.storeBytes)} (${status.storeBytes} bytes)`,
  ];
  if (status.storeNotice !== null) out.push(`${l('storeNotice')}: ${coded(status.storeNotice, language)}`);
  return out.map(oneLine);
}

/** How many of the recent slow queries a report lists; the newest are kept. */
export const DIAGNOSTICS_SLOW_QUERIES = 10;

/**
 * The store's query figures: how many ran, how many were slow and the newest slow ones, with their
 * SQL text (statements only, never the values bound to them: no incident text leaves this way).
 */
function queryLines(figures: QueryFigures, l: Labels): string[] {
  const out = [
    `${l('storeQueries')}: ${l('queryFigures', {
      queries: figures.queries,
      slow: figures.slow,
      threshold: figures.thresholdMs,
      slowest: figures.slowestMs.toFixed(1),
    })}`,
  ];
  const recent = figures.recent.slice(-DIAGNOSTICS_SLOW_QUERIES);
  if (recent.length > 0) {
    out.push(l('slowQueries', { n: recent.length }));
    for (const q of recent) out.push(`  ${iso(q.at)} ${q.ms.toFixed(1)} ms, ${q.rows} rows: ${q.sql}`);
  }
  return out.map(oneLine);
}

/**
 * The server's address without user, password, query or fragment: those are where credentials
 * travel (https://user:pw@host, ?token=...). An address that does not parse is not shown at all,
 * since there is no telling which part of it is a secret: `invalid` is said instead.
 */
export function serverAddress(serverUrl: string, invalid = '(not a valid address; not shown)'): string {
  let url: URL;
  try {
    url = new URL(serverUrl.trim());
  } catch {
    return invalid;
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** A field's value on one line: error messages and log lines may hold line breaks. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced here
  return text.replace(/\r\n|[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, ' ');
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
