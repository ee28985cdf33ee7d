import { useEffect, useState } from 'react';
import {
  DEMO_PROFILE_ID,
  LANGUAGE_NAMES,
  LANGUAGES,
  TRANSLATED_LANGUAGES,
  type Preferences,
  type ProfileView,
  type SettingsView,
} from '../../../shared/settings';
import { ui, useUi } from '../store/uiStore';
import type { SettingsTab } from '../store/types';
import { ProfileForm } from './ProfileForm';
import './settings.css';

const TABS: readonly { id: SettingsTab; label: string }[] = [
  { id: 'connections', label: 'Connections' },
  { id: 'preferences', label: 'Preferences' },
  { id: 'about', label: 'Security and diagnostics' },
];

/** How the token of a profile is kept, in words. */
function tokenState(profile: ProfileView, view: SettingsView): string {
  if (!profile.hasToken)
    return view.secretStore.kind === 'os' ? 'no token stored' : 'token asked for at start';
  return view.secretStore.kind === 'os' ? 'token kept encrypted' : 'token kept for this session';
}

/** Switches to a profile; the page then starts over on its picture. */
async function connect(profileId: string): Promise<string | null> {
  return ui.settingsCall('settings:activate', { profileId });
}

function Connections({ view }: { view: SettingsView }) {
  const [editing, setEditing] = useState<ProfileView | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  if (editing !== null)
    return (
      <ProfileForm profile={editing === 'new' ? null : editing} view={view} onDone={() => setEditing(null)} />
    );
  const run = async (work: () => Promise<string | null>, label: string): Promise<void> => {
    setError(null);
    setSwitching(label);
    const failed = await work();
    setSwitching(null);
    if (failed) setError(failed);
  };
  const row = (id: string, name: string, detail: string, profile: ProfileView | null) => {
    const active = view.activeProfileId === id;
    return (
      <li key={id} className={active ? 'wf-profile is-active' : 'wf-profile'} data-testid={`profile-${id}`}>
        <div className="wf-profile-text">
          <strong>{name}</strong>
          {active && <span className="wf-chip">in use</span>}
          <div className="wf-muted-text">{detail}</div>
        </div>
        <div className="wf-profile-actions">
          {!active && (
            <button
              type="button"
              className="wf-button wf-button-primary"
              disabled={switching !== null}
              onClick={() => void run(() => connect(id), `Connecting to ${name}…`)}
              data-testid={`profile-connect-${id}`}
            >
              Connect
            </button>
          )}
          {profile && (
            <button
              type="button"
              className="wf-button"
              onClick={() => setEditing(profile)}
              data-testid={`profile-edit-${id}`}
            >
              Edit
            </button>
          )}
          {profile && !active && (
            <button
              type="button"
              className="wf-button wf-button-quiet"
              onClick={() => {
                if (
                  window.confirm(
                    `Delete the connection "${name}" and its stored token? The operation's store file is kept.`,
                  )
                )
                  void run(() => ui.settingsCall('settings:deleteProfile', { profileId: id }), 'Deleting…');
              }}
            >
              Delete
            </button>
          )}
        </div>
      </li>
    );
  };
  return (
    <div>
      <ul className="wf-profiles">
        {row(
          DEMO_PROFILE_ID,
          'Built-in demo operation',
          'A simulated operation on this machine, for training and trying the app.',
          null,
        )}
        {view.profiles.map((p) =>
          row(
            p.id,
            p.name,
            `${p.serverUrl}${p.expectedOperationId ? ` · operation ${p.expectedOperationId}` : ''} · ${tokenState(p, view)}${p.caFile ? ' · own CA' : ''}${p.clientCertFile ? ' · client certificate' : ''}`,
            p,
          ),
        )}
      </ul>
      {switching && <p className="wf-settings-hint">{switching}</p>}
      {error && (
        <p className="wf-field-error" role="alert" data-testid="connections-error">
          {error}
        </p>
      )}
      <button
        type="button"
        className="wf-button wf-button-primary"
        onClick={() => setEditing('new')}
        data-testid="profile-add"
      >
        Add a connection
      </button>
    </div>
  );
}

