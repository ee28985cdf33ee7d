import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { coreMessage, CoreMessageError } from '../../../shared/coreMessage';
import { utcDay } from '../../../shared/results';

/**
 * A certificate file that cannot be used, with what is wrong as a message for the officer
 * (`certificate.<kind>.<problem>` in shared/locales core.json: each kind of file has its own
 * sentences, so no English word is put into a translated one).
 */
export class CertificateError extends CoreMessageError {}

/** Which file of a connection profile is read. */
export type CertificateFileKind = 'ca' | 'clientCert' | 'clientKey';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readText(path: string, kind: CertificateFileKind): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CertificateError(coreMessage(`certificate.${kind}.notAFile`, { path }));
    size = stat.size;
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(coreMessage(`certificate.${kind}.unreadable`, { path }));
  }
  // A certificate chain is a few kilobytes; anything this large is not one.
  if (size > 1_000_000)
    throw new CertificateError(coreMessage(`certificate.${kind}.tooLarge`, { file: basename(path) }));
  return readFileSync(path, 'utf8');
}

/** The certificates of a PEM file, each checked; at least one. */
export function readCertificates(
  path: string,
  kind: Exclude<CertificateFileKind, 'clientKey'>,
  now: Date = new Date(),
): X509Certificate[] {
  const file = basename(path);
  const blocks = readText(path, kind).match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0)
    throw new CertificateError(coreMessage(`certificate.${kind}.noCertificate`, { file }));
  return blocks.map((block) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      throw new CertificateError(coreMessage(`certificate.${kind}.badCertificate`, { file }));
    }
    const until = new Date(certificate.validTo);
    if (until < now)
      throw new CertificateError(
        coreMessage(`certificate.${kind}.expired`, {
          file,
          day: utcDay(until.getTime()),
          subject: certificate.subject.replace(/\n/g, ', '),
        }),
      );
    return certificate;
  });
}

/** The client's private key (PEM), checked to be a key; never written anywhere by this function. */
export function readPrivateKey(path: string): { pem: string; key: KeyObject } {
  const pem = readText(path, 'clientKey');
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(pem) || /passphrase/i.test((error as Error).message);
    throw new CertificateError(
      coreMessage(encrypted ? 'certificate.clientKey.passphrase' : 'certificate.clientKey.noKey', {
        file: basename(path),
      }),
    );
  }
}

/** The client certificate and its key must belong together, or the server will refuse the handshake. */
export function checkKeyPair(certificate: X509Certificate, key: KeyObject, certPath: string): void {
  if (!certificate.checkPrivateKey(key))
    throw new CertificateError(coreMessage('certificate.keyMismatch', { file: basename(certPath) }));
}
