import { coreMessage, type CoreMessage } from '../../../shared/coreMessage';
import { parseServerAddress } from '../../../shared/serverAddress';
import type { ConnectionProfile } from '../../../shared/settings';
import type { FeedTls } from '../feed/FeedClient';
import { clientKeyKey } from './profileChecks';
import { SecretUnreadableError, type SecretStore } from './SecretStore';

/** The secret store's key of a profile's access token. */
export const tokenKey = (profileId: string): string => `${profileId}:token`;

/** The TLS of a profile: the CA and certificate files, and the client key from the secret store. */
export async function feedTls(
  secrets: Pick<SecretStore, 'get'>,
  profileId: string,
  profile: ConnectionProfile,
  keyPem: string | undefined,
): Promise<FeedTls> {
  const key = keyPem ?? (await secrets.get(clientKeyKey(profileId))) ?? undefined;
  return {
    ...(profile.caFile ? { caFile: profile.caFile } : {}),
    ...(profile.clientCertFile ? { certFile: profile.clientCertFile } : {}),
    ...(key !== undefined ? { key } : profile.clientKeyFile ? { keyFile: profile.clientKeyFile } : {}),
  };
}

/** How a profile's core connects, or why it cannot (each reason shown to the officer). */
export interface ProfileConnection {
  /** Absent: the store opens without a link (the picture as last seen, and replay of it). */
  feed: { url: string; token: string; tls: FeedTls } | null;
  /** No token, or one the secret store cannot decrypt: typing it connects. */
  tokenReason: CoreMessage | null;
  /** The stored client key cannot be decrypted: it has to be chosen again. */
  keyReason: CoreMessage | null;
  /** The stored server address is refused: it has to be corrected. */
  addressReason: CoreMessage | null;
}

/**
 * The connection of the profile a core is about to open on: its token and client key from the
 * secret store, its address checked, and for whatever is missing the reason in words.
 */
export async function profileConnection(
  profile: ConnectionProfile,
  secrets: Pick<SecretStore, 'get' | 'info'>,
): Promise<ProfileConnection> {
  let tokenReason: CoreMessage | null = null;
  let keyReason: CoreMessage | null = null;
  let addressReason: CoreMessage | null = null;
  let token: string | null = null;
  let tls: FeedTls | null = null;
  try {
    token = await secrets.get(tokenKey(profile.id));
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    tokenReason = error.coreMessage;
  }
  try {
    tls = await feedTls(secrets, profile.id, profile, undefined);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    // Typing the token cannot mend this: the key has to be chosen again.
    keyReason = coreMessage('connection.keyUndecryptable', { profile: profile.name });
  }
  const address = parseServerAddress(profile.serverUrl);
  if (!address.ok)
    addressReason = coreMessage('connection.addressRefused', {
      profile: profile.name,
      reason: address.message,
    });
  // A token typed now would not connect either: the address is what to mend.
  if (token === null && tokenReason === null && address.ok)
    tokenReason =
      secrets.info.kind === 'os'
        ? coreMessage('token.notStored', { profile: profile.name })
        : coreMessage('token.sessionOnly', { profile: profile.name, backend: secrets.info.backend });
  return {
    feed: token !== null && tls !== null && address.ok ? { url: address.address.href, token, tls } : null,
    tokenReason,
    keyReason,
    addressReason,
  };
}
