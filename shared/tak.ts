/**
 * The TAK layer: tracks read from a TAK server's CoT stream (read only), shared by the core, which
 * receives and stores them, and the UI, which draws them. They are not part of the operation's
 * picture: they belong to whoever runs the TAK server, and are shown as a layer of their own.
 */

/** One CoT event as the TAK layer keeps it: the newest one per uid. */
export interface TakTrack {
  uid: string;
  /** The CoT type ("a-f-G-U-C", "a-h-G"...): its second part is the affiliation. */
  type: string;
  how: string;
  callsign: string;
  remarks: string;
  lon: number;
  lat: number;
  /** The event's own time and the time it goes stale (the sender's clock), ms. */
  time: number;
  stale: number;
  /** When this workstation received it (its clock), ms: replay places the track by this. */
  receivedAt: number;
}

/** The link to the TAK server as the status bar shows it; 'off' when no TAK server is configured. */
export type TakLinkState = 'off' | 'connecting' | 'connected' | 'offline';

/** What the status bar and the layer get. */
export interface TakStatus {
  link: TakLinkState;
  /** Why the link is down, in words for the officer. */
  error: string | null;
  /** Events refused since start, by reason (malformed, oversized, stale...). */
  refused: Record<string, number>;
}

/** The TAK layer as the UI gets it: the link and the tracks not stale. */
export interface TakLayerView {
  status: TakStatus;
  tracks: TakTrack[];
}

/** The affiliation of a CoT type: friend, hostile, neutral, unknown (and the assumed/suspect forms). */
export function takAffiliation(type: string): 'friend' | 'hostile' | 'neutral' | 'unknown' {
  const a = type.split('-')[1] ?? '';
  if (a === 'f' || a === 'a') return 'friend';
  if (a === 'h' || a === 's' || a === 'j' || a === 'k') return 'hostile';
  if (a === 'n') return 'neutral';
  return 'unknown';
}
