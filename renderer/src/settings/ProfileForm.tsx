import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult, ProfileInput, ProfileView, SettingsView } from '../../../shared/settings';
import { ui } from '../store/uiStore';
import { describeCoreMessage } from '../i18n/coreMessages';

/** The form's fields: what the officer types, before the host checks it. */
interface Fields {
  name: string;
  serverUrl: string;
  expectedOperationId: string;
  token: string;
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  removeClientCertificate: boolean;
  takServer: string;
  takCaFile: string;
  takCertFile: string;
  takKeyFile: string;
}

function fieldsOf(profile: ProfileView | null): Fields {
  return {
    name: profile?.name ?? '',
    serverUrl: profile?.serverUrl ?? 'https://',
    expectedOperationId: profile?.expectedOperationId ?? '',
    token: '',
    caFile: profile?.caFile ?? '',
    clientCertFile: profile?.clientCertFile ?? '',
    clientKeyFile: '',
    removeClientCertificate: false,
    takServer: profile?.takServer ?? '',
    takCaFile: profile?.takCaFile ?? '',
    takCertFile: profile?.takCertFile ?? '',
    takKeyFile: profile?.takKeyFile ?? '',
  };
}

/** The form as the host's schema takes it: empty optional fields left out, a blank token kept as stored. */
export function profileInput(id: string | undefined, f: Fields): ProfileInput {
  return {
    ...(id ? { id } : {}),
    name: f.name,
    serverUrl: f.serverUrl,
    ...(f.expectedOperationId.trim() ? { expectedOperationId: f.expectedOperationId.trim() } : {}),
    ...(f.token ? { token: f.token } : {}),
    ...(f.caFile.trim() ? { caFile: f.caFile.trim() } : {}),
    ...(f.clientCertFile.trim() ? { clientCertFile: f.clientCertFile.trim() } : {}),
    ...(f.clientKeyFile.trim() ? { clientKeyFile: f.clientKeyFile.trim() } : {}),
    ...(f.removeClientCertificate ? { removeClientCertificate: true } : {}),
    ...(f.takServer.trim() ? { takServer: f.takServer.trim() } : {}),
    ...(f.takCaFile.trim() ? { takCaFile: f.takCaFile.trim() } : {}),
    ...(f.takCertFile.trim() ? { takCertFile: f.takCertFile.trim() } : {}),
    ...(f.takKeyFile.trim() ? { takKeyFile: f.takKeyFile.trim() } : {}),
  };
}

/**
 * Adds or edits a connection profile. Nothing is kept until the host has checked every field and
 * certificate file; "Try" connects once without saving. The token field is write-only: a stored
 * token is never sent back to the page, only whether there is one.
 */
