import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvent';
import type { FeedEvent } from './protocol/events';
import { parseEvent } from './protocol/parseEvent';
import { PROTOTYPE_NAMES, WIRE_PROTOTYPE_NAMES, prototypeIdDrafts } from './prototypeIds.fixture';
import { ENTITY_COLLECTIONS, getEmptyState } from './state';

const T0 = Date.UTC(2026, 9, 5, 6);
/** All but `__proto__`, which no record can key (see the test that skips it). */
const KEYABLE = PROTOTYPE_NAMES.filter((n) => n !== '__proto__');

/** The drafts as events; those the wire allows go through the real validation on the way. */
function events(ids: readonly string[]): FeedEvent[] {
  return prototypeIdDrafts(ids, T0).map((d, i) => {
    const raw = { seq: i + 1, id: `E${i + 1}`, ts: d.ts, type: d.type, payload: d.payload };
    const parsed = parseEvent(raw);
    if (parsed.kind === 'known') return parsed.event;
    // Ids the wire refuses (`__proto__`) still reach the reducer here: it must not rely on that.
    return raw as unknown as FeedEvent;
  });
}

describe('ids that name members of Object.prototype', () => {
  it('the protocol accepts every such id that starts with a letter', () => {
    expect(WIRE_PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', 'prototype']));
    for (const e of events(WIRE_PROTOTYPE_NAMES)) expect(parseEvent(e).kind).toBe('known');
  });

  it('the reducer skips an event keyed by __proto__ (the wire refuses that id) and keeps the rest', () => {
    const before = applyEvents(getEmptyState(), events(['constructor']));
    const after = applyEvents(before, events(['__proto__']));
    expect(after).toBe(before);
    for (const kind of ENTITY_COLLECTIONS) expect(Object.getPrototypeOf(after[kind])).toBe(Object.prototype);
  });

  it.each(KEYABLE)('the reducer keeps an entity of every collection with the id %s', (id) => {
    const state = applyEvents(getEmptyState(), events([id]));
    for (const kind of ENTITY_COLLECTIONS) {
      expect(Object.hasOwn(state[kind], id), `${kind} holds ${id}`).toBe(true);
      expect(Object.keys(state[kind]), kind).toEqual([id]);
    }
    expect(Object.getPrototypeOf(state.units)).not.toHaveProperty('unitId');
    const unit = state.units[id]!;
    expect(unit).toMatchObject({ unitId: id, status: 'responding', incidentId: id });
    expect(unit.position).toMatchObject({ at: T0 + 1 });
    expect(state.incidents[id]).toMatchObject({ incidentId: id, status: 'assigned', assignedUnitIds: [id] });
    expect(state.incidents[id]!.notes).toHaveLength(1);
    expect(state.sectors[id]).toMatchObject({ impactLevel: 'high' });
    expect(state.readmissions[id]).toMatchObject({ status: 'accepted' });
    expect(state.linkedCases[id]).toMatchObject({ incidentIds: [id] });
  });

  it('the reducer keeps them all side by side, in one batch and one event at a time', () => {
    const all = events(PROTOTYPE_NAMES);
    const batched = applyEvents(getEmptyState(), all);
    const stepped = all.reduce((s, e) => applyEvents(s, [e]), getEmptyState());
    for (const state of [batched, stepped]) {
      for (const kind of ENTITY_COLLECTIONS)
        expect(Object.keys(state[kind]).sort(), kind).toEqual([...KEYABLE].sort());
    }
    expect(stepped).toEqual(batched);
  });
});
