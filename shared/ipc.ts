/**
 * The contract between the UI and the core, the same over Electron IPC and over the browser host's
 * socket. It grows with the live picture; the preload ends with `satisfies WatchfloorApi` so the
 * two cannot drift apart.
 */
export interface WatchfloorApi {
  /** The feed protocol version of this build. */
  readonly protocolVersion: number;
  /** Which host carries the contract. */
  readonly host: 'electron' | 'browser';
}
