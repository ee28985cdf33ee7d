import { useState } from 'react';
import { ui, useUi } from '../store/uiStore';

/**
 * The first-run screen, over the demo operation that already runs behind it: connect to the
 * operations server, or explore the demo. Shown until one of the two is chosen.
 */
export function FirstRun() {
  const view = useUi((s) => s.workstation);
  const settingsOpen = useUi((s) => s.settingsOpen);
  if (!view?.firstRun || settingsOpen) return null;
  return (
    <div className="palette-backdrop wf-settings-backdrop">
      <div
        className="wf-settings wf-welcome"
        role="dialog"
        aria-modal="true"
        aria-label="Welcome"
        data-testid="first-run"
      >
        <h2>Welcome to Watchfloor</h2>
        <p>
          The common operational picture of the joint operation: border sectors, units and incidents, live and
          in replay. To see your operation, connect to its operations server with the address and access token
          the operations centre gave you.
        </p>
        <div className="wf-welcome-choices">
          <button
            type="button"
            className="wf-button wf-button-primary"
            onClick={() => ui.set({ settingsOpen: 'connections' })}
            data-testid="first-run-connect"
          >
            Connect to an operations server
          </button>
          <button
            type="button"
            className="wf-button"
            onClick={() => void ui.settingsCall('settings:finishFirstRun', {})}
            data-testid="first-run-demo"
            autoFocus
          >
            Explore the built-in demo operation
          </button>
        </div>
        <p className="wf-muted-text">
          The demo is a simulated operation on this machine, for training: its exports and reports are marked
          EXERCISE. Settings (Ctrl+,) switches between it and your connections at any time.
        </p>
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
  const view = useUi((s) => s.workstation);
  const dismissed = useUi((s) => s.tokenPromptDismissed);
  const settingsOpen = useUi((s) => s.settingsOpen);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
        className="wf-settings wf-welcome"
        role="dialog"
        aria-modal="true"
        aria-label="Access token"
        data-testid="token-prompt"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>Access token for {profile?.name ?? 'the connection'}</h2>
        <p>{view.tokenReason}</p>
        <input
          className="wf-input"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-label="Access token"
          data-testid="token-input"
          autoFocus
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
            Work offline
          </button>
          <button type="button" className="wf-button" onClick={() => ui.set({ settingsOpen: 'connections' })}>
            Connections…
          </button>
          <span className="wf-settings-spacer" />
          <button
            type="submit"
            className="wf-button wf-button-primary"
            disabled={busy || token.trim() === ''}
            data-testid="token-connect"
          >
            Connect
          </button>
        </div>
      </form>
    </div>
  );
}
