import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/settings';
import {
  catalogueText,
  coreMessage,
  coreMessageSchema,
  messageOf,
  CoreMessageError,
  type CoreMessage,
} from '../../shared/coreMessage';
import {
  CertificateError,
  readCertificates,
  readPrivateKey,
} from '../../electron/core/workstation/certificates';
import { ArchiveError, openArchiveFile } from '../../electron/core/store/archive';
import { CORE_RESOURCES, coreMessageText } from '../../electron/core/i18n/coreTranslations';

/**
 * The messages of the core: every code the core and the hosts write has its sentence in English
 * and in every language (tests/i18n/translations.test.ts checks the namespace's keys, placeholders
 * and plurals with the renderer's), and a message reads in each language with its values in place.
 */

const root = join(import.meta.dirname, '..', '..');

/** Every `coreMessage('code'` and `coreMessage(\n 'code'` in the code of the core, the hosts and shared/. */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/coreMessage\(\s*'([\w.]+)'/g)) codes.add(m[1] ?? '');
        // Codes chosen by a condition or passed on: `'link.caFileUnreadable'` as a value.
        for (const m of text.matchAll(/'((?:link|store|trial|switch|settings|host)\.[A-Za-z]+)'/g))
          if (!/\.(json|sqlite|log|html|pdf|csv)$/.test(m[1] ?? '')) codes.add(m[1] ?? '');
      }
    }
  };
  visit(join(root, 'electron'));
  visit(join(root, 'shared'));
  return codes;
}

