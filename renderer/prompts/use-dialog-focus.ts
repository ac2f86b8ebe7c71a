import type { RefObject } from 'react';
import { useEffect, useRef } from 'react';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog's keyboard contract (WAI-ARIA dialog pattern): it takes focus when it opens (its first
 * field or button), Tab and Shift+Tab stay inside it, Escape calls `onEscape`, and focus goes back to
 * where it was when the dialog closes.
 */
export function useDialogFocus(dialog: RefObject<HTMLElement | null>, key: string, onEscape: () => void): void {
  const escape = useRef(onEscape);
  escape.current = onEscape;
  // One focus move per prompt: `key` (the prompt id) changes when another question replaces this one.
  useEffect(() => {
    const root = dialog.current;
    if (root === null) return undefined;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const focusables = (): HTMLElement[] => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
    (focusables()[0] ?? root).focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        escape.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusables();
      const first = items[0];
      const last = items.at(-1);
      if (first === undefined || last === undefined) return;
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !root.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !root.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (before?.isConnected === true) before.focus();
      // Where it was cannot take the focus any more (disabled, gone): the step's heading, never <body>.
      if (before === undefined || document.activeElement !== before) document.getElementById('step-title')?.focus();
    };
  }, [dialog, key]);
}
