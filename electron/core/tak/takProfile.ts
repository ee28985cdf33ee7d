import type { ConnectionProfile } from '../../../shared/settings';
import type { TakConnection } from './TakClient';

/** The TAK server of a connection profile, or null when it names none (or names it badly). */
export function takConnectionOf(
  profile: Pick<ConnectionProfile, 'takServer' | 'takCaFile' | 'takCertFile' | 'takKeyFile'>,
): TakConnection | null {
  const match = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(profile.takServer ?? '');
  const port = Number(match?.[2]);
  if (!match || !(port >= 1 && port <= 65_535)) return null;
  return {
    host: match[1]!,
    port,
    ...(profile.takCaFile ? { caFile: profile.takCaFile } : {}),
    ...(profile.takCertFile ? { certFile: profile.takCertFile } : {}),
    ...(profile.takKeyFile ? { keyFile: profile.takKeyFile } : {}),
  };
}
