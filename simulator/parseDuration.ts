/**
 * Reads a duration as people type it on a command line: "90s", "30m", "72h", "7d", or plain seconds.
 * Returns milliseconds, or throws with a message that says what is accepted.
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use for example 90s, 30m, 72h or 7d.`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    unit as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Math.round(value * factor);
}
