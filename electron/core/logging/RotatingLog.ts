import { closeSync, existsSync, fstatSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, parse } from 'node:path';
import { ensurePrivateDir, makePrivate, openPrivate } from '../privateFiles';
import { redactSecrets } from './redact';

/** How serious a log line is. */
export type LogLevel = 'info' | 'warn' | 'error';

/** Where the log lives and how much of it is kept. */
export interface RotatingLogOptions {
  /** The folder, normally the user-data folder's logs/; created when missing, owner-only (0700). */
  dir: string;
  /** Default `watchfloor.log`; older files are `watchfloor.1.log` (newest) to `watchfloor.<keep>.log`. */
  fileName?: string;
  /** A file is rotated before a line would take it past this size. Default 1,000,000 bytes; at least 256. */
  maxBytes?: number;
  /** How many rotated files are kept besides the current one. Default 5. */
  keep?: number;
  now?: () => number;
  /**
   * The secrets known now (feed token, key passphrase); asked for every line, because a token
   * can be set or changed after the log is opened.
   */
  secrets?: () => readonly string[];
}

/**
 * The app's log file, rotated by size. Appends are synchronous through one open descriptor: the
 * volume is a few lines a minute, and a line written just before a crash must be on disk. Writing
 * never throws into the caller: a line that cannot be written (disk full, folder gone) is counted,
 * and the next line that can be written is preceded by a line saying how many were lost.
 */
export class RotatingLog {
  private readonly dir: string;
  private readonly stem: string;
  private readonly ext: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => number;
  private readonly secrets: () => readonly string[];
  private fd: number | null = null;
  private dropped = 0;
  private lastError = '';
  private lineCut = false;
  private olderMadePrivate = false;

  constructor(options: RotatingLogOptions) {
    this.dir = options.dir;
    const { name, ext } = parse(options.fileName ?? 'watchfloor.log');
    this.stem = name;
    this.ext = ext;
    this.maxBytes = Math.max(256, options.maxBytes ?? 1_000_000);
    this.keep = Math.max(0, Math.floor(options.keep ?? 5));
    this.now = options.now ?? Date.now;
    this.secrets = options.secrets ?? (() => []);
  }

  /** The current file's path. */
  get path(): string {
    return this.file(0);
  }

  /** Lines lost since the last line that reached the disk. */
  get droppedLines(): number {
    return this.dropped;
  }

  /**
   * Appends `ISO-time LEVEL message` as one line: line breaks in the message are escaped, and
   * secrets are redacted before anything reaches the disk.
   */
  write(level: LogLevel, message: string): void {
    try {
      let line = this.format(level, message);
      if (this.dropped > 0) {
        const notice = this.format(
          'warn',
          `log: ${this.dropped} line${this.dropped === 1 ? '' : 's'} could not be written (${this.lastError})`,
        );
        line = notice + line;
      }
      this.append(line);
      this.dropped = 0;
      this.lastError = '';
    } catch (error) {
      this.dropped++;
      this.lastError = describe(error);
      this.closeFd();
    }
  }

  /** The last `n` lines of the current and previous files, oldest first. */
  recent(n: number): string[] {
    const chunks: string[][] = [];
    let count = 0;
    for (let i = 0; i <= this.keep && count < n; i++) {
      let text: string;
      try {
        text = readFileSync(this.file(i), 'utf8');
      } catch {
        // Older files are missing until the log has rotated that often; the current one just after a rotation.
        continue;
      }
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      const taken = lines.slice(Math.max(0, lines.length - (n - count)));
      chunks.push(taken);
      count += taken.length;
    }
    return chunks.reverse().flat();
  }

  /** Closes the file; a later write opens it again. */
  close(): void {
    this.closeFd();
  }

  private format(level: LogLevel, message: string): string {
    const secrets = this.secrets();
    // Redacted before the escaping (a PEM block or a secret may span lines) and after (the whole line).
    const text = escapeControls(redactSecrets(message, secrets));
    let line = redactSecrets(`${new Date(this.now()).toISOString()} ${level.toUpperCase()} ${text}`, secrets);
    // One line never fills a file on its own. It is cut after redaction, so no secret is cut in half and shown.
    const limit = Math.floor(this.maxBytes / 2);
    const bytes = Buffer.byteLength(line);
    if (bytes > limit) {
      const cut = Buffer.from(line)
        .subarray(0, limit - 40)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
      line = `${cut} [cut: ${bytes} bytes]`;
    }
    return `${line}\n`;
  }

  private append(text: string): void {
    // After a write that stopped halfway (the disk filled up mid-line), start on a line of our own.
    const bytes = Buffer.from(this.lineCut ? `\n${text}` : text);
    let fd = this.open();
    // Read the size from the file, not a counter: another instance or a person may have truncated it.
    const stat = fstatSync(fd);
    if (stat.nlink === 0) {
      // The file (or its folder) was deleted under us: writing on would go to a file nobody can read.
      this.closeFd();
      fd = this.open();
    } else if (stat.size > 0 && stat.size + bytes.length > this.maxBytes) {
      this.rotate();
      fd = this.open();
    }
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } finally {
      this.lineCut = written > 0 && written < bytes.length;
    }
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    // The log names servers, operators and incidents: owner-only, the folder as well, whatever the
    // umask, and files an older version left readable are closed too.
    ensurePrivateDir(this.dir);
    this.fd = openPrivate(this.path, 'a');
    if (!this.olderMadePrivate) {
      for (let i = 1; i <= this.keep; i++) makePrivate(this.file(i));
      this.olderMadePrivate = true;
    }
    return this.fd;
  }

  private rotate(): void {
    this.closeFd();
    if (this.keep === 0) {
      rmSync(this.path, { force: true });
      return;
    }
    rmSync(this.file(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 0; i--) {
      if (existsSync(this.file(i))) renameSync(this.file(i), this.file(i + 1));
    }
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already unusable; it is forgotten either way.
    }
    this.fd = null;
  }

  /** The file `generation` rotations old: 0 is the current one. */
  private file(generation: number): string {
    return join(
      this.dir,
      generation === 0 ? `${this.stem}${this.ext}` : `${this.stem}.${generation}${this.ext}`,
    );
  }
}

/**
 * Line breaks and other control characters as visible escapes, so one entry is one line (for any
 * reader's idea of a line break) and a message cannot forge another entry or drive a terminal.
 */
function escapeControls(message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
  return message.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
