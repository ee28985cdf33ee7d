import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { utcDay } from '../../../shared/results';

/** A certificate file that cannot be used, with what is wrong in words for the officer. */
export class CertificateError extends Error {}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readText(path: string, what: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CertificateError(`The ${what} "${path}" is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(`The ${what} "${path}" cannot be found or read.`);
  }
  // A certificate chain is a few kilobytes; anything this large is not one.
  if (size > 1_000_000)
    throw new CertificateError(`The ${what} "${basename(path)}" is too large to be a PEM file.`);
  return readFileSync(path, 'utf8');
}

/** The certificates of a PEM file, each checked; at least one. */
export function readCertificates(path: string, what: string, now: Date = new Date()): X509Certificate[] {
  const blocks = readText(path, what).match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0)
    throw new CertificateError(
      `The ${what} "${basename(path)}" holds no PEM certificate (a text file beginning with -----BEGIN CERTIFICATE-----).`,
    );
  return blocks.map((block) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      throw new CertificateError(`The ${what} "${basename(path)}" holds a certificate that cannot be read.`);
    }
    const until = new Date(certificate.validTo);
    if (until < now)
      throw new CertificateError(
        `The ${what} "${basename(path)}" expired on ${utcDay(until.getTime())} (${certificate.subject.replace(/\n/g, ', ')}).`,
      );
    return certificate;
  });
}

/** The client's private key (PEM), checked to be a key; never written anywhere by this function. */
export function readPrivateKey(path: string): { pem: string; key: KeyObject } {
  const pem = readText(path, 'client key file');
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(pem) || /passphrase/i.test((error as Error).message);
    throw new CertificateError(
      encrypted
        ? `The client key "${basename(path)}" is protected by a passphrase, which Watchfloor cannot ask for: export it without one (the app keeps it encrypted itself).`
        : `The client key file "${basename(path)}" holds no private key that can be read.`,
    );
  }
}

/** The client certificate and its key must belong together, or the server will refuse the handshake. */
export function checkKeyPair(certificate: X509Certificate, key: KeyObject, certPath: string): void {
  if (!certificate.checkPrivateKey(key))
    throw new CertificateError(
      `The client key does not belong to the client certificate "${basename(certPath)}": choose the key made with it.`,
    );
}
