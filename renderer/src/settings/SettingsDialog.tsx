import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEMO_PROFILE_ID,
  LANGUAGE_NAMES,
  LANGUAGES,
  TRANSLATED_LANGUAGES,
  type Preferences,
  type ProfileView,
  type SettingsView,
  type TimeZone,
} from '../../../shared/settings';
import type { BasemapSetting } from '../../../shared/basemap';
import { zoneLabel } from '../panels/format';
import { ui, useUi } from '../store/uiStore';
import type { SettingsTab } from '../store/types';
import { useDialogFocus } from '../commands/dialogFocus';
import { copyDiagnostics } from './diagnostics';
import { describeCoreMessage } from '../i18n/coreMessages';
import { displayValue } from '../../../shared/displayText';
import { ProfileForm } from './ProfileForm';
import './settings.css';

/** The tabs, in order; each is labelled by `settings:tabs.<id>`. */
const TABS: readonly SettingsTab[] = ['connections', 'preferences', 'about'];

/** How the token of a profile is kept: a key of `settings:tokenState`. */
function tokenState(
  profile: ProfileView,
  view: SettingsView,
): 'none' | 'askedAtStart' | 'encrypted' | 'session' {
  if (!profile.hasToken) return view.secretStore.kind === 'os' ? 'none' : 'askedAtStart';
  return view.secretStore.kind === 'os' ? 'encrypted' : 'session';
}

/** Switches to a profile; the page then starts over on its picture. */
async function connect(profileId: string): Promise<string | null> {
  return ui.settingsCall('settings:activate', { profileId });
}

function Connections({ view }: { view: SettingsView }) {
  const { t } = useTranslation('settings');
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
          {active && <span className="wf-chip">{t('connections.inUse')}</span>}
          <div className="wf-muted-text">{detail}</div>
        </div>
        <div className="wf-profile-actions">
          {!active && (
            <button
              type="button"
              className="wf-button wf-button-primary"
              disabled={switching !== null}
              onClick={() => void run(() => connect(id), t('connections.connecting', { name }))}
              data-testid={`profile-connect-${id}`}
            >
              {t('connections.connect')}
            </button>
          )}
          {profile && (
            <button
              type="button"
              className="wf-button"
              onClick={() => setEditing(profile)}
              data-testid={`profile-edit-${id}`}
            >
              {t('connections.edit')}
            </button>
          )}
          {profile && !active && (
            <button
              type="button"
              className="wf-button wf-button-quiet"
              onClick={() => {
                if (window.confirm(t('connections.confirmDelete', { name })))
                  void run(
                    () => ui.settingsCall('settings:deleteProfile', { profileId: id }),
                    t('connections.deleting'),
                  );
              }}
            >
              {t('connections.delete')}
            </button>
          )}
        </div>
      </li>
    );
  };
  return (
    <div>
      <ul className="wf-profiles">
        {row(DEMO_PROFILE_ID, t('connections.demoName'), t('connections.demoDetail'), null)}
        {view.profiles.map((p) =>
          row(
            p.id,
            p.name,
            [
              p.serverUrl,
              p.expectedOperationId ? t('connections.operation', { id: p.expectedOperationId }) : null,
              t(`tokenState.${tokenState(p, view)}`),
              p.caFile ? t('connections.ownCa') : null,
              p.clientCertFile ? t('connections.clientCertificate') : null,
            ]
              .filter((part) => part !== null)
              .join(' · '),
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
        {t('connections.add')}
      </button>
    </div>
  );
}

function PreferencesForm({ view }: { view: SettingsView }) {
  const { t } = useTranslation('settings');
  const [p, setP] = useState<Preferences>(view.preferences);
  // A failure is the host's text; success is worded when shown, so it speaks the language just chosen.
  const [message, setMessage] = useState<{ ok: true } | { ok: false; text: string } | null>(null);
  const set = (patch: Partial<Preferences>): void => {
    setP((current) => ({ ...current, ...patch }));
    setMessage(null);
  };
  const save = async (): Promise<void> => {
    const failed = await ui.settingsCall('settings:setPreferences', { preferences: { ...p } });
    setMessage(failed ? { ok: false, text: failed } : { ok: true });
  };
  const number = (key: 'staleAfterMinutes' | 'lostContactAfterMinutes', label: string) => (
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
        <span className="wf-muted-text">
          {t('preferences.minutesWithoutReport', { count: Number.isFinite(p[key]) ? p[key] : 0 })}
        </span>
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
        <span>{t('preferences.operator')}</span>
        <input
          className="wf-input"
          value={p.operator}
          onChange={(e) => set({ operator: e.target.value })}
          data-testid="pref-operator"
        />
      </label>
      {number('staleAfterMinutes', t('preferences.staleAfter'))}
      {number('lostContactAfterMinutes', t('preferences.lostContactAfter'))}
      <label className="wf-settings-check">
        <input
          type="checkbox"
          checked={p.alertSounds}
          onChange={(e) => set({ alertSounds: e.target.checked })}
          data-testid="pref-alertSounds"
        />
        {t('preferences.alertSounds')}
      </label>
      <label className="wf-settings-field">
        <span>{t('preferences.language')}</span>
        <select
          className="wf-select"
          data-testid="pref-language"
          value={p.language}
          onChange={(e) => set({ language: e.target.value as Preferences['language'] })}
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code} disabled={!TRANSLATED_LANGUAGES.includes(code)}>
              {TRANSLATED_LANGUAGES.includes(code)
                ? LANGUAGE_NAMES[code]
                : t('preferences.languageToCome', { language: LANGUAGE_NAMES[code] })}
            </option>
          ))}
        </select>
      </label>
      <label className="wf-settings-field">
        <span>{t('preferences.timeZone')}</span>
        <select
          className="wf-select"
          data-testid="pref-timeZone"
          value={p.timeZone}
          onChange={(e) => set({ timeZone: e.target.value as TimeZone })}
        >
          <option value="utc">{t('preferences.timeZoneUtc')}</option>
          <option value="local">
            {t('preferences.timeZoneLocal', { zone: zoneLabel('local', Date.now()) })}
          </option>
        </select>
      </label>
      {p.operator !== view.preferences.operator && (
        <p className="wf-settings-hint">{t('preferences.operatorReconnects')}</p>
      )}
      {message && (
        <p
          className={message.ok ? 'wf-settings-ok' : 'wf-field-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="pref-message"
        >
          {message.ok ? t('preferences.saved') : message.text}
        </p>
      )}
      <div className="wf-settings-actions">
        <span className="wf-settings-spacer" />
        <button type="submit" className="wf-button wf-button-primary" data-testid="pref-save">
          {t('preferences.save')}
        </button>
      </div>
    </form>
  );
}

