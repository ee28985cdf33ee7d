import { coreMessage } from '../../../shared/coreMessage';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreStatus } from '../../../shared/coreTypes';
import { applyLanguage } from '../i18n/i18n';
import { linkLine } from './linkStatus';

const NOW = Date.UTC(2026, 9, 5, 6, 30);

function status(fields: Partial<CoreStatus>): CoreStatus {
  return {
    link: 'connected',
    linkError: null,
    linkFatal: false,
    serverSilentSince: null,
    operationId: 'JO-WB-7',
    lastSeq: 12,
    lastEventAt: NOW - 60_000,
    lastReceivedAt: NOW - 60_000,
    dataAgeMs: 60_000,
    clockOffsetMs: 0,
    outboxDepth: 0,
    quarantineCount: 0,
    readmissionsOverdue: 0,
    storeBytes: 4096,
    storeNotice: null,
    skippedEvents: { total: 0, recent: [] },
    ...fields,
  };
}

describe('the link line of the status bar', () => {
  afterEach(() => applyLanguage('en'));

  it('says "connected" while the server answers', () => {
    expect(linkLine(status({}), NOW, false)).toEqual({ state: 'connected', text: 'connected', title: '' });
  });

  it('says the server is silent, and since when, instead of "connected"', () => {
    const line = linkLine(status({ serverSilentSince: NOW - 125_000 }), NOW, false);
    expect(line.state).toBe('silent');
    expect(line.text).toBe('server silent for 2 min');
    expect(line.title).toContain('has not answered since 2026-10-05 06:27:55 UTC');
  });

  it('keeps saying so while it reconnects, with the reason, and during a replay', () => {
    const line = linkLine(
      status({
        link: 'offline',
        serverSilentSince: NOW - 20_000,
        linkError: coreMessage('link.noResumeAnswer', { seconds: 15 }),
      }),
      NOW,
      true,
    );
    expect(line.state).toBe('silent');
    expect(line.text).toBe(
      'live feed server silent for 20 s — no answer to our resume from the server for 15 s',
    );
    expect(line.title.split('\n')).toHaveLength(3);
  });

  it('says it in every language', () => {
    applyLanguage('sr-Cyrl');
    expect(linkLine(status({ serverSilentSince: NOW - 125_000 }), NOW, false).text).toMatch(
      /^сервер не одговара већ 2/u,
    );
  });
});
