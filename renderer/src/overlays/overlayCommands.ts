import type { Command } from '../commands/commands';
import { t } from '../i18n/i18n';
import { openOverlay } from './overlayStore';

/** The overlays' commands for the palette and the menus. */
export function overlayCommands(): Command[] {
  return [
    {
      id: 'overlay.open',
      get label() {
        return t('map:overlays.open');
      },
      run: () => void openOverlay(),
    },
  ];
}
