import { arch, platform, release } from 'node:os';
import { collectDiagnostics, DIAGNOSTICS_LOG_LINES } from '../diagnostics';
import type { Core } from '../Core';
import type { RotatingLog } from '../logging/RotatingLog';
import type { Workstation } from './Workstation';

/** What a host knows besides the workstation: its kind, versions, log, and a connection fixed by hand. */
export interface HostDiagnosticsInput {
  host: 'desktop' | 'browser host';
  appVersion: string;
  versions?: { electron?: string; chrome?: string; node?: string };
  core: Core;
  workstation: Workstation | null;
  log: RotatingLog | null;
  /** A connection fixed on the command line (no workstation): its address, and the token to black out. */
  fixed?: { serverUrl: string | null; token: string | null };
}

/**
 * The text of "Copy diagnostics" for either host: versions, the profile in use, the core's status,
 * the secret store and the newest log lines, with every token and key the workstation holds
 * blacked out (electron/core/diagnostics.ts also redacts whatever looks like one).
 */
export async function workstationDiagnostics(input: HostDiagnosticsInput): Promise<string> {
  const { workstation } = input;
  const view = workstation?.view() ?? null;
  const profile = workstation?.activeProfile() ?? null;
  return collectDiagnostics({
    appVersion: input.appVersion,
    ...(input.versions ? { versions: input.versions } : {}),
    os: { platform: platform(), release: release(), arch: arch() },
    host: input.host,
    profile: profile
      ? { name: profile.name, serverUrl: profile.serverUrl }
      : view
        ? { name: 'demo', builtIn: 'demo' as const, serverUrl: workstation?.activeServerUrl() ?? '' }
        : input.fixed?.serverUrl
          ? { name: 'fixed', builtIn: 'fixed' as const, serverUrl: input.fixed.serverUrl }
          : null,
    status: input.core.status,
    storeQueries: input.core.storeQueries(),
    secretStore: view?.secretStore ?? { kind: 'session', backend: 'command line' },
    settingsProblem: view?.problem ?? null,
    logLines: input.log?.recent(DIAGNOSTICS_LOG_LINES) ?? [],
    knownSecrets: [
      ...(workstation ? await workstation.knownSecrets() : []),
      ...(input.fixed?.token ? [input.fixed.token] : []),
    ],
    collectedAt: Date.now(),
    // The officer's language, as the settings have it (a connection fixed by hand has none: English).
    language: workstation?.viewSettings().language ?? 'en',
  });
}