/** An on-premises style address, as the placeholder shows it (an address: the same in every language). */
const STYLE_URL_EXAMPLE = 'https://maps.centre.internal/styles/region/style.json';

/**
 * The centre's basemap: the built-in one, a tile file (chosen in the desktop app's dialog, typed in
 * the browser host) or an on-premises style address. The host checks it before keeping it; one it
 * refuses is explained here, and the map and the stored choice stay as they were.
 */
function BasemapForm({ view }: { view: SettingsView }) {
  const { t } = useTranslation('settings');
  const stored = view.basemap ?? { kind: 'builtin' };
  const [kind, setKind] = useState<BasemapSetting['kind']>(stored.kind);
  const [file, setFile] = useState(stored.kind === 'mbtiles' ? stored.file : '');
  const [url, setUrl] = useState(stored.kind === 'style' ? stored.url : '');
  const [message, setMessage] = useState<{ ok: true } | { ok: false; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    const basemap: BasemapSetting =
      kind === 'mbtiles'
        ? { kind, file: file.trim() }
        : kind === 'style'
          ? { kind, url: url.trim() }
          : { kind };
    setBusy(true);
    const outcome = await ui.call('settings:setBasemap', { basemap });
    setBusy(false);
    if (outcome.ok) ui.set({ workstation: outcome.value });
    setMessage(outcome.ok ? { ok: true } : { ok: false, text: outcome.error });
  };
  const browse = async (): Promise<void> => {
    const outcome = await ui.call('settings:chooseFile', { purpose: 'basemap' });
    if (outcome.ok && outcome.value.path) {
      setFile(outcome.value.path);
      setMessage(null);
    }
  };
  return (
    <form
      className="wf-settings-form"
      aria-label={t('basemap.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t('basemap.title')}</h3>
      {view.basemapProblem && (
        <p className="wf-field-error" role="alert" data-testid="basemap-problem">
          {view.basemapProblem.map((m) => describeCoreMessage(displayValue(m))).join(' ')}
        </p>
      )}
      <label className="wf-settings-field">
        <span>{t('basemap.kind')}</span>
        <select
          className="wf-select"
          data-testid="basemap-kind"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as BasemapSetting['kind']);
            setMessage(null);
          }}
        >
          <option value="builtin">{t('basemap.builtin')}</option>
          <option value="mbtiles">{t('basemap.mbtiles')}</option>
          <option value="style">{t('basemap.style')}</option>
        </select>
      </label>
      {kind === 'mbtiles' && (
        <label className="wf-settings-field">
          <span>{t('basemap.file')}</span>
          <span className="wf-settings-file">
            <input
              className="wf-input"
              value={file}
              placeholder={t('basemap.fileHint')}
              spellCheck={false}
              onChange={(e) => {
                setFile(e.target.value);
                setMessage(null);
              }}
              data-testid="basemap-file"
            />
            {view.canChooseFiles && (
              <button type="button" className="wf-button" onClick={() => void browse()}>
                {t('profile.browse')}
              </button>
            )}
          </span>
        </label>
      )}
      {kind === 'style' && (
        <label className="wf-settings-field">
          <span>{t('basemap.url')}</span>
          <input
            className="wf-input"
            value={url}
            placeholder={t('basemap.urlHint', { example: STYLE_URL_EXAMPLE })}
            spellCheck={false}
            onChange={(e) => {
              setUrl(e.target.value);
              setMessage(null);
            }}
            data-testid="basemap-url"
          />
        </label>
      )}
      {message && (
        <p
          className={message.ok ? 'wf-settings-ok' : 'wf-field-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="basemap-message"
        >
          {message.ok ? t('basemap.saved') : message.text}
        </p>
      )}
      <div className="wf-settings-actions">
        <span className="wf-settings-spacer" />
        <button
          type="submit"
          className="wf-button wf-button-primary"
          disabled={busy}
          data-testid="basemap-save"
        >
          {t('basemap.save')}
        </button>
      </div>
    </form>
  );
}

