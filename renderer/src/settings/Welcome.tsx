import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayValue } from '../../../shared/displayText';
import { useDialogFocus } from '../commands/dialogFocus';
import { describeCoreMessage } from '../i18n/coreMessages';
import { ui, useUi } from '../store/uiStore';

/**
 * The first-run screen, over the demo operation that already runs behind it: connect to the
 * operations server, or explore the demo. Shown until one of the two is chosen.
 */
export function FirstRun() {
  const { t } = useTranslation('settings');
  const view = useUi((s) => s.workstation);
  const settingsOpen = useUi((s) => s.settingsOpen);
  const dialog = useRef<HTMLDivElement>(null);
  // Tab stays in the choice until one is made (it has no Esc: one of the two must be chosen).
  useDialogFocus(dialog, Boolean(view?.firstRun) && !settingsOpen);
  if (!view?.firstRun || settingsOpen) return null;
  return (
    <div className="palette-backdrop wf-settings-backdrop">
      <div
        ref={dialog}
        className="wf-settings wf-welcome"
        role="dialog"
        aria-modal="true"
        aria-label={t('welcome.label')}
        data-testid="first-run"
      >
        <h2>{t('welcome.title')}</h2>
        <p>{t('welcome.intro')}</p>
        <div className="wf-welcome-choices">
          <button
            type="button"
            className="wf-button wf-button-primary"
            onClick={() => ui.set({ settingsOpen: 'connections' })}
            data-testid="first-run-connect"
          >
            {t('welcome.connect')}
          </button>
          <button
            type="button"
            className="wf-button"
            onClick={() => void ui.settingsCall('settings:finishFirstRun', {})}
            data-testid="first-run-demo"
            data-autofocus
          >
            {t('welcome.demo')}
          </button>
        </div>
        <p className="wf-muted-text">{t('welcome.demoNote')}</p>
      </div>
    </div>
  );
}

/**
 * Asks for the access token of the profile in use when the workstation keeps none (no secure key
 * store, or one that cannot be read). Meanwhile the store's last picture is shown; "Work offline"
 * keeps it that way for this run.
 */
export function TokenPrompt() {
  const { t } = useTranslation('settings');
  const view = useUi((s) => s.workstation);
  const dismissed = useUi((s) => s.tokenPromptDismissed);
  const settingsOpen = useUi((s) => s.settingsOpen);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLFormElement>(null);
  useDialogFocus(dialog, Boolean(view?.needsToken) && !dismissed && !settingsOpen);
  if (!view?.needsToken || dismissed || settingsOpen) return null;
  const profile = view.profiles.find((p) => p.id === view.activeProfileId);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const failed = await ui.settingsCall('settings:activate', { profileId: view.activeProfileId, token });
    setBusy(false);
    if (failed) setError(failed);
  };
  return (
    <div className="palette-backdrop wf-settings-backdrop">
      <form
        ref={dialog}
        className="wf-settings wf-welcome"
        role="dialog"
        aria-modal="true"
        aria-label={t('tokenPrompt.label')}
        data-testid="token-prompt"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>
          {profile ? t('tokenPrompt.titleFor', { name: profile.name }) : t('tokenPrompt.titleForConnection')}
        </h2>
        <p>{describeCoreMessage(displayValue(view.tokenReason))}</p>
        <input
          className="wf-input"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-label={t('tokenPrompt.label')}
          data-testid="token-input"
          data-autofocus
        />
        {error && (
          <p className="wf-field-error" role="alert" data-testid="token-error">
            {error}
          </p>
        )}
        <div className="wf-settings-actions">
          <button
            type="button"
            className="wf-button wf-button-quiet"
            onClick={() => ui.set({ tokenPromptDismissed: true })}
          >
            {t('tokenPrompt.workOffline')}
          </button>
          <button type="button" className="wf-button" onClick={() => ui.set({ settingsOpen: 'connections' })}>
            {t('tokenPrompt.connections')}
          </button>
          <span className="wf-settings-spacer" />
          <button
            type="submit"
            className="wf-button wf-button-primary"
            disabled={busy || token.trim() === ''}
            data-testid="token-connect"
          >
            {t('tokenPrompt.connect')}
          </button>
        </div>
      </form>
    </div>
  );
}
