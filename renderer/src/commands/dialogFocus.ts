import { useEffect, useRef, type RefObject } from 'react';

/** What Tab can reach inside a dialog. */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Where Tab (or Shift+Tab) goes among `count` focusable elements from `current` (-1: focus is
 * outside them): round from the last to the first and back, so focus never leaves the dialog.
 */
export function nextTrappedIndex(count: number, current: number, backwards: boolean): number {
  if (count === 0) return -1;
  if (current < 0) return backwards ? count - 1 : 0;
  return (current + (backwards ? count - 1 : 1)) % count;
}

/**
 * A modal dialog's focus: taken when it opens (the element marked `data-autofocus`, else the
 * first that can take it), kept inside while Tab is pressed, given back to where it was when the
 * dialog closes. Esc is the dialog's own (it knows what closing means).
 */
export function useDialogFocus(dialog: RefObject<HTMLElement | null>, open: boolean): void {
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
    const element = dialog.current;
    const first =
      element?.querySelector<HTMLElement>('[data-autofocus]') ??
      element?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? element)?.focus();
    const onKey = (event: KeyboardEvent): void => {
      const root = dialog.current;
      if (event.key !== 'Tab' || !root) return;
      const focusables = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (e) => e.offsetParent !== null || e === document.activeElement,
      );
      const current = focusables.indexOf(document.activeElement as HTMLElement);
      const next = focusables[nextTrappedIndex(focusables.length, current, event.shiftKey)];
      event.preventDefault();
      (next ?? root).focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      // Back where the officer was, if that is still on the page, unless what the dialog ran put
      // focus somewhere on purpose (the palette's "search the feed" focuses the search).
      const now = document.activeElement;
      const lost = now === null || now === document.body || (element?.contains(now) ?? false);
      if (lost && returnTo.current?.isConnected) returnTo.current.focus();
      returnTo.current = null;
    };
  }, [dialog, open]);
}
