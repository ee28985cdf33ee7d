import { afterEach, describe, expect, it } from 'vitest';
import { coreMessage, refused } from '../../../shared/coreMessage';
import type { WatchfloorApi } from '../../../shared/ipc';
import { getEmptyState } from '../../../shared/state';
import { applyLanguage } from '../i18n/i18n';
import { fakeHost, testStatus } from './testHost';
import { UiStore } from './uiStore';

/**
 * A refusal by the host (the core's message with its code) reaches the officer in their language:
 * as the notice of an action, and as the answer the settings dialog shows.
 */

const RLO = '\u202e';

function refusingHost(): WatchfloorApi {
  const { api } = fakeHost(getEmptyState(), testStatus({}));
  return {
    ...api,
    invoke: (channel, arg) =>
      channel === 'settings:deleteProfile'
        ? Promise.resolve(refused(coreMessage('settings.profileInUse')))
        : channel === 'replay:openArchive'
          ? Promise.resolve(refused(coreMessage('failed', { detail: `disk ${RLO}full` })))
          : api.invoke(channel, arg),
  };
}

afterEach(() => applyLanguage('en'));

describe("the host's refusals", () => {
  it("are shown in the officer's language, English unchanged", async () => {
    const store = new UiStore();
    await store.connect(refusingHost());
    expect(await store.settingsCall('settings:deleteProfile', { profileId: 'joc-a' })).toBe(
      'This profile is in use: connect to another one (or the demo) first.',
    );
    applyLanguage('sr-Cyrl');
    expect(await store.settingsCall('settings:deleteProfile', { profileId: 'joc-a' })).toBe(
      'Овај профил је у употреби: прво се повежите са другим (или са демонстрацијом).',
    );
    applyLanguage('sq');
    await store.run('settings:deleteProfile', { profileId: 'joc-a' });
    expect(store.snapshot.notice).toBe(
      'Ky profil është në përdorim: lidhuni së pari me një tjetër (ose me demonstrimin).',
    );
  });

  it('keep the words of an unexpected failure as sent, cleaned like feed text', async () => {
    const store = new UiStore();
    await store.connect(refusingHost());
    applyLanguage('mk');
    const outcome = await store.call('replay:openArchive', { path: '/tmp/a.sqlite' });
    expect(outcome).toMatchObject({ ok: false, error: 'Дејството не успеа: disk \uFFFDfull' });
  });
});
