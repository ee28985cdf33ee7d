import { i18n } from '../i18n/i18n';
import { ui } from '../store/uiStore';

/** Copies the diagnostics text; shows it as well, for a host whose clipboard is out of reach. */
export async function copyDiagnostics(): Promise<string | null> {
  const outcome = await ui.call('diagnostics:get', {});
  if (!outcome.ok) {
    ui.set({ notice: outcome.error });
    return null;
  }
  try {
    await navigator.clipboard.writeText(outcome.value.text);
    ui.set({ notice: i18n.t('settings:about.copied') });
  } catch {
    ui.set({ notice: i18n.t('settings:about.clipboardOutOfReach') });
  }
  return outcome.value.text;
}
