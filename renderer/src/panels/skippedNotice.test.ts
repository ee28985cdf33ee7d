import { afterEach, describe, expect, it } from 'vitest';
import type { CoreStatus, SkippedEvent } from '../../../shared/coreTypes';
import { applyLanguage } from '../i18n/i18n';
import { skippedNotice } from './skippedNotice';

const AT = Date.UTC(2026, 9, 5, 6, 30);

function status(recent: SkippedEvent[], total = recent.length): CoreStatus {
  return {
    link: 'connected',
    linkError: null,
    linkFatal: false,
    serverSilentSince: null,
    operationId: 'JO-WB-7',
    lastSeq: 1300,
    lastEventAt: AT,
    lastReceivedAt: AT,
    dataAgeMs: 0,
    clockOffsetMs: 0,
    outboxDepth: 0,
    quarantineCount: 2,
    readmissionsOverdue: 0,
    storeBytes: 4096,
    storeNotice: null,
    skippedEvents: { total, recent },
  };
}

const skip = (seq: number, reason = 'unsafe message: a forbidden key "constructor"'): SkippedEvent => ({
  seq,
  reason,
  at: AT + seq,
});

describe('the skipped-event warning of the status bar', () => {
  afterEach(() => applyLanguage('en'));

  it('is not shown while nothing was skipped', () => {
    expect(skippedNotice(null)).toBeNull();
    expect(skippedNotice(status([]))).toBeNull();
  });

  it('names the newest skipped seq, with the reason and the count on hover', () => {
    const notice = skippedNotice(status([skip(1234, 'x'), skip(1290)], 12));
    expect(notice).toMatchObject({ seq: 1290, at: AT + 1290, text: 'Event 1290 skipped' });
    expect(notice!.title).toContain(
      'event 1290 in a valid form (unsafe message: a forbidden key "constructor")',
    );
    expect(notice!.title).toContain('Events skipped since start: 12.');
  });

  it('says it in every language', () => {
    const expected = {
      mk: 'Настанот 7 е прескокнат',
      sq: 'Ngjarja 7 u anashkalua',
      'sr-Latn': 'Događaj 7 je preskočen',
      'sr-Cyrl': 'Догађај 7 је прескочен',
    } as const;
    for (const [language, text] of Object.entries(expected)) {
      applyLanguage(language as keyof typeof expected);
      expect(skippedNotice(status([skip(7)]))!.text).toBe(text);
    }
  });
});
