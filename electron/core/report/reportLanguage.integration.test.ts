import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_VIEW_SETTINGS } from '../../../shared/ipc';
import type { Language } from '../../../shared/settings';
import { ManualClock } from '../clock';
import { Core } from '../Core';
import { HostContract } from '../hostContract';

/**
 * The report's language through the host contract both hosts serve: `report:pdf` and the HTML
 * report's `export:write` give the report in the language asked for, else in the officer's
 * interface language. The printer is a stand-in that keeps the HTML it was given, so the test reads
 * what would have been printed; the report itself is written by the real export worker.
 */

const T0 = Date.UTC(2026, 9, 5, 6);
let dir: string;
let core: Core;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-report-language-'));
  const clock = new ManualClock(T0);
  core = Core.open({ storePath: join(dir, 'live.sqlite'), operator: 'Officer Hoxha', clock });
  let seq = 0;
  const event = (type: string, payload: Record<string, unknown>, ts: number) => ({
    seq: ++seq,
    id: `JO-1.${seq}`,
    ts,
    type,
    payload,
  });
  core.ingest.receive([
    event(
      'operation.started',
      {
        operationId: 'JO-1',
        name: 'Danube Shield',
        mode: 'exercise',
        countries: ['MK', 'RS'],
        agencies: ['Border police'],
        plannedStartAt: T0,
        plannedEndAt: T0 + 86_400_000,
        startedAt: T0,
      },
      T0,
    ),
    event(
      'incident.reported',
      {
        incidentId: 'INC-1',
        category: 'drugs',
        priority: 2,
        title: 'Cannabis in a lorry',
        lon: 21.9,
        lat: 41.3,
        reportedAt: T0 + 60_000,
        counts: { drugsKg: 1234.5 },
      },
      T0 + 60_000,
    ),
  ]);
  clock.advance(120_000);
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A host contract whose officer works in `language`, with a printer that keeps the HTML. */
function host(language: Language): { contract: HostContract; printed: string[] } {
  const printed: string[] = [];
  const contract = new HostContract(
    core,
    { ...DEFAULT_VIEW_SETTINGS, operator: 'Officer Hoxha', language },
    {
      replay: { exportsDir: join(dir, 'exports'), appVersion: 'test' },
      printToPdf: (htmlPath, pdfPath) => {
        printed.push(readFileSync(htmlPath, 'utf8'));
        copyFileSync(htmlPath, pdfPath);
        return Promise.resolve();
      },
    },
  );
  return { contract, printed };
}

describe('the report language through the host contract', () => {
  it('prints the report in Macedonian when asked for mk, whatever the interface language', async () => {
    const { contract, printed } = host('en');
    const outcome = await contract.invoke('report:pdf', { language: 'mk' });
    expect(outcome).toMatchObject({ ok: true });
    expect(printed).toHaveLength(1);
    const html = printed[0] ?? '';
    expect(html).toContain('<html lang="mk">');
    expect(html).toContain('<h2>Клучни показатели</h2>');
    expect(html).toContain('<title>ВЕЖБА — Извештај по акцијата — Danube Shield</title>');
    // The country in Macedonian, the kilograms with the Macedonian separators, the feed's title as sent.
    expect(html).toContain('Северна Македонија');
    expect(html).toContain('1.234,5');
    expect(html).toContain('Cannabis in a lorry');
    expect(html).not.toContain('Key figures');

    // A language the interface does not have is refused before anything is written.
    const refused = await contract.invoke('report:pdf', { language: 'de' });
    expect(!refused.ok && refused.error).toMatch(/invalid request/);
    expect(printed).toHaveLength(1);
  });

  it("writes the report in the officer's interface language when none is asked for", async () => {
    const { contract, printed } = host('sq');
    expect(await contract.invoke('report:pdf', {})).toMatchObject({ ok: true });
    expect(printed[0]).toContain('<html lang="sq">');
    expect(printed[0]).toContain('<h2>Shifrat kryesore</h2>');

    // The HTML report (what the browser host offers instead of a PDF) follows the same rule.
    const written = await contract.invoke('export:write', { kind: 'report.html', language: 'sr-Cyrl' });
    if (!written.ok) throw new Error(written.error);
    const html = readFileSync(written.value.path, 'utf8');
    expect(html).toContain('<html lang="sr-Cyrl">');
    expect(html).toContain('<h2>Кључни показатељи</h2>');
  });
});