function About({ view }: { view: SettingsView }) {
  const { t } = useTranslation('settings');
  const [text, setText] = useState<string | null>(null);
  return (
    <div className="wf-settings-form">
      <dl className="wf-fields">
        <dt>{t('about.secrets')}</dt>
        <dd data-testid="about-secrets">
          {view.secretStore.kind === 'os'
            ? t('about.secretsOs', { backend: view.secretStore.backend })
            : t('about.secretsSession', { backend: view.secretStore.backend })}
        </dd>
        <dt>{t('about.store')}</dt>
        <dd className="wf-settings-path">{view.storePath}</dd>
        {!view.managed && (
          <>
            <dt>{t('about.connection')}</dt>
            <dd>{t('about.managed')}</dd>
          </>
        )}
        {view.problem && (
          <>
            <dt>{t('about.problem')}</dt>
            <dd className="wf-field-error" data-testid="settings-problem">
              {view.problem.map((m, i) => (
                <p key={i} data-code={m.code}>
                  {describeCoreMessage(displayValue(m))}
                </p>
              ))}
            </dd>
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
          {t('about.copyDiagnostics')}
        </button>
      </div>
      {text && <textarea className="wf-diagnostics" readOnly value={text} data-testid="diagnostics-text" />}
    </div>
  );
}

/** The settings dialog: connections, preferences, and the security and diagnostics page. */
export function SettingsDialog() {
  const { t } = useTranslation('settings');
  const tab = useUi((s) => s.settingsOpen);
  const view = useUi((s) => s.workstation);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (tab) void ui.loadWorkstation();
  }, [tab]);
  // Open from when it is drawn (the workstation's view may still be loading when asked for).
  useDialogFocus(dialog, tab !== null && view !== null);
  if (!tab || !view) return null;
  const close = (): void => ui.set({ settingsOpen: null });
  return (
    <div className="palette-backdrop wf-settings-backdrop" onClick={close}>
      <div
        ref={dialog}
        className="wf-settings"
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label={t('title')}
        data-testid="settings-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Esc closes the dialog only: not also the selection behind it (the app's own Esc).
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <header className="wf-settings-header">
          <h2>{t('title')}</h2>
          <nav className="tabs" role="tablist">
            {TABS.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                className={tab === id ? 'tab active' : 'tab'}
                onClick={() => ui.set({ settingsOpen: id })}
                data-testid={`settings-tab-${id}`}
              >
                {t(`tabs.${id}`)}
              </button>
            ))}
          </nav>
          <button type="button" className="wf-button wf-button-quiet" onClick={close} aria-label={t('close')}>
            {/* eslint-disable-next-line i18next/no-literal-string -- a symbol: the button is named by its aria-label */}
            {'✕'}
          </button>
        </header>
        <div className="wf-settings-body">
          {!view.managed && tab !== 'about' ? (
            <p className="wf-settings-hint">{t('managedHint')}</p>
          ) : tab === 'connections' ? (
            <Connections view={view} />
          ) : tab === 'preferences' ? (
            <>
              <PreferencesForm view={view} />
              <BasemapForm view={view} />
            </>
          ) : (
            <About view={view} />
          )}
        </div>
      </div>
    </div>
  );
}
