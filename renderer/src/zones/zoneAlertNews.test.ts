import { afterEach, describe, expect, it } from 'vitest';
import type { Zone, ZoneAlert } from '../../../shared/state';
import type { EpochMs } from '../../../shared/units';
import { zoneRules } from '../../../shared/zone.fixture';
import { applyLanguage, t } from '../i18n/i18n';
import {
  MAX_ZONE_NEWS,
  pushZoneNews,
  shownZoneNews,
  ZoneAlertWatch,
  zoneNewsText,
  type ZoneNews,
} from './zoneAlertNews';

const T0 = 1_791_321_000_000;
const ms = (n: number) => n as EpochMs;

function zone(zoneId: string, patch: Partial<Zone> = {}): Zone {
  return {
    zoneId,
    name: `Zone ${zoneId}`,
    area: { kind: 'sector', sectorId: 'S1' },
    ...zoneRules(),
    author: 'Desk 1',
    createdAt: ms(T0),
    deletedAt: null,
    deletedBy: null,
    unitsInside: [],
    coverageSince: [],
    alerts: [],
    ...patch,
  };
}
const entry = (at: number, unitId: string): ZoneAlert => ({ at: ms(at), kind: 'entry', unitId });

/** A watch that has taken its first look (the picture loaded) at these zones. */
function watching(zones: Record<string, Zone>, at = T0): ZoneAlertWatch {
  const watch = new ZoneAlertWatch();
  expect(watch.observe(zones, at, 1, true, false)).toEqual([]);
  return watch;
}

describe('which zone alerts are news for the banner', () => {
  it('an entry or exit recorded live is news, newest first, each once', () => {
    const watch = watching({ Z1: zone('Z1', { alerts: [entry(T0, 'U1')] }) });
    const zones = {
      Z1: zone('Z1', {
        alerts: [
          entry(T0, 'U1'),
          entry(T0 + 5_000, 'U2'),
          { at: ms(T0 + 9_000), kind: 'exit', unitId: 'U1' },
        ],
      }),
    };
    const news = watch.observe(zones, T0 + 9_000, 1, true, false);
    expect(news.map((n) => [n.kind, n.unitId])).toEqual([
      ['exit', 'U1'],
      ['entry', 'U2'],
    ]);
    expect(watch.observe(zones, T0 + 10_000, 1, true, false)).toEqual([]);
  });

  it('an incident reported inside is news', () => {
    const watch = watching({ Z1: zone('Z1') });
    const zones = { Z1: zone('Z1', { alerts: [{ at: ms(T0 + 1), kind: 'entry', incidentId: 'I9' }] }) };
    expect(watch.observe(zones, T0 + 1, 1, true, false)).toMatchObject([
      { zoneId: 'Z1', kind: 'entry', incidentId: 'I9' },
    ]);
  });

  it('a coverage rule going into breach is news once; "no unit" only when its minutes are up', () => {
    const rules = zoneRules({
      coverage: [
        { rule: 'at_least', count: 1, unitKind: 'boat' },
        { rule: 'no_unit', minutes: 20 },
      ],
    });
    const covered = zone('Z1', { ...rules, coverageSince: [null, null] });
    const watch = watching({ Z1: covered });
    const empty = { Z1: zone('Z1', { ...rules, coverageSince: [ms(T0 + 60_000), ms(T0 + 60_000)] }) };
    const first = watch.observe(empty, T0 + 60_000, 1, true, false);
    expect(first).toMatchObject([{ kind: 'breach', rule: { rule: 'at_least', unitKind: 'boat' } }]);
    expect(watch.observe(empty, T0 + 120_000, 1, true, false)).toEqual([]);
    const late = watch.observe(empty, T0 + 21 * 60_000, 1, true, false);
    expect(late).toMatchObject([{ kind: 'breach', rule: { rule: 'no_unit' }, at: T0 + 21 * 60_000 }]);
  });

  it('a zone made while in breach is news', () => {
    const watch = watching({});
    const made = zone('Z2', {
      ...zoneRules({ coverage: [{ rule: 'at_least', count: 1, unitKind: 'boat' }] }),
      coverageSince: [ms(T0)],
    });
    expect(watch.observe({ Z2: made }, T0, 1, true, false)).toHaveLength(1);
  });

  it('nothing is news before the first picture, in replay, or in a whole picture loaded (a reconnect)', () => {
    const watch = new ZoneAlertWatch();
    const one = { Z1: zone('Z1', { alerts: [entry(T0, 'U1')] }) };
    const two = { Z1: zone('Z1', { alerts: [entry(T0, 'U1'), entry(T0 + 1, 'U2')] }) };
    const three = { Z1: zone('Z1', { alerts: [entry(T0, 'U1'), entry(T0 + 1, 'U2'), entry(T0 + 2, 'U3')] }) };
    expect(watch.observe(one, T0, 0, false, false)).toEqual([]);
    expect(watch.observe(one, T0, 1, true, false)).toEqual([]);
    // Replay moves through the past: its alerts are history.
    expect(watch.observe(two, T0, 1, true, true)).toEqual([]);
    expect(watch.observe(one, T0, 1, true, false)).toEqual([]);
    // A reconnect's picture holds what happened meanwhile: history too; what comes after is news.
    expect(watch.observe(two, T0, 2, true, false)).toEqual([]);
    expect(watch.observe(three, T0, 2, true, false)).toMatchObject([{ unitId: 'U3' }]);
  });

  it('a deleted zone raises nothing and its waiting alerts go', () => {
    const watch = watching({ Z1: zone('Z1') });
    const deleted = { Z1: zone('Z1', { alerts: [entry(T0, 'U1')], deletedAt: ms(T0) }) };
    expect(watch.observe(deleted, T0, 1, true, false)).toEqual([]);
    const waiting: ZoneNews = { key: 'k', zoneId: 'Z1', kind: 'entry', at: ms(T0), unitId: 'U1' };
    expect(shownZoneNews([waiting], deleted)).toEqual([]);
    expect(shownZoneNews([waiting], { Z1: zone('Z1') })).toEqual([waiting]);
    expect(shownZoneNews([waiting], {})).toEqual([]);
  });

  it('the queue keeps the news first, each alert once, and a bounded number', () => {
    const n = (i: number): ZoneNews => ({ key: `k${i}`, zoneId: 'Z1', kind: 'entry', at: ms(T0 + i) });
    expect(pushZoneNews([n(1), n(2)], [n(3), n(1)]).map((x) => x.key)).toEqual(['k3', 'k1', 'k2']);
    const many = Array.from({ length: MAX_ZONE_NEWS + 5 }, (_, i) => n(i));
    expect(pushZoneNews([], many)).toHaveLength(MAX_ZONE_NEWS);
  });
});

