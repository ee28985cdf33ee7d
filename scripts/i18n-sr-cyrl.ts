/**
 * Writes the Serbian Cyrillic catalogues from the Latin ones (see shared/serbianScript.ts): the
 * renderer's renderer/src/i18n/locales/sr-Cyrl and the core's shared/locales/sr-Cyrl.
 * Run after changing a Serbian (Latin) translation: `npm run i18n:sr-cyrl`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { namespaceToCyrillic } from '../shared/serbianScript';

const root = join(import.meta.dirname, '..');
for (const locales of [join(root, 'renderer', 'src', 'i18n', 'locales'), join(root, 'shared', 'locales')]) {
  const from = join(locales, 'sr-Latn');
  const to = join(locales, 'sr-Cyrl');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const names = readdirSync(from).filter((f) => f.endsWith('.json'));
  for (const name of names) {
    const latin: unknown = JSON.parse(readFileSync(join(from, name), 'utf8'));
    writeFileSync(join(to, name), `${JSON.stringify(namespaceToCyrillic(latin), null, 2)}\n`);
  }
  console.log(`sr-Cyrl: ${names.length} namespaces written from sr-Latn in ${locales}.`);
}
