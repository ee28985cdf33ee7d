import { useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useDialogFocus } from './dialogFocus';

/**
 * A question asked before a single key changes what the whole operation sees (`a` acknowledges,
 * `b` shares a bookmark). Asking, rather than holding the command back for an undo: the command
 * leaves at once when confirmed, so other workstations are never kept waiting on a P1 the officer
 * meant to acknowledge, and nothing has to be taken back out of the outbox.
 */
export interface Question {
  /** What will happen, in words. */
  text: string;
  /** The confirm button's label (the verb). */
  confirm: string;
  run(): void;
}

let question: Question | null = null;
const listeners = new Set<() => void>();

function setQuestion(next: Question | null): void {
  question = next;
  for (const listener of listeners) listener();
}

/** Asks before running; a second question replaces the first. */
export function askFirst(next: Question): void {
  setQuestion(next);
}

/** The question on screen, if any (for tests and the key handler). */
export function currentQuestion(): Question | null {
  return question;
}

/** Answers the question: runs it when confirmed; either way it goes away. */
export function answer(confirmed: boolean): void {
  const asked = question;
  setQuestion(null);
  if (confirmed) asked?.run();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The small confirm: Enter (on the focused confirm button) runs it, Esc or Cancel does not. */
export function ConfirmPrompt() {
  const { t } = useTranslation('commands');
  const asked = useSyncExternalStore(subscribe, () => question);
  const box = useRef<HTMLDivElement>(null);
  useDialogFocus(box, asked !== null);
  if (!asked) return null;
  return (
    <div className="palette-backdrop" onClick={() => answer(false)}>
      <div
        ref={box}
        className="wf-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-label={t('confirm.title')}
        aria-describedby="wf-confirm-text"
        data-testid="confirm-prompt"
        tabIndex={-1}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            answer(false);
          }
        }}
      >
        <p id="wf-confirm-text">{asked.text}</p>
        <p className="wf-muted-text">{t('confirm.hint')}</p>
        <div className="wf-confirm-actions">
          <button
            type="button"
            className="wf-button wf-button-primary"
            data-autofocus
            data-testid="confirm-yes"
            onClick={() => answer(true)}
          >
            {asked.confirm}
          </button>
          <button type="button" className="wf-button" data-testid="confirm-no" onClick={() => answer(false)}>
            {t('confirm.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
