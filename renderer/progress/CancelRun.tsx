// The running step's Cancel button: asks the engine to stop the run at its next safe point, and says what it waits for.
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunProgressView } from '../store/progress-runs.js';
import { useAppStore } from '../store/store-context.js';
import { canCancel, cancelLine } from './cancel-state.js';

/**
 * Cancel for one running run. Once pressed the button stays focusable but inert (aria-disabled, not disabled:
 * a disabled button would drop the keyboard focus to the page), and a polite live region says what the run
 * finishes first ("Cancelling: finishing ct-2's write first").
 */
export function CancelRun({ run }: { readonly run: RunProgressView }) {
  const { request, cancelRun } = useAppStore(
    useShallow((state) => ({ request: state.cancelRequests[run.runId], cancelRun: state.cancelRun })),
  );
  const statusId = useId();
  const enabled = canCancel(true, request);
  const line = cancelLine(run, request);
  const pressed = request !== undefined && request.state !== 'failed';
  return (
    <div className="run-cancel" data-testid="run-cancel">
      <button
        type="button"
        className="secondary"
        aria-disabled={!enabled}
        aria-describedby={statusId}
        data-testid="run-cancel-button"
        onClick={() => {
          if (enabled) void cancelRun(run.runId);
        }}
      >
        {pressed ? 'Cancelling…' : 'Cancel'}
      </button>{' '}
      <span id={statusId} role="status" aria-live="polite" className="small" data-testid="run-cancel-status">
        {line ?? 'Stops at the next safe point: never in the middle of a write.'}
      </span>
    </div>
  );
}