export function ProfileForm({
  profile,
  view,
  onDone,
}: {
  profile: ProfileView | null;
  view: SettingsView;
  onDone: () => void;
}) {
  const { t } = useTranslation('settings');
  const [fields, setFields] = useState<Fields>(() => fieldsOf(profile));
  const [error, setError] = useState<string | null>(null);
  const [trial, setTrial] = useState<ConnectionTestResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const set = (patch: Partial<Fields>): void => {
    setFields((f) => ({ ...f, ...patch }));
    setTrial(null);
  };
  const input = profileInput(profile?.id, fields);
  const sessionOnly = view.secretStore.kind === 'session';

  const save = async (connect: boolean): Promise<void> => {
    setBusy(connect ? t('profile.savingAndConnecting') : t('profile.saving'));
    setError(null);
    const before = new Set(view.profiles.map((p) => p.id));
    const failed = await ui.settingsCall('settings:saveProfile', { profile: input });
    if (failed) {
      setBusy(null);
      setError(failed);
      return;
    }
    const after = ui.snapshot.workstation;
    const savedId = profile?.id ?? after?.profiles.find((p) => !before.has(p.id))?.id;
    // Saving the profile in use already reconnected with it.
    if (connect && savedId && savedId !== after?.activeProfileId) {
      const refused = await ui.settingsCall('settings:activate', { profileId: savedId });
      if (refused) {
        setBusy(null);
        setError(refused);
        return;
      }
    }
    setBusy(null);
    onDone();
  };

  const tryIt = async (): Promise<void> => {
    setBusy(t('profile.trying'));
    setError(null);
    const outcome = await ui.call('settings:testConnection', { profile: input });
    setBusy(null);
    if (outcome.ok) setTrial(outcome.value);
    else setError(outcome.error);
  };

  const choose = async (purpose: 'ca' | 'clientCert' | 'clientKey', key: keyof Fields): Promise<void> => {
    const outcome = await ui.call('settings:chooseFile', { purpose });
    if (outcome.ok && outcome.value.path) set({ [key]: outcome.value.path });
  };

  const fileField = (
    label: string,
    key: 'caFile' | 'clientCertFile' | 'clientKeyFile' | 'takCaFile' | 'takCertFile' | 'takKeyFile',
    purpose: 'ca' | 'clientCert' | 'clientKey',
    hint: string,
  ) => (
    <label className="wf-settings-field">
      <span>{label}</span>
      <span className="wf-settings-file">
        <input
          className="wf-input"
          value={fields[key]}
          placeholder={hint}
          spellCheck={false}
          onChange={(e) => set({ [key]: e.target.value })}
          data-testid={`profile-${key}`}
        />
        {view.canChooseFiles && (
          <button type="button" className="wf-button" onClick={() => void choose(purpose, key)}>
            {t('profile.browse')}
          </button>
        )}
      </span>
    </label>
  );

  return (
    <form
      className="wf-settings-form"
      data-testid="profile-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(true);
      }}
    >
      <h3>{profile ? t('profile.titleEdit', { name: profile.name }) : t('profile.titleNew')}</h3>
      <label className="wf-settings-field">
        <span>{t('profile.name')}</span>
        <input
          className="wf-input"
          value={fields.name}
          placeholder={t('profile.namePlaceholder')}
          onChange={(e) => set({ name: e.target.value })}
          data-testid="profile-name"
          autoFocus
        />
      </label>
      <label className="wf-settings-field">
        <span>{t('profile.serverUrl')}</span>
        <input
          className="wf-input"
          value={fields.serverUrl}
          spellCheck={false}
          onChange={(e) => set({ serverUrl: e.target.value })}
          data-testid="profile-serverUrl"
        />
      </label>
      <label className="wf-settings-field">
        <span>{t('profile.operation')}</span>
        <input
          className="wf-input"
          value={fields.expectedOperationId}
          placeholder={t('profile.operationPlaceholder')}
          spellCheck={false}
          onChange={(e) => set({ expectedOperationId: e.target.value })}
          data-testid="profile-expectedOperationId"
        />
      </label>
      <label className="wf-settings-field">
        <span>{t('profile.token')}</span>
        <input
          className="wf-input"
          type="password"
          autoComplete="off"
          value={fields.token}
          placeholder={profile?.hasToken ? t('profile.tokenKept') : t('profile.tokenNew')}
          onChange={(e) => set({ token: e.target.value })}
          data-testid="profile-token"
        />
      </label>
      <p className="wf-settings-hint">
        {sessionOnly
          ? t('profile.tokenSessionOnly', { backend: view.secretStore.backend })
          : t('profile.tokenEncrypted', { backend: view.secretStore.backend })}
      </p>
      {fileField(t('profile.caFile'), 'caFile', 'ca', t('profile.caFileHint'))}
      <fieldset className="wf-settings-group">
        <legend>{t('profile.clientCertificate')}</legend>
        {fileField(
          t('profile.clientCertFile'),
          'clientCertFile',
          'clientCert',
          t('profile.clientCertFileHint'),
        )}
        {fileField(
          t('profile.clientKeyFile'),
          'clientKeyFile',
          'clientKey',
          profile?.hasClientKey ? t('profile.clientKeyKept') : t('profile.clientKeyHint'),
        )}
        {profile?.clientCertFile && (
          <label className="wf-settings-check">
            <input
              type="checkbox"
              checked={fields.removeClientCertificate}
              onChange={(e) => set({ removeClientCertificate: e.target.checked })}
            />
            {t('profile.removeClientCertificate')}
          </label>
        )}
      </fieldset>
      <fieldset className="wf-settings-group">
        <legend>{t('profile.tak')}</legend>
        <label className="wf-settings-field">
          <span>{t('profile.takServer')}</span>
          <input
            className="wf-input"
            value={fields.takServer}
            placeholder={t('profile.takServerHint')}
            spellCheck={false}
            onChange={(e) => set({ takServer: e.target.value })}
            data-testid="profile-takServer"
          />
        </label>
        {fileField(t('profile.caFile'), 'takCaFile', 'ca', t('profile.caFileHint'))}
        {fileField(t('profile.clientCertFile'), 'takCertFile', 'clientCert', t('profile.clientCertFileHint'))}
        {fileField(t('profile.clientKeyFile'), 'takKeyFile', 'clientKey', t('profile.takKeyHint'))}
      </fieldset>
      {error && (
        <p className="wf-field-error" role="alert" data-testid="profile-error">
          {error}
        </p>
      )}
      {trial && (
        <p
          className={trial.ok ? 'wf-settings-ok' : 'wf-field-error'}
          role="status"
          data-testid="profile-trial"
        >
          {describeCoreMessage(trial.message)}
        </p>
      )}
      {busy && <p className="wf-settings-hint">{busy}</p>}
      <div className="wf-settings-actions">
        <button
          type="button"
          className="wf-button"
          disabled={busy !== null}
          onClick={() => void tryIt()}
          data-testid="profile-try"
        >
          {t('profile.try')}
        </button>
        <span className="wf-settings-spacer" />
        <button type="button" className="wf-button wf-button-quiet" onClick={onDone}>
          {t('profile.cancel')}
        </button>
        <button
          type="button"
          className="wf-button"
          disabled={busy !== null}
          onClick={() => void save(false)}
          data-testid="profile-save"
        >
          {t('profile.save')}
        </button>
        <button
          type="submit"
          className="wf-button wf-button-primary"
          disabled={busy !== null}
          data-testid="profile-save-connect"
        >
          {t('profile.saveAndConnect')}
        </button>
      </div>
    </form>
  );
}
