import CoT from '@tak-ps/node-cot';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEvents } from '../../../shared/applyEvent';
import { isIncidentOnMap } from '../../../shared/domainRules';
import type { OperationState } from '../../../shared/state';
import { cotFile, cotOpex, INCIDENT_COT_TYPE, UNIT_COT_TYPES } from './cotEvents';
import { xmlProblems, xmlVisible } from './exportChecks';
import { exportFixture, feedEvent, HOSTILE, HOUR, START } from './exportFixtures';
import type { ExportMeta } from './types';

const STALE_AFTER = 10 * 60_000;
let state: OperationState;
let meta: ExportMeta;
let lines: string[];
let events: CoT[];

/** The hostile unit gets a position, so its callsign is written. */
const HOSTILE_AT = START + 2 * HOUR;

beforeAll(async () => {
  const fixture = exportFixture();
  state = applyEvents(fixture.state, [
    feedEvent('unit.position', {
      unitId: 'U-HOSTILE',
      lon: 19.1,
      lat: 45.2,
      heading: 90,
      speed: 12.5,
      accuracy: 8,
      at: HOSTILE_AT,
    }),
    feedEvent('incident.reported', {
      incidentId: 'INC-HOSTILE-AMP',
      category: 'drugs',
      priority: 2,
      title: 'already &amp; escaped &lt;b&gt; "q" \'a\'',
      description: HOSTILE.description,
      lon: 19.2,
      lat: 45.3,
      reportedAt: START + HOUR,
    }),
  ]);
  meta = fixture.meta;
  const text = await cotFile(state, meta, { at: meta.to!, staleAfterMs: STALE_AFTER });
  lines = text.split('\n').filter((l) => l !== '');
  events = lines.map((l) => new CoT(l));
}, 30_000);

function eventOf(uid: string): CoT {
  const found = events.find((e) => e.uid() === uid);
  if (!found) throw new Error(`no event ${uid}`);
  return found;
}

describe('CoT export', () => {
  it('is one well-formed event a line, which the library parses back', () => {
    for (const line of lines) expect(xmlProblems(line)).toEqual([]);
    const withPosition = Object.values(state.units).filter((u) => u.position !== null);
    const onMap = Object.values(state.incidents).filter(isIncidentOnMap);
    expect(events).toHaveLength(withPosition.length + onMap.length);
    expect(withPosition.length).toBeGreaterThan(20);
  });

  it('gives units a friendly type by kind, how m-g, a stable uid and the callsign', () => {
    for (const unit of Object.values(state.units)) {
      if (unit.position === null) continue;
      const cot = eventOf(`watchfloor.JO-WB-11.unit.${unit.unitId}`);
      expect(cot.type()).toBe(UNIT_COT_TYPES[unit.kind]);
      expect(cot.is_friend()).toBe(true);
      expect(cot.raw.event._attributes.how).toBe('m-g');
      expect(cot.callsign()).toBe(xmlVisible(unit.callsign));
      const [lon, lat] = cot.to_geojson().geometry.coordinates as number[];
      expect(lon).toBeCloseTo(unit.position.lon, 6);
      expect(lat).toBeCloseTo(unit.position.lat, 6);
    }
    const kinds = new Set(Object.values(state.units).map((u) => u.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    expect(UNIT_COT_TYPES.vehicle).toBe('a-f-G-E-V-C');
    expect(UNIT_COT_TYPES.boat).toBe('a-f-S-X-L');
  });

  it("takes time and start from the unit's last report and stale from the stale setting", () => {
    const cot = eventOf('watchfloor.JO-WB-11.unit.U-HOSTILE');
    const a = cot.raw.event._attributes;
    expect(a.time).toBe(new Date(HOSTILE_AT).toISOString());
    expect(a.start).toBe(new Date(HOSTILE_AT).toISOString());
    expect(a.stale).toBe(new Date(HOSTILE_AT + STALE_AFTER).toISOString());
    expect(Number(cot.raw.event.point._attributes.ce)).toBe(8);
    expect(Number(cot.raw.event.detail?.track?._attributes.course)).toBe(90);
  });

  it('marks an exercise with opex "e" and a live operation with "o", per the CoT event schema', () => {
    for (const e of events) expect(e.raw.event._attributes.opex).toBe('e');
    expect(cotOpex('live')).toBe('o');
    expect(cotOpex('exercise')).toBe('e');
    expect(cotOpex('training')).toBe('e');
    const remarks = eventOf('watchfloor.JO-WB-11.unit.U-HOSTILE').raw.event.detail?.remarks?._text;
    expect(String(remarks)).toMatch(/^EXERCISE — /);
  });

  it('writes incidents on the map as spot markers entered by a person, none closed', () => {
    const open = Object.values(state.incidents).filter(isIncidentOnMap);
    for (const incident of open) {
      const cot = eventOf(`watchfloor.JO-WB-11.incident.${incident.incidentId}`);
      expect(cot.type()).toBe(INCIDENT_COT_TYPE);
      expect(cot.raw.event._attributes.how).toBe('h-e');
      expect(cot.raw.event._attributes.time).toBe(new Date(incident.reportedAt).toISOString());
    }
    expect(events.some((e) => e.uid().endsWith('.INC-HOSTILE-1'))).toBe(false);
  });

  it('round-trips hostile text: markup, quotes and "&amp;" come back as they were sent', () => {
    expect(eventOf('watchfloor.JO-WB-11.unit.U-HOSTILE').callsign()).toBe(xmlVisible(HOSTILE.callsign));
    const amp = eventOf('watchfloor.JO-WB-11.incident.INC-HOSTILE-AMP');
    expect(amp.callsign()).toBe('P2 already &amp; escaped &lt;b&gt; "q" \'a\'');
    const remarks = String(amp.raw.event.detail?.remarks?._text);
    expect(remarks).toContain('already &amp; escaped &lt;b&gt; "q" \'a\'');
    expect(remarks).toContain('<img src=x onerror=alert(1)> & ]]> <!-- -->');
    expect(lines.join('\n')).not.toContain('<img');
  });
});
