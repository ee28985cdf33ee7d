import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ZodError } from 'zod';
import { describeZodError } from '../../../shared/protocol/parseEvent';
import { idSchema } from '../../../shared/protocol/primitives';
import { parseServerAddress } from '../../../shared/serverAddress';
import {
  connectionProfileSchema,
  DEMO_PROFILE_ID,
  type ConnectionProfile,
  type ProfileInput,
} from '../../../shared/settings';
import { checkKeyPair, readCertificates, readPrivateKey } from './certificates';
import type { SecretStore } from './SecretStore';
import { coreMessage, CoreMessageError, type CoreMessage } from '../../../shared/coreMessage';

/*
 * The checks of a connection profile as the settings form sends it: each field, the certificate
 * files and the client key, and that a stored token goes only to the server it was given for.
 * Each refusal is a SettingsError in words for the officer.
 */

/** A message for the officer that the settings form shows beside its fields. */
export class SettingsError extends CoreMessageError {
  /** A refusal with its code (shared/locales core.json); plain words are the generic `failed` one. */
  constructor(message: CoreMessage | string) {
    super(typeof message === 'string' ? coreMessage('failed', { detail: message }) : message);
  }
}

/**
 * Scheme, host and port: where a token would be sent, as the feed will read the address. An
 * address that is refused has no origin, and so is never the same server as any other.
 */
export function originOf(url: string): string | null {
  const parsed = parseServerAddress(url);
  return parsed.ok ? parsed.address.origin : null;
}
/** The secret store's key of a profile's client key. */
export const clientKeyKey = (profileId: string): string => `${profileId}:clientKey`;

/**
 * A stored token goes only where it was given for: the same server address and the same CA.
 * Without this, a page (a compromised renderer, or whoever holds the browser host's token) could
 * send the stored token to a server of its choosing by editing the address, or by swapping the
 * CA for one that lets it stand in the middle, and trying the connection.
 */
export function checkSecretsStayHome(
  existing: ConnectionProfile | undefined,
  profile: ConnectionProfile,
  typedToken: string | null,
): void {
  if (!existing || typedToken !== null) return;
  const origin = originOf(existing.serverUrl);
  if (origin === null || origin !== originOf(profile.serverUrl) || existing.caFile !== profile.caFile)
    throw new SettingsError(coreMessage('settings.tokenAgain'));
}

/** A file the page names is read only when the host's own dialog chose it (the desktop app). */
export function gateFile(
  path: string | undefined,
  stored: string | undefined,
  acceptFile: ((path: string) => boolean) | undefined,
): void {
  if (path === undefined || path === stored || !acceptFile) return;
  if (!acceptFile(path))
    throw new SettingsError(
      coreMessage('settings.chooseInDialog', { file: path.split(/[\\/]/).pop() ?? '' }),
    );
}

/** The profile the form describes, checked field by field. */
export function checkProfile(
  id: string,
  input: ProfileInput,
  existing: ConnectionProfile | undefined,
  acceptFile: ((path: string) => boolean) | undefined,
): ConnectionProfile {
  const expected = input.expectedOperationId?.trim();
  if (expected) parseOrThrow(idSchema, expected, 'Operation');
  const candidate = {
    id,
    name: input.name,
    serverUrl: input.serverUrl,
    ...(expected ? { expectedOperationId: expected } : {}),
    ...(input.caFile?.trim() ? { caFile: input.caFile.trim() } : {}),
    ...(input.removeClientCertificate
      ? {}
      : input.clientCertFile?.trim()
        ? { clientCertFile: input.clientCertFile.trim() }
        : existing?.clientCertFile
          ? { clientCertFile: existing.clientCertFile }
          : {}),
    ...(input.takServer?.trim() ? { takServer: input.takServer.trim() } : {}),
    ...(input.takCaFile?.trim() ? { takCaFile: input.takCaFile.trim() } : {}),
    ...(input.takCertFile?.trim() ? { takCertFile: input.takCertFile.trim() } : {}),
    ...(input.takKeyFile?.trim() ? { takKeyFile: input.takKeyFile.trim() } : {}),
  };
  gateFile(candidate.takCaFile, existing?.takCaFile, acceptFile);
  gateFile(candidate.takCertFile, existing?.takCertFile, acceptFile);
  gateFile(candidate.takKeyFile, existing?.takKeyFile, acceptFile);
  gateFile(candidate.caFile, existing?.caFile, acceptFile);
  gateFile(candidate.clientCertFile, existing?.clientCertFile, acceptFile);
  gateFile(input.clientKeyFile?.trim() || undefined, undefined, acceptFile);
  const parsed = connectionProfileSchema.safeParse(candidate);
  if (!parsed.success)
    throw new SettingsError(`${fieldName(parsed.error)}: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/**
 * Reads and checks the certificate files the form names (expired, not a certificate, a key that
 * is not the certificate's) and decides where the client key lives: in the secret store, or,
 * without one, in the user's own file, whose path the profile then keeps.
 */
export function checkCertificates(
  id: string,
  input: ProfileInput,
  existing: ConnectionProfile | undefined,
  profile: ConnectionProfile,
  secrets: Pick<SecretStore, 'info' | 'has'>,
  now: Date,
): { keyPem?: string } {
  if (profile.caFile) readCertificates(profile.caFile, 'ca', now);
  if (!profile.clientCertFile) {
    if (input.clientKeyFile?.trim()) throw new SettingsError(coreMessage('settings.keyNeedsCertificate'));
    return {};
  }
  const [certificate] = readCertificates(profile.clientCertFile, 'clientCert', now);
  const keyPath = input.clientKeyFile?.trim();
  if (keyPath) {
    const { pem, key } = readPrivateKey(keyPath);
    if (certificate) checkKeyPair(certificate, key, profile.clientCertFile);
    if (secrets.info.kind !== 'os') profile.clientKeyFile = keyPath;
    return { keyPem: pem };
  }
  if (existing?.clientKeyFile) {
    profile.clientKeyFile = existing.clientKeyFile;
    return {};
  }
  if (!secrets.has(clientKeyKey(id))) throw new SettingsError(coreMessage('settings.certificateNeedsKey'));
  return {};
}

/** A profile id from its name, unique among the profiles: readable in file names and logs. */
export function newProfileId(name: string, profiles: readonly ConnectionProfile[], dataDir: string): string {
  const slug =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'profile';
  let id = slug === DEMO_PROFILE_ID ? 'demo-server' : slug;
  // A store left by a deleted profile of the same name belongs to that profile's operation.
  while (profiles.some((p) => p.id === id) || existsSync(join(dataDir, 'stores', `${id}.sqlite`)))
    id = `${slug}-${randomBytes(3).toString('hex')}`;
  return id;
}

export function fieldName(error: { issues: readonly { path: readonly PropertyKey[] }[] }): string {
  const key = String(error.issues[0]?.path[0] ?? '');
  const names: Record<string, string> = {
    name: 'Name',
    serverUrl: 'Server address',
    expectedOperationId: 'Operation',
    caFile: 'CA certificate file',
    clientCertFile: 'Client certificate file',
    clientKeyFile: 'Client key file',
  };
  return names[key] ?? 'Profile';
}

export function parseOrThrow<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SettingsError(
      first && first.path.length === 0
        ? `${what}: ${first.message}`
        : `${what}: ${describeZodError(parsed.error)}`,
    );
  }
  return parsed.data;
}
