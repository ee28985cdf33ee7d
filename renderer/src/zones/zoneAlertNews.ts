import { getOwn } from '../../../shared/getOwn';
import type { OperationState, Zone } from '../../../shared/state';
import type { EpochMs } from '../../../shared/units';
import { zoneCoverage, type ZoneCoverageRule } from '../../../shared/zone';
import { label } from '../i18n/i18n';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * Which watch zone alerts are news, for the zone alert banner and its tone: an entry or exit
 * alert the reducer recorded, or a coverage rule that went into breach (a zone made while in
 * breach is news too: "no boat in the River Drina sector" is what its maker wants to know).
 */
export interface ZoneNews {
  /** The same alert has the same key at every look (the zone, what happened and when). */
  readonly key: string;
  readonly zoneId: string;
  readonly kind: 'entry' | 'exit' | 'breach';
  /** When it happened: the report's time, or the breach's start. */
  readonly at: EpochMs;
  readonly unitId?: string;
  readonly incidentId?: string;
  /** The rule in breach. */
  readonly rule?: ZoneCoverageRule;
}

/** Alerts kept waiting in the banner; older ones fall off (the zones list keeps each zone's own). */
export const MAX_ZONE_NEWS = 20;

/** Every alert and every coverage breach of the live zones at an operation time. */
export function zoneAlertsNow(zones: Readonly<Record<string, Zone>>, at: number): ZoneNews[] {
  const out: ZoneNews[] = [];
  for (const zone of Object.values(zones)) {
    if (zone.deletedAt !== null) continue;
    for (const a of zone.alerts) {
      const who = a.unitId !== undefined ? `u:${a.unitId}` : `i:${a.incidentId ?? ''}`;
      out.push({
        key: `${zone.zoneId}|${a.kind}|${a.at}|${who}`,
        zoneId: zone.zoneId,
        kind: a.kind,
        at: a.at,
        ...(a.unitId !== undefined && { unitId: a.unitId }),
        ...(a.incidentId !== undefined && { incidentId: a.incidentId }),
      });
    }
    for (const b of zoneCoverage(zone, at))
      out.push({
        key: `${zone.zoneId}|breach|${b.ruleIndex}|${b.since}`,
        zoneId: zone.zoneId,
        kind: 'breach',
        at: b.since,
        rule: b.rule,
      });
  }
  return out;
}

/**
 * Watches the zones for news. Only the live picture brings any: a replay's alerts are history, and
 * so is whatever a whole picture holds when it loads (at start, after a reconnect, back from a
 * replay): its alerts happened while nobody was looking at this page, and the zones list shows them.
 */
export class ZoneAlertWatch {
  private seen: ReadonlySet<string> | null = null;
  private picture = -1;

  /**
   * Looks at the zones at operation time `at`; answers what is new since the last look, newest
   * first. `picture` counts the whole pictures loaded; `ready` is false until the first is in.
   */
  observe(
    zones: Readonly<Record<string, Zone>>,
    at: number,
    picture: number,
    ready: boolean,
    replaying: boolean,
  ): ZoneNews[] {
    if (!ready || replaying) {
      this.seen = null;
      return [];
    }
    const now = zoneAlertsNow(zones, at);
    const before = picture === this.picture ? this.seen : null;
    this.seen = new Set(now.map((n) => n.key));
    this.picture = picture;
    if (before === null) return [];
    return now.filter((n) => !before.has(n.key)).sort((a, b) => b.at - a.at);
  }
}

/** The banner's queue with the news first (newest first), each alert once, the oldest beyond the cap dropped. */
export function pushZoneNews(queue: readonly ZoneNews[], news: readonly ZoneNews[]): ZoneNews[] {
  const keys = new Set(news.map((n) => n.key));
  return [...news, ...queue.filter((n) => !keys.has(n.key))].slice(0, MAX_ZONE_NEWS);
}

/** The alerts still worth showing: a zone deleted (here or elsewhere) no longer alerts. */
export function shownZoneNews(queue: readonly ZoneNews[], zones: Readonly<Record<string, Zone>>): ZoneNews[] {
  return queue.filter((n) => {
    const zone = getOwn(zones, n.zoneId);
    return zone !== undefined && zone.deletedAt === null;
  });
}

/** A coverage rule in words, as the banner says it: "no boat inside", "no unit inside for 20 min". */
function ruleText(rule: ZoneCoverageRule, t: T): string {
  if (rule.rule === 'no_unit') return t('map:zones.banner.rule.noUnit', { minutes: rule.minutes });
  const kind = label('unitKind', rule.unitKind);
  return rule.count === 1
    ? t('map:zones.banner.rule.none', { kind })
    : t('map:zones.banner.rule.atLeast', { count: rule.count, kind });
}

/** What happened, in words: a unit entered or left, an incident inside, a coverage rule breached. */
export function zoneNewsText(
  news: ZoneNews,
  state: Pick<OperationState, 'units' | 'incidents'>,
  t: T,
): string {
  if (news.kind === 'breach' && news.rule)
    return t('map:zones.banner.breach', { rule: ruleText(news.rule, t) });
  if (news.unitId !== undefined) {
    const who = getOwn(state.units, news.unitId)?.callsign ?? news.unitId;
    return news.kind === 'exit'
      ? t('map:zones.banner.unitExit', { who })
      : t('map:zones.banner.unitEntry', { who });
  }
  const who = getOwn(state.incidents, news.incidentId ?? '')?.title ?? news.incidentId ?? '';
  return t('map:zones.banner.incidentEntry', { who });
}
