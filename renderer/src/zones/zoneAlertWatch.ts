import { useEffect, useRef } from 'react';
import type { Zone } from '../../../shared/state';
import { playAlertTone } from '../panels/alertTone';
import { ui, useUi } from '../store/uiStore';

/**
 * Each live zone's newest alert, as a key (time, kind, unit or incident); '' for none. A zone whose
 * key changed took a new alert (the list is bounded, so its length alone would stop telling).
 */
export function zoneAlertKeys(zones: Readonly<Record<string, Zone>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const z of Object.values(zones)) {
    if (z.deletedAt !== null) continue;
    const last = z.alerts.at(-1);
    out.set(z.zoneId, last ? `${last.at}|${last.kind}|${last.unitId ?? ''}|${last.incidentId ?? ''}` : '');
  }
  return out;
}

/** Whether a zone known before took a new alert (a zone new since then raised none yet). */
export function newZoneAlert(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): boolean {
  for (const [id, key] of after) {
    const was = before.get(id);
    if (was !== undefined && key !== was && key !== '') return true;
  }
  return false;
}

/**
 * Sounds the alert tone (as a priority 2 incident does) when a watch zone takes a new entry or
 * exit alert, live only: the picture loaded at start, a reconnect's snapshot and replay are
 * history, not news. The map's red outline and the zones list say which zone.
 */
export function ZoneAlertWatch(): null {
  const zones = useUi((s) => s.state.zones);
  const ready = useUi((s) => s.ready);
  const replaying = useUi((s) => s.replay !== null);
  const seen = useRef<Map<string, string> | null>(null);
  useEffect(() => {
    const counts = zoneAlertKeys(zones);
    const before = seen.current;
    seen.current = ready && !replaying ? counts : null;
    if (before === null || !ready || replaying) return;
    if (newZoneAlert(before, counts) && !ui.snapshot.muted) playAlertTone(2);
  }, [zones, ready, replaying]);
  return null;
}