function PreferencesForm({ view }: { view: SettingsView }) {
  const [p, setP] = useState<Preferences>(view.preferences);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (patch: Partial<Preferences>): void => {
    setP((current) => ({ ...current, ...patch }));
    setMessage(null);
  };
  const save = async (): Promise<void> => {
    const failed = await ui.settingsCall('settings:setPreferences', { preferences: { ...p } });
    setMessage(failed ? { ok: false, text: failed } : { ok: true, text: 'Saved.' });
  };
  const number = (key: 'staleAfterMinutes' | 'lostContactAfterMinutes', label: string, hint: string) => (
    <label className="wf-settings-field">
      <span>{label}</span>
      <span>
        <input
          className="wf-input wf-input-number"
          type="number"
          min={1}
          value={Number.isFinite(p[key]) ? p[key] : ''}
          onChange={(e) => set({ [key]: e.target.valueAsNumber })}
          data-testid={`pref-${key}`}
        />{' '}
        <span className="wf-muted-text">{hint}</span>
      </span>
    </label>
  );
  return (
    <form
      className="wf-settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="wf-settings-field">
        <span>Officer at this console</span>
        <input
          className="wf-input"
          value={p.operator}
          onChange={(e) => set({ operator: e.target.value })}
          data-testid="pref-operator"
        />
      </label>
      {number('staleAfterMinutes', 'Unit stale after', 'minutes without a position report')}
      {number('lostContactAfterMinutes', 'Contact lost after', 'minutes without a position report')}
      <label className="wf-settings-check">
        <input
          type="checkbox"
          checked={p.alertSounds}
          onChange={(e) => set({ alertSounds: e.target.checked })}
          data-testid="pref-alertSounds"
        />
        A tone for every new priority 1 or 2 incident
      </label>
      <label className="wf-settings-field">
        <span>Language</span>
        <select
          className="wf-select"
          value={p.language}
          onChange={(e) => set({ language: e.target.value as Preferences['language'] })}
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code} disabled={!TRANSLATED_LANGUAGES.includes(code)}>
              {LANGUAGE_NAMES[code]}
              {TRANSLATED_LANGUAGES.includes(code) ? '' : ' — translation to come'}
            </option>
          ))}
        </select>
      </label>
      {p.operator !== view.preferences.operator && (
        <p className="wf-settings-hint">The officer's name goes with every action sent: saving reconnects.</p>
      )}
      {message && (
        <p
          className={message.ok ? 'wf-settings-ok' : 'wf-field-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="pref-message"
        >
          {message.text}
        </p>
      )}
      <div className="wf-settings-actions">
        <span className="wf-settings-spacer" />
        <button type="submit" className="wf-button wf-button-primary" data-testid="pref-save">
          Save preferences
        </button>
      </div>
    </form>
  );
}

/** Copies the diagnostics text; shows it as well, for a host whose clipboard is out of reach. */
export async function copyDiagnostics(): Promise<string | null> {
  const outcome = await ui.call('diagnostics:get', {});
  if (!outcome.ok) {
    ui.set({ notice: outcome.error });
    return null;
  }
  try {
    await navigator.clipboard.writeText(outcome.value.text);
    ui.set({ notice: 'Diagnostics copied: paste them into the support ticket. They hold no token or key.' });
  } catch {
    ui.set({
      notice: 'The clipboard is out of reach: copy the diagnostics from Settings, Security and diagnostics.',
    });
  }
  return outcome.value.text;
}

function About({ view }: { view: SettingsView }) {
  const [text, setText] = useState<string | null>(null);
  return (
    <div className="wf-settings-form">
      <dl className="wf-fields">
        <dt>Secrets</dt>
        <dd data-testid="about-secrets">
          {view.secretStore.kind === 'os'
            ? `Tokens and client keys are encrypted by the system's key store (${view.secretStore.backend}).`
            : `No secure key store (${view.secretStore.backend}): tokens are kept in memory for this run only and never written to disk.`}
        </dd>
        <dt>Store</dt>
        <dd className="wf-settings-path">{view.storePath}</dd>
        {!view.managed && (
          <>
            <dt>Connection</dt>
            <dd>Fixed on the command line: it is changed there, not here.</dd>
          </>
        )}
        {view.problem && (
          <>
            <dt>Problem</dt>
            <dd className="wf-field-error">{view.problem}</dd>
          </>
        )}
      </dl>
      <div className="wf-settings-actions">
        <button
          type="button"
          className="wf-button"
          onClick={() => void copyDiagnostics().then(setText)}
          data-testid="diagnostics-copy"
        >
          Copy diagnostics
        </button>
      </div>
      {text && <textarea className="wf-diagnostics" readOnly value={text} data-testid="diagnostics-text" />}
    </div>
  );
}

/** The settings dialog: connections, preferences, and the security and diagnostics page. */
export function SettingsDialog() {
  const tab = useUi((s) => s.settingsOpen);
  const view = useUi((s) => s.workstation);
  useEffect(() => {
    if (tab) void ui.loadWorkstation();
  }, [tab]);
  if (!tab || !view) return null;
  const close = (): void => ui.set({ settingsOpen: null });
  return (
    <div className="palette-backdrop wf-settings-backdrop" onClick={close}>
      <div
        className="wf-settings"
        role="dialog"
        aria-modal="true"
        aria-label="Settings"
        data-testid="settings-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <header className="wf-settings-header">
          <h2>Settings</h2>
          <nav className="tabs" role="tablist">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                className={tab === t.id ? 'tab active' : 'tab'}
                onClick={() => ui.set({ settingsOpen: t.id })}
                data-testid={`settings-tab-${t.id}`}
              >
                {t.label}
              </button>
            ))}
          </nav>
          <button
            type="button"
            className="wf-button wf-button-quiet"
            onClick={close}
            aria-label="Close settings"
          >
            ✕
          </button>
        </header>
        <div className="wf-settings-body">
          {!view.managed && tab !== 'about' ? (
            <p className="wf-settings-hint">
              This Watchfloor was started with its connection fixed on the command line: its settings are
              changed there.
            </p>
          ) : tab === 'connections' ? (
            <Connections view={view} />
          ) : tab === 'preferences' ? (
            <PreferencesForm view={view} />
          ) : (
            <About view={view} />
          )}
        </div>
      </div>
    </div>
  );
}
