/**
 * Waits until `check` holds, polling (the integration tests wait on real sockets, stores and
 * timers, never on a fixed delay). Fails naming `what` when it has not held within `timeoutMs`.
 */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
