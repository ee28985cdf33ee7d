import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMITS } from '../../../shared/annotation';
import { lngLat } from '../../../shared/units';
import {
  canFinish,
  chooseKind,
  clickAt,
  drawHint,
  escape,
  finish,
  initialAnnotationDraw,
} from './annotationDraw';

const P = (i: number) => lngLat(19 + i * 0.01, 44 + (i % 2) * 0.01);

describe('drawing an annotation', () => {
  it('takes an area vertex by vertex, one per double click, and finishes it from three', () => {
    let s = chooseKind(initialAnnotationDraw(), 'polygon');
    s = clickAt(clickAt(s, P(0)), P(1));
    expect(canFinish(s)).toBe(false);
    expect(finish(s)).toBeNull();
    // A double click's two clicks at the same place are one vertex.
    s = clickAt(clickAt(s, P(2)), P(2));
    expect(s.points).toHaveLength(3);
    const done = finish(s);
    expect(done?.shape).toEqual({ kind: 'polygon', coordinates: [P(0), P(1), P(2)] });
    // The kind stays in hand for the next one.
    expect(done?.state).toMatchObject({ kind: 'polygon', points: [] });
  });

  it('asks for the words of a text, and sends none empty', () => {
    const s = clickAt(chooseKind(initialAnnotationDraw(), 'text'), P(0));
    expect(s.awaitingText).toBe(true);
    expect(clickAt(s, P(1))).toBe(s);
    expect(finish(s, '   ')).toBeNull();
    expect(finish(s, ' Checkpoint ')?.shape).toEqual({
      kind: 'text',
      coordinates: [P(0)],
      text: 'Checkpoint',
    });
  });

  it('stops at the vertex bound', () => {
    let s = chooseKind(initialAnnotationDraw(), 'line');
    for (let i = 0; i < ANNOTATION_LIMITS.maxVertices + 10; i++) s = clickAt(s, lngLat(19 + i * 1e-3, 44));
    expect(s.points).toHaveLength(ANNOTATION_LIMITS.maxVertices);
  });

  it('Esc drops the shape begun, then puts the kind down, then is not its own', () => {
    const s = clickAt(chooseKind(initialAnnotationDraw(), 'line'), P(0));
    const first = escape(s);
    expect(first).toMatchObject({ handled: true, state: { kind: 'line', points: [] } });
    const second = escape(first.state);
    expect(second).toMatchObject({ handled: true, state: { kind: null } });
    expect(escape(second.state).handled).toBe(false);
  });
});

describe('the drawing hint', () => {
  it('says how many points a shape needs while it is drawn, and not after it is finished until the next is begun', () => {
    let s = chooseKind(initialAnnotationDraw(), 'polygon');
    expect(drawHint(s)).toEqual({ key: 'more', n: 3 });
    s = clickAt(s, P(0));
    expect(drawHint(s)).toEqual({ key: 'more', n: 2 });
    s = clickAt(clickAt(s, P(1)), P(2));
    expect(drawHint(s)).toEqual({ key: 'finish', n: 3 });
    s = finish(s)!.state;
    expect(drawHint(s)).toEqual({ key: 'next' });
    s = clickAt(s, P(3));
    expect(drawHint(s)).toEqual({ key: 'more', n: 2 });
    // Esc drops the one begun: nothing was just finished then.
    expect(drawHint(escape(s).state)).toEqual({ key: 'more', n: 3 });
  });
});
