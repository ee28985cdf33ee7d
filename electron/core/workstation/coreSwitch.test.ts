import { describe, expect, it } from 'vitest';
import { DEMO_PROFILE_ID } from '../../../shared/settings';
import { CoreSwitch, type CoreSwitchHost } from './coreSwitch';

/**
 * The switch between profiles' cores, on fake cores that write down what happens to their stores:
 * the order of closing and opening is what keeps a store from being open twice, and the fallback is
 * what keeps the officer's picture when another profile's store will not open.
 */

interface FakeCore {
  profile: string;
  close(): void;
}

/** A workstation with profiles `ids`; `broken` profiles' stores do not open. */
function workstation(ids: string[], broken: Set<string>, active: string) {
  const events: string[] = [];
  const problems: string[] = [];
  const settings = { active };
  const host: CoreSwitchHost<FakeCore> = {
    openActive: () => {
      const profile = settings.active;
      if (broken.has(profile)) {
        events.push(`open ${profile} failed`);
        return Promise.reject(new Error(`the store of ${profile} is held by another Watchfloor`));
      }
      events.push(`open ${profile}`);
      return Promise.resolve({ profile, close: () => events.push(`close ${profile}`) });
    },
    activeId: () => settings.active,
    exists: (id) => id === DEMO_PROFILE_ID || ids.includes(id),
    fallBack: (error, fallbackId) => {
      const text = `${settings.active} could not be opened (${(error as Error).message}); on ${fallbackId} instead.`;
      problems.push(text);
      settings.active = fallbackId;
      return { code: 'switch.toProfile', text };
    },
  };
  return { host, events, problems, settings };
}

describe('the switch between profiles', () => {
  it('closes the old core before the new one opens its store, and announces the new core', async () => {
    const ws = workstation(['joc-a', 'joc-b'], new Set(), 'joc-a');
    const cores = new CoreSwitch(ws.host);
    await cores.start();
    const announced: string[] = [];
    cores.onChanged((core) => announced.push(core.profile));

    ws.settings.active = 'joc-b';
    await cores.restart('joc-a');

    expect(ws.events).toEqual(['open joc-a', 'close joc-a', 'open joc-b']);
    expect(cores.current.profile).toBe('joc-b');
    expect(announced).toEqual(['joc-b']);
  });

  it('goes back to the profile it was on, with the reason, when the other one will not open', async () => {
    const ws = workstation(['joc-a', 'joc-b'], new Set(['joc-b']), 'joc-a');
    const cores = new CoreSwitch(ws.host);
    await cores.start();
    const announced: string[] = [];
    cores.onChanged((core) => announced.push(core.profile));

    ws.settings.active = 'joc-b';
    await expect(cores.restart('joc-a')).rejects.toThrow(
      'joc-b could not be opened (the store of joc-b is held by another Watchfloor); on joc-a instead.',
    );
    // The old picture again: its store reopened, and the hosts reload onto it.
    expect(ws.events).toEqual(['open joc-a', 'close joc-a', 'open joc-b failed', 'open joc-a']);
    expect(ws.settings.active).toBe('joc-a');
    expect(cores.current.profile).toBe('joc-a');
    expect(announced).toEqual(['joc-a']);
  });

  it('falls back to the demo when the profile it was on will not open again either', async () => {
    const broken = new Set<string>();
    const ws = workstation(['joc-a', 'joc-b'], broken, 'joc-a');
    const cores = new CoreSwitch(ws.host);
    await cores.start();
    broken.add('joc-a').add('joc-b');

    ws.settings.active = 'joc-b';
    await expect(cores.restart('joc-a')).rejects.toThrow(/joc-b could not be opened/);
    expect(ws.events.slice(-3)).toEqual([
      'open joc-b failed',
      'open joc-a failed',
      `open ${DEMO_PROFILE_ID}`,
    ]);
    expect(cores.current.profile).toBe(DEMO_PROFILE_ID);
    expect(ws.problems).toHaveLength(2);
  });

  it('starts on the demo, saying why, when the profile in use will not open at start', async () => {
    const ws = workstation(['joc-a'], new Set(['joc-a']), 'joc-a');
    const cores = new CoreSwitch(ws.host);
    expect((await cores.start()).profile).toBe(DEMO_PROFILE_ID);
    expect(ws.problems).toEqual([
      `joc-a could not be opened (the store of joc-a is held by another Watchfloor); on ${DEMO_PROFILE_ID} instead.`,
    ]);
  });

  it('closes its core once, and switches no more after that', async () => {
    const ws = workstation(['joc-a'], new Set(), 'joc-a');
    const cores = new CoreSwitch(ws.host);
    await cores.start();
    cores.close();
    cores.close();
    await cores.restart();
    expect(ws.events).toEqual(['open joc-a', 'close joc-a']);
  });
});
