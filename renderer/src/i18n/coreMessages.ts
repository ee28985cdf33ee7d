import { spokenParams, type CoreMessage } from '../../../shared/coreMessage';
import { i18n } from './i18n';

/**
 * A message of the core or a host (shared/coreMessage.ts) in the officer's language: the `core`
 * namespace's sentence for its code, with its values as sent; the English text the core wrote for
 * a code this renderer does not know (a newer core). A plain string (an older core) is shown as it is.
 */
export function describeCoreMessage(message: CoreMessage | string): string;
export function describeCoreMessage(message: CoreMessage | string | null): string | null;
export function describeCoreMessage(message: CoreMessage | string | null): string | null {
  if (message === null) return null;
  if (typeof message === 'string') return message;
  // The values under `replace`: one named like an option of i18next (count, lng) is a value all the same.
  return i18n.t(`core:message.${message.code}`, {
    replace: spokenParams(message.params, describeCoreMessage),
    defaultValue: message.text,
  });
}
