import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `npm test` installs openssl where it can; elsewhere the tests that need it say why they did not run. */
export const OPENSSL = existsSync('/usr/bin/openssl');

/**
 * Makes `<name>.key` and `<name>.pem` in `dir` with openssl: a self-signed CA when `ca` is null,
 * otherwise a certificate signed by `<ca>.pem` (with a subjectAltName when given; `days: -1` is
 * already expired).
 */
export function makeCertificate(
  dir: string,
  name: string,
  options: { ca: string | null; san?: string; days?: number; cn?: string },
): void {
  const openssl = (...args: string[]): void =>
    void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const subject = `/CN=${options.cn ?? name}`;
  if (options.ca === null) {
    // prettier-ignore
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', subject);
    return;
  }
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  );
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, options.san ? `subjectAltName=${options.san}\n` : 'basicConstraints=CA:FALSE\n');
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${options.ca}.pem`,
    '-CAkey',
    `${options.ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    String(options.days ?? 2),
    '-extfile',
    ext,
  );
}
