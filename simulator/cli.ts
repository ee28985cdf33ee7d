import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OPERATION_MODES, type OperationMode } from '../shared/domain';
import { dumpOperation } from './dump';
import { findRepoRoot } from './findRepoRoot';
import { parseDuration } from './parseDuration';
import { defaultScenarioConfig } from './scenario';
import { SimulatorServer } from './server';

/** The demo token: the app's built-in demo operation connects with it. */
export const DEMO_TOKEN = 'watchfloor-demo';

const HELP = `Watchfloor reference operations server

  npm run simulator -- [options]

Scenario
  --seed N                 scenario seed (default 7): the same seed and options give the same stream
  --units N                mobile units (default 300); two fixed posts per crossing point come on top
  --incidents-per-hour N   incident rate of the whole operation (default 12)
  --report-interval S      seconds between position reports of a mobile unit (default 10)
  --start now|ISO          operation start (default now; fix it for a reproducible stream)
  --duration D             operation length, e.g. 72h or 7d (default 7d)
  --mode exercise|live     how the operation is marked (default exercise)
  --no-auto-ack            leave acknowledging incidents to the officers

Server
  --port N                 port on 127.0.0.1 (default 4400)
  --token T                access token (default ${DEMO_TOKEN})
  --tls-cert FILE --tls-key FILE
                           serve over TLS (wss) with this PEM certificate and key
  --tls-client-ca FILE     with TLS: require a client certificate signed by this CA (mutual TLS)
  --speed X                operation seconds per real second (default 1; 60 plays an hour a minute)
  --log FILE               SQLite log; an existing one is continued (default: .data/simulator/ in this checkout)
  --fresh                  delete the log first
  --retain N               events that resume can replay; older requests get a snapshot (default 1000000)

Faults (off by default)
  --drop-every S           drop every client's connection every S seconds
  --duplicate R            send a share R (0..1) of live events twice
  --reorder R              swap a share R of live events with the next
  --gap R                  leave a share R of live events out of the live stream
  --malformed R            add a share R of malformed messages
  --restart-every S        restart the server every S seconds
  --fault-seed N           seed of the fault draws

Dump
  --dump FILE              write the whole operation to FILE (SQLite) as fast as possible, then exit
`;

function number(
  value: string | undefined,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} must be a number from ${min} to ${max}, not "${value}".`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      seed: { type: 'string' },
      units: { type: 'string' },
      'incidents-per-hour': { type: 'string' },
      'report-interval': { type: 'string' },
      start: { type: 'string' },
      duration: { type: 'string' },
      mode: { type: 'string' },
      'no-auto-ack': { type: 'boolean' },
      port: { type: 'string' },
      token: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-client-ca': { type: 'string' },
      speed: { type: 'string' },
      log: { type: 'string' },
      fresh: { type: 'boolean' },
      retain: { type: 'string' },
      'drop-every': { type: 'string' },
      duplicate: { type: 'string' },
      reorder: { type: 'string' },
      gap: { type: 'string' },
      malformed: { type: 'string' },
      'restart-every': { type: 'string' },
      'fault-seed': { type: 'string' },
      dump: { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const mode = (values.mode ?? 'exercise') as OperationMode;
  if (!OPERATION_MODES.includes(mode))
    throw new Error(`--mode must be exercise or live, not "${values.mode}".`);
  const startText = values.start ?? (values.dump ? '2026-10-05T06:00:00Z' : 'now');
  const startAt = startText === 'now' ? Math.floor(Date.now() / 60_000) * 60_000 : Date.parse(startText);
  if (!Number.isFinite(startAt))
    throw new Error(
      `--start must be "now" or a date and time such as 2026-10-05T06:00:00Z, not "${startText}".`,
    );
  const scenario = defaultScenarioConfig({
    seed: number(values.seed, 'seed', 7, 0, 2 ** 31),
    units: number(values.units, 'units', 300, 1, 20_000),
    incidentsPerHour: number(values['incidents-per-hour'], 'incidents-per-hour', 12, 0, 10_000),
    reportIntervalMs: number(values['report-interval'], 'report-interval', 10, 0.1, 3600) * 1000,
    startAt,
    durationMs: values.duration ? parseDuration(values.duration) : 7 * 86_400_000,
    mode,
    autoAcknowledge: !values['no-auto-ack'],
  });

  if (values.dump) {
    const file = values.dump;
    let lastPrint = 0;
    const result = dumpOperation(scenario, file, (time, events) => {
      if (Date.now() - lastPrint < 2000) return;
      lastPrint = Date.now();
      const done = (time - scenario.startAt) / scenario.durationMs;
      process.stderr.write(`\r${(done * 100).toFixed(1)}%  ${events.toLocaleString('en')} events`);
    });
    const hours = scenario.durationMs / 3_600_000;
    process.stderr.write('\n');
    console.log(
      `Wrote ${file}: ${hours} h of operation ${scenario.operationId}, ${scenario.units} units, ` +
        `${result.events.toLocaleString('en')} events (${result.positions.toLocaleString('en')} positions, ${result.incidents} incidents) ` +
        `in ${(result.elapsedMs / 1000).toFixed(1)} s (${Math.round(result.events / (result.elapsedMs / 1000)).toLocaleString('en')} events/s), ` +
        `${(result.bytes / 1e6).toFixed(0)} MB.`,
    );
    return;
  }

  // Each checkout keeps its own log, so two clones on one machine never continue each other's operation.
  const dataDir = join(findRepoRoot(), '.data', 'simulator');
  const logPath = values.log ?? join(dataDir, `${scenario.operationId}.sqlite`);
  if (!values.log) mkdirSync(dataDir, { recursive: true });
  if (values.fresh) {
    const { rmSync } = await import('node:fs');
    for (const suffix of ['', '-wal', '-shm']) rmSync(logPath + suffix, { force: true });
  }
  const server = await SimulatorServer.start({
    port: number(values.port, 'port', 4400, 0, 65535),
    token: values.token ?? DEMO_TOKEN,
    scenario,
    speed: number(values.speed, 'speed', 1, 0, 100_000),
    logPath,
    retainEvents: number(values.retain, 'retain', 1_000_000, 1),
    faults: {
      dropEverySec: number(values['drop-every'], 'drop-every', 0),
      duplicateRate: number(values.duplicate, 'duplicate', 0, 0, 1),
      reorderRate: number(values.reorder, 'reorder', 0, 0, 1),
      gapRate: number(values.gap, 'gap', 0, 0, 1),
      malformedRate: number(values.malformed, 'malformed', 0, 0, 1),
      restartEverySec: number(values['restart-every'], 'restart-every', 0),
      seed: number(values['fault-seed'], 'fault-seed', 1),
    },
    log: (line) => console.log(`[simulator] ${line}`),
    ...(values['tls-cert'] || values['tls-key']
      ? {
          tls: {
            certFile: required(values['tls-cert'], '--tls-cert'),
            keyFile: required(values['tls-key'], '--tls-key'),
            ...(values['tls-client-ca'] ? { clientCaFile: values['tls-client-ca'] } : {}),
          },
        }
      : {}),
  });
  const sectors = Object.keys(server.state.sectors).length;
  const units = Object.keys(server.state.units).length;
  console.log(
    `[simulator] ${scenario.name} (${scenario.operationId}, ${scenario.mode}): ${sectors} sectors, ${units} units; ` +
      `token "${server.options.token}", log ${logPath}`,
  );
  const shutdown = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/** A flag that goes with another one. */
function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`TLS needs both --tls-cert and --tls-key (${flag} is missing).`);
  return value;
}
