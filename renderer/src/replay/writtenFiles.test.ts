import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WatchfloorApi } from '../../../shared/ipc';
import type { ExportedFile } from '../../../shared/replay';
import { getEmptyState } from '../../../shared/state';
import { applyLanguage } from '../i18n/i18n';
import { fakeHost, testStatus } from '../store/testHost';
import { ui } from '../store/uiStore';
import { resetWrittenFiles, writeExport, writeReportPdf } from './writtenFiles';

/**
 * The report is asked for in a language: the one the officer picked for it, else the interface's
 * (what the command palette's "Report (PDF)" sends); other exports carry none.
 */

const asked: { channel: string; arg: unknown }[] = [];

const file = (kind: ExportedFile['kind']): ExportedFile => ({
  kind,
  fileName: `JO-1-${kind}`,
  path: `/exports/JO-1-${kind}`,
  bytes: 1,
  url: null,
});

beforeAll(async () => {
  const { api } = fakeHost(getEmptyState(), testStatus());
  const startUp = api.invoke.bind(api);
  const recording = {
    ...api,
    invoke: (channel: string, arg: unknown) => {
      asked.push({ channel, arg });
      if (channel === 'report:pdf') return Promise.resolve({ ok: true, value: file('report.pdf') });
      if (channel === 'export:write')
        return Promise.resolve({ ok: true, value: file((arg as { kind: ExportedFile['kind'] }).kind) });
      return (startUp as (c: string, a: unknown) => Promise<unknown>)(channel, arg);
    },
  } as unknown as WatchfloorApi;
  await ui.connect(recording);
});

afterEach(() => {
  asked.length = 0;
  resetWrittenFiles();
  applyLanguage('en');
});

const calls = (channel: string): unknown[] => asked.filter((a) => a.channel === channel).map((a) => a.arg);

describe('the report language asked for', () => {
  it("asks for the report in the interface's language unless another one is picked", async () => {
    applyLanguage('sq');
    await writeReportPdf();
    await writeReportPdf({ from: 1, to: 2 }, 'mk');
    expect(calls('report:pdf')).toEqual([{ language: 'sq' }, { from: 1, to: 2, language: 'mk' }]);
  });

  it('sends a language with the HTML report only', async () => {
    applyLanguage('sr-Cyrl');
    await writeExport('report.html');
    await writeExport('report.html', {}, 'en');
    await writeExport('incidents.csv');
    expect(calls('export:write')).toEqual([
      { kind: 'report.html', language: 'sr-Cyrl' },
      { kind: 'report.html', language: 'en' },
      { kind: 'incidents.csv' },
    ]);
  });
});