describe('what the zone banner says', () => {
  afterEach(() => applyLanguage('en'));
  const picture = {
    units: { U1: { callsign: 'BA-BP 117' } },
    incidents: { I1: { title: 'Boat on the Drina' } },
  } as unknown as Parameters<typeof zoneNewsText>[1];
  const base = { key: 'k', zoneId: 'Z1', at: ms(T0) };
  const news: ZoneNews[] = [
    { ...base, kind: 'entry', unitId: 'U1' },
    { ...base, kind: 'exit', unitId: 'U1' },
    { ...base, kind: 'entry', incidentId: 'I1' },
    { ...base, kind: 'breach', rule: { rule: 'at_least', count: 1, unitKind: 'boat' } },
    { ...base, kind: 'breach', rule: { rule: 'at_least', count: 2, unitKind: 'k9' } },
    { ...base, kind: 'breach', rule: { rule: 'no_unit', minutes: 20 } },
  ];
  const say = (lang: Parameters<typeof applyLanguage>[0]) => {
    applyLanguage(lang);
    const inMap = (key: string, options?: Record<string, unknown>) => t(key, { ns: 'map', ...options });
    return news.map((n) => zoneNewsText(n, picture, inMap));
  };

  it('names the unit or incident and the rule, in English', () => {
    expect(say('en')).toEqual([
      'BA-BP 117 entered',
      'BA-BP 117 left',
      'Incident inside: Boat on the Drina',
      'Coverage breached: no boat inside',
      'Coverage breached: fewer than 2 × k9 inside',
      'Coverage breached: no unit inside for 20 min',
    ]);
  });

  it('says it in each language of the interface, never with a key or an empty value', () => {
    const english = say('en');
    for (const lang of ['sr-Latn', 'sr-Cyrl', 'mk', 'sq'] as const) {
      const words = say(lang);
      words.forEach((w, i) => {
        expect(w, `${lang} ${i}`).not.toBe(english[i]);
        expect(w, `${lang} ${i}`).not.toMatch(/zones\.banner|{{/);
      });
      expect(words[0]).toContain('BA-BP 117');
      expect(words[5]).toContain('20');
    }
  });
});