describe('core messages', () => {
  it('has an English sentence, and one in every language, for every code the code writes', () => {
    const codes = codesInSource();
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].flatMap((code) =>
      LANGUAGES.filter(
        (language) => catalogueText(CORE_RESOURCES[language].core.message, code) === undefined,
      ).map((language) => `${language} ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('writes the English text from the catalogue, with the values in place', () => {
    expect(coreMessage('link.operationNotStored', { server: 'JO-WB-7', store: 'JO-WB-5' })).toEqual({
      code: 'link.operationNotStored',
      params: { server: 'JO-WB-7', store: 'JO-WB-5' },
      text: 'The server runs operation JO-WB-7, but this store holds JO-WB-5; open a store for that operation.',
    });
    expect(coreMessageSchema.safeParse(coreMessage('store.checking')).success).toBe(true);
  });

  it('reads in each language with every value in place, and leaves feed text as sent', () => {
    const message = coreMessage('link.snapshotInvalid', { reason: 'state.units: expected object' });
    for (const language of LANGUAGES) {
      const text = coreMessageText(message, language);
      expect(text).toContain('state.units: expected object');
      expect(text).not.toMatch(/\{\{/);
      if (language !== 'en') expect(text).not.toBe(message.text);
    }
    expect(coreMessageText(message, 'sr-Cyrl')).toBe(
      'Сервер је послао снимак стања који није прошао проверу (state.units: expected object); задржава се последња исправна слика.',
    );
  });

  it('falls back to the English text for a code it does not know (a newer core)', () => {
    const newer = { code: 'link.somethingNew', params: { x: 1 }, text: 'Something new happened.' };
    for (const language of LANGUAGES)
      expect(coreMessageText(newer, language)).toBe('Something new happened.');
  });

  it('says a reason that is a message of its own in the same language as the sentence around it', () => {
    const locked = coreMessage('store.locked', { path: '/data/sector-b.sqlite' });
    const failed = coreMessage('switch.toProfile', {
      profile: 'Sector B',
      reason: locked,
      instead: 'Sector A',
    });
    expect(failed.text).toBe(
      'Sector B could not be opened (The store /data/sector-b.sqlite is open in another Watchfloor window or process; close that one first.); Watchfloor is on Sector A instead.',
    );
    const mk = coreMessageText(failed, 'mk');
    expect(mk).toContain('Sector B');
    expect(mk).toContain(coreMessageText(locked, 'mk'));
    expect(mk).not.toMatch(/another Watchfloor|could not be opened/);
    // Sent to the renderer and checked there like any message; nesting is bounded.
    expect(coreMessageSchema.parse(failed)).toEqual(failed);
    let deep: CoreMessage = locked;
    for (let i = 0; i < 6; i++) deep = coreMessage('failed', { detail: deep });
    expect(coreMessageSchema.safeParse(deep).success).toBe(false);
  });

  it('gives an error its message, or its own words under the generic code', () => {
    const refused = coreMessage('trial.tokenMissing');
    expect(messageOf(new CoreMessageError(refused))).toBe(refused);
    expect(messageOf(new Error('disk full'))).toEqual({
      code: 'failed',
      params: { detail: 'disk full' },
      text: 'disk full',
    });
  });
});

describe('certificate file checks', () => {
  /** The message a check throws: a CertificateError with its code, never the generic `failed`. */
  function refusal(check: () => unknown): CoreMessage {
    try {
      check();
    } catch (error) {
      expect(error).toBeInstanceOf(CertificateError);
      return messageOf(error);
    }
    throw new Error('the check passed');
  }

  it('says what is wrong with each kind of file in the officer language, the file name as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-cert-'));
    try {
      const notPem = join(dir, 'notes.pem');
      writeFileSync(notPem, 'hello\n');
      const ca = refusal(() => readCertificates(notPem, 'ca'));
      expect(ca).toMatchObject({ code: 'certificate.ca.noCertificate', params: { file: 'notes.pem' } });
      expect(ca.text).toBe(
        'The CA certificate file "notes.pem" holds no PEM certificate (a text file beginning with -----BEGIN CERTIFICATE-----).',
      );
      expect(coreMessageText(ca, 'sr-Cyrl')).toBe(
        'Датотека CA сертификата „notes.pem“ не садржи PEM сертификат (текстуалну датотеку која почиње са -----BEGIN CERTIFICATE-----).',
      );
      const client = refusal(() => readCertificates(dir, 'clientCert'));
      expect(client.code).toBe('certificate.clientCert.notAFile');
      expect(coreMessageText(client, 'sq')).toBe(
        `Skedari i certifikatës së klientit "${dir}" nuk është skedar.`,
      );
      const key = refusal(() => readPrivateKey(notPem));
      expect(key.code).toBe('certificate.clientKey.noKey');
      expect(coreMessageText(key, 'mk')).toBe(
        'Датотеката со клиентски клуч „notes.pem“ не содржи приватен клуч што може да се прочита.',
      );
      const missing = refusal(() => readPrivateKey(join(dir, 'gone.key')));
      expect(missing.code).toBe('certificate.clientKey.unreadable');
      expect(coreMessageText(missing, 'sr-Latn')).toContain('ne može da se pronađe ili pročita');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('archive checks', () => {
  it('refuses a file that is not an archive with a code, read in the officer language', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-archive-'));
    try {
      const notes = join(dir, 'notes.sqlite');
      writeFileSync(
        notes,
        'not a database at all, but long enough to have a header of a hundred bytes. '.repeat(3),
      );
      let message: CoreMessage | null = null;
      try {
        openArchiveFile(notes);
      } catch (error) {
        expect(error).toBeInstanceOf(ArchiveError);
        message = messageOf(error);
      }
      expect(message).toMatchObject({ code: 'archive.notSqlite', params: { name: 'notes.sqlite' } });
      expect(message?.text).toBe(
        'notes.sqlite is not a Watchfloor archive (it is not an SQLite database at all).',
      );
      expect(coreMessageText(message!, 'sr-Cyrl')).toBe(
        'notes.sqlite није Watchfloor архива (уопште није SQLite база података).',
      );
      expect(coreMessageText(message!, 'sq')).toBe(
        'notes.sqlite nuk është arkiv i Watchfloor (nuk është fare bazë të dhënash SQLite).',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
