import type Database from 'better-sqlite3';

/** One query that took longer than the threshold. */
export interface SlowQuery {
  /** The statement's SQL (never its bound values), whitespace folded and cut to {@link SQL_TEXT_LIMIT}. */
  sql: string;
  ms: number;
  /** Rows returned, or changed by a write. */
  rows: number;
  /** When it finished (wall clock). */
  at: number;
}

/** What the store's queries cost since it was opened: for the diagnostics bundle. */
export interface QueryFigures {
  /** Statements run (a whole transaction counts once more). */
  queries: number;
  /** Of those, how many took longer than `thresholdMs`. */
  slow: number;
  thresholdMs: number;
  /** The slowest query so far, in ms (0 when none ran). */
  slowestMs: number;
  /** The most recent slow queries, oldest first, at most the ring's size. */
  recent: SlowQuery[];
}

/** Options of {@link TimedDatabase}. */
export interface QueryTiming {
  /** A query that takes longer than this is slow: logged and kept. Default 100 ms. */
  slowQueryMs?: number;
  /** How many slow queries are kept for the diagnostics. Default 50. */
  slowQueryRing?: number;
  /** Where a slow query is written (the app's log). */
  log?: (line: string) => void;
  /** The timer; performance.now by default (injected by tests). */
  clock?: () => number;
  /** Wall-clock time of a slow query; Date.now by default. */
  now?: () => number;
}

const SQL_TEXT_LIMIT = 160;
const DEFAULT_SLOW_MS = 100;
const DEFAULT_RING = 50;

/**
 * A prepared statement whose every run is timed by its {@link TimedDatabase}. The subset of
 * better-sqlite3's Statement the store uses; `pluck` and `raw` switch the statement's mode and return it.
 */
export class TimedStatement<P extends unknown[], R> {
  constructor(
    private readonly statement: Database.Statement<P, R>,
    private readonly timer: TimedDatabase,
  ) {}

  run(...params: P): Database.RunResult {
    const started = this.timer.clock();
    const result = this.statement.run(...params);
    this.timer.record(this.statement.source, this.timer.clock() - started, result.changes);
    return result;
  }

  get(...params: P): R | undefined {
    const started = this.timer.clock();
    const row = this.statement.get(...params);
    this.timer.record(this.statement.source, this.timer.clock() - started, row === undefined ? 0 : 1);
    return row;
  }

  all(...params: P): R[] {
    const started = this.timer.clock();
    const rows = this.statement.all(...params);
    this.timer.record(this.statement.source, this.timer.clock() - started, rows.length);
    return rows;
  }

  /** Rows one by one; the time is the sum of the steps (not the caller's work between them), recorded when it ends. */
  *iterate(...params: P): Generator<R> {
    let ms = 0;
    let rows = 0;
    let started = this.timer.clock();
    const it = this.statement.iterate(...params);
    try {
      for (;;) {
        const next = it.next();
        ms += this.timer.clock() - started;
        if (next.done) return;
        rows++;
        yield next.value;
        started = this.timer.clock();
      }
    } finally {
      it.return?.();
      this.timer.record(this.statement.source, ms, rows);
    }
  }

  pluck(toggle = true): this {
    this.statement.pluck(toggle);
    return this;
  }

  raw(toggle = true): this {
    this.statement.raw(toggle);
    return this;
  }
}

/**
 * The one place the store's queries go through: every statement is prepared here and each run is
 * timed (performance.now, two calls a run); one slower than the threshold is written to the app's
 * log and kept in a bounded ring for the diagnostics bundle, with its SQL (never its values), its
 * time, its rows and when. Transactions are timed as a whole too, since their commit (an fsync
 * with synchronous=FULL) is where a slow disk shows.
 */
export class TimedDatabase {
  /** The connection itself, for the lifecycle (open, backup, close) and the open's checks. */
  readonly connection: Database.Database;
  readonly clock: () => number;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly thresholdMs: number;
  private readonly ringSize: number;
  private readonly ring: SlowQuery[] = [];
  private queries = 0;
  private slow = 0;
  private slowestMs = 0;

  constructor(connection: Database.Database, timing: QueryTiming = {}) {
    this.connection = connection;
    this.clock = timing.clock ?? (() => performance.now());
    this.now = timing.now ?? Date.now;
    this.log = timing.log ?? (() => {});
    this.thresholdMs = timing.slowQueryMs ?? DEFAULT_SLOW_MS;
    this.ringSize = Math.max(1, Math.floor(timing.slowQueryRing ?? DEFAULT_RING));
  }

  prepare<P extends unknown[] | object = unknown[], R = unknown>(
    sql: string,
  ): TimedStatement<P extends unknown[] ? P : [P], R> {
    const statement = this.connection.prepare<P, R>(sql) as unknown as Database.Statement<
      P extends unknown[] ? P : [P],
      R
    >;
    return new TimedStatement(statement, this);
  }

  /** Runs `run` as one transaction (rolled back if it throws), timed as a whole under `label`. */
  transaction<T>(label: string, run: () => T): T {
    const started = this.clock();
    const result = this.connection.transaction(run)();
    this.record(`transaction: ${label}`, this.clock() - started, 0);
    return result;
  }

  /** Counts one query; keeps and logs it when slow. */
  record(sql: string, ms: number, rows: number): void {
    this.queries++;
    if (ms > this.slowestMs) this.slowestMs = ms;
    if (ms <= this.thresholdMs) return;
    this.slow++;
    const entry: SlowQuery = { sql: sqlText(sql), ms: Math.round(ms * 10) / 10, rows, at: this.now() };
    this.ring.push(entry);
    if (this.ring.length > this.ringSize) this.ring.shift();
    this.log(`slow store query: ${entry.ms.toFixed(0)} ms, ${rows} rows: ${entry.sql}`);
  }

  figures(): QueryFigures {
    return {
      queries: this.queries,
      slow: this.slow,
      thresholdMs: this.thresholdMs,
      slowestMs: Math.round(this.slowestMs * 10) / 10,
      recent: [...this.ring],
    };
  }
}

/** A statement's SQL on one line, cut: the log and the diagnostics show which query, not a page of SQL. */
function sqlText(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > SQL_TEXT_LIMIT ? `${line.slice(0, SQL_TEXT_LIMIT - 1)}…` : line;
}
