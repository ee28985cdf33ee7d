import { describe, expect, it } from 'vitest';
import { MAX_OWED_MS, PageClock, TICK_MS } from './pageClock';

/** A clock whose timer the test runs, with a redraw expected or not. */
function clockOn() {
  let now = 0;
  let ticks = 0;
  const page = { redrawExpected: false };
  const clock = new PageClock(
    () => void ticks++,
    () => page.redrawExpected,
    () => now,
  );
  const second = (): void => {
    now += TICK_MS;
    clock.second();
  };
  return { clock, page, second, ticks: () => ticks, at: (ms: number) => void (now = ms) };
}

describe("the page's clock", () => {
  it('ticks every second when no redraw is coming (a quiet feed, a hidden page, no feed)', () => {
    const { second, ticks } = clockOn();
    for (let i = 0; i < 5; i++) second();
    expect(ticks()).toBe(5);
  });

  it("ticks with the map's next redraw when one is coming, once", () => {
    const { clock, page, second, ticks } = clockOn();
    page.redrawExpected = true;
    second();
    expect(ticks()).toBe(0);
    clock.drawn();
    expect(ticks()).toBe(1);
    // Redraws with no tick owed (an incident, a pan) do not move the clock.
    clock.drawn();
    clock.drawn();
    expect(ticks()).toBe(1);
  });

  it('at 5,000 units on software WebGL (a redraw every 2 s), ticks with each redraw and never between', () => {
    const { clock, page, second, ticks } = clockOn();
    page.redrawExpected = true;
    for (let i = 0; i < 10; i++) {
      second();
      second();
      // The redraw comes a little after every other second.
      clock.drawn();
    }
    expect(ticks()).toBe(10);
  });

  it(`never leaves the ages more than ${MAX_OWED_MS / 1000} s behind when the redraw does not come`, () => {
    const { clock, page, second, ticks } = clockOn();
    page.redrawExpected = true;
    second();
    second();
    expect(ticks()).toBe(0);
    second();
    expect(ticks()).toBe(1);
    // Paid: the next redraw owes nothing.
    clock.drawn();
    expect(ticks()).toBe(1);
    page.redrawExpected = false;
    second();
    expect(ticks()).toBe(2);
  });

  it('pays a late timer at once rather than waiting another second', () => {
    const { clock, page, ticks, at } = clockOn();
    page.redrawExpected = true;
    at(1_000);
    clock.second();
    // The next timer comes 1.8 s later (a busy page): the tick is paid, not owed for a third second.
    at(2_800);
    clock.second();
    expect(ticks()).toBe(1);
  });
});
