// A step's run button that keeps the keyboard focus while it cannot be pressed.
import type { ReactNode } from 'react';

/** Props of RunButton. */
export interface RunButtonProps {
  readonly testId: string;
  /** True while it cannot be pressed (its run goes on, nothing chosen, not confirmed). */
  readonly unavailable: boolean;
  readonly onRun: () => void;
  readonly className?: string;
  readonly children: ReactNode;
}

/**
 * A run button marked unavailable with aria-disabled rather than disabled: a focused button that becomes
 * disabled drops the focus to <body> (a keyboard or screen-reader user loses their place when a run starts
 * or ends); this one keeps the focus, is announced as unavailable, and ignores presses until it is available.
 */
export function RunButton({ testId, unavailable, onRun, className = 'primary', children }: RunButtonProps) {
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      aria-disabled={unavailable}
      onClick={() => {
        if (!unavailable) onRun();
      }}
    >
      {children}
    </button>
  );
}
