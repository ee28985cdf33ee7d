import type { CoreStatus } from '../../shared/coreTypes';
import { redactSecrets } from './logging/redact';
import type { QueryFigures } from './store/TimedDatabase';

/**
 * What "Copy diagnostics" puts on the clipboard: plain text a watch officer pastes into a support
 * ticket. It leaves the workstation, so everything in it goes through the redaction, with the
 * secrets the host knows, after it is assembled: a token that leaked into a log line or an error
 * message is caught there too.
 */

/** Everything the report is made of, as plain data gathered by the host. */
export interface DiagnosticsInput {
  appVersion: string;
  /** Runtime versions, those known (the browser host has no Electron or Chrome of its own). */
  versions?: { electron?: string; chrome?: string; node?: string };
  os: { platform: string; release: string; arch: string };
  host: 'desktop' | 'browser host';
  /** The active connection profile; null when none is chosen. */
  profile: { name: string; serverUrl: string } | null;
  /** The core's status; null when the core is not open. */
  status: CoreStatus | null;
  /** What the store's queries cost and the slowest recent ones (Core.storeQueries); absent when the core is not open. */
  storeQueries?: QueryFigures | null;
  /** Where secrets are kept: `os` (the OS key store) or `session` (memory only), and which store. */
  secretStore: { kind: string; backend?: string };
  /** A settings or secrets file that could not be read, and what was done; null when all was well. */
  settingsProblem: string | null;
  /** The newest log lines, oldest first (RotatingLog.recent). */
  logLines: readonly string[];
  /** The secrets to redact: access tokens, client key material. */
  knownSecrets: readonly string[];
  /** When the report was made. */
  collectedAt: number;
}

/** How many log lines a report carries at most; the newest are kept. */
export const DIAGNOSTICS_LOG_LINES = 200;

/** The diagnostics report as plain text, redacted. */
export function collectDiagnostics(input: DiagnosticsInput): string {
  const lines: string[] = [];
  const field = (label: string, value: string): void => {
    lines.push(`${label}: ${oneLine(value)}`);
  };

  lines.push('Watchfloor diagnostics');
  field('Collected', iso(input.collectedAt));
  field('App version', input.appVersion);
  const { electron, chrome, node } = input.versions ?? {};
  if (electron !== undefined) field('Electron', electron);
  if (chrome !== undefined) field('Chrome', chrome);
  if (node !== undefined) field('Node', node);
  field('OS', `${input.os.platform} ${input.os.release} ${input.os.arch}`);
  field('Host', input.host);

  lines.push('');
  if (input.profile) {
    field('Profile', input.profile.name);
    field('Server', serverAddress(input.profile.serverUrl));
  } else {
    field('Profile', 'none chosen');
  }
  const store = input.secretStore;
  field('Secret store', store.backend ? `${store.kind} (${store.backend})` : store.kind);
  field('Settings', input.settingsProblem ?? 'read without problems');

  lines.push('');
  if (input.status) lines.push(...statusLines(input.status, input.collectedAt));
  else field('Core', 'not open');
  if (input.storeQueries) lines.push(...queryLines(input.storeQueries));

  const log = input.logLines.slice(-DIAGNOSTICS_LOG_LINES);
  lines.push('', `Log (last ${log.length} line${log.length === 1 ? '' : 's'}):`);
  for (const line of log) lines.push(`  ${oneLine(line)}`);

  // Line by line: every line is one field, and a cut-off key block in one log line hides that line, not the rest.
  return `${lines.map((line) => redactSecrets(line, input.knownSecrets)).join('\n')}\n`;
}

function statusLines(status: CoreStatus, now: number): string[] {
  const link: string[] = [status.link];
  if (status.linkError !== null) link.push(`— ${status.linkError}`);
  if (status.linkFatal) link.push('(retrying cannot help)');
  const out = [
    `Link: ${link.join(' ')}`,
    `Operation: ${status.operationId ?? 'none yet'}`,
    `Last seq: ${status.lastSeq}`,
    `Last event (operation time): ${status.lastEventAt === null ? 'none' : iso(status.lastEventAt)}`,
    `Last received: ${
      status.lastReceivedAt === null
        ? 'never'
        : `${iso(status.lastReceivedAt)} (${duration(status.dataAgeMs ?? now - status.lastReceivedAt)} ago)`
    }`,
    `Clock offset (server minus this workstation): ${
      status.clockOffsetMs === null
        ? 'not measured'
        : `${status.clockOffsetMs >= 0 ? '+' : ''}${status.clockOffsetMs} ms`
    }`,
    `Outbox: ${status.outboxDepth} command${status.outboxDepth === 1 ? '' : 's'} waiting`,
    `Quarantine: ${status.quarantineCount} message${status.quarantineCount === 1 ? '' : 's'}`,
    `Store size: ${megabytes(status.storeBytes)} (${status.storeBytes} bytes)`,
  ];
  if (status.storeNotice !== null) out.push(`Store notice: ${status.storeNotice}`);
  return out.map(oneLine);
}

/** How many of the recent slow queries a report lists; the newest are kept. */
export const DIAGNOSTICS_SLOW_QUERIES = 10;

/**
 * The store's query figures: how many ran, how many were slow and the newest slow ones, with their
 * SQL text (statements only, never the values bound to them: no incident text leaves this way).
 */
function queryLines(figures: QueryFigures): string[] {
  const out = [
    `Store queries: ${figures.queries} run, ${figures.slow} slower than ${figures.thresholdMs} ms (slowest ${figures.slowestMs.toFixed(1)} ms)`,
  ];
  const recent = figures.recent.slice(-DIAGNOSTICS_SLOW_QUERIES);
  if (recent.length > 0) {
    out.push(`Slow store queries (last ${recent.length}, oldest first):`);
    for (const q of recent) out.push(`  ${iso(q.at)} ${q.ms.toFixed(1)} ms, ${q.rows} rows: ${q.sql}`);
  }
  return out.map(oneLine);
}

/**
 * The server's address without user, password, query or fragment: those are where credentials
 * travel (https://user:pw@host, ?token=...). An address that does not parse is not shown at all,
 * since there is no telling which part of it is a secret.
 */
export function serverAddress(serverUrl: string): string {
  let url: URL;
  try {
    url = new URL(serverUrl.trim());
  } catch {
    return '(not a valid address; not shown)';
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
