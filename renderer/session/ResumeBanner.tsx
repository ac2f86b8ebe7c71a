import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import { clockTime, markSentence, restoredMarks, STALE_RULE } from './restored-marks.js';
import { RESULT_KEYS, resultOfStep, resultValue } from './session-results.js';
import { StartOver } from './StartOver.js';

/**
 * Above every step: what was resumed from the session file and when, the current step's restored result marked by
 * its time (and STALE where the hosts may have changed), or why the file cannot be resumed; Start over beside it.
 */
export function ResumeBanner() {
  const { restored, problem, saveError, step } = useAppStore(
    useShallow((state) => ({
      restored: state.sessionRestored,
      problem: state.sessionProblem,
      saveError: state.sessionSaveError,
      step: state.step,
    })),
  );
  // The results' identities (stable between renders): a run in this window replaces its restored result, and its mark goes.
  const values = useAppStore(useShallow((state) => RESULT_KEYS.map((key) => resultValue(state, key))));
  const marks = restoredMarks((key) => values[RESULT_KEYS.indexOf(key)], restored);
  if (problem !== undefined)
    return (
      <div className="notice notice-error" role="alert" data-testid="session-problem">
        <span>{problem}. Nothing is saved over it until you start over, which removes it and clears the results on screen.</span>
        <StartOver testId="session-start-over" />
      </div>
    );
  const current = marks.find((mark) => mark.key === resultOfStep(step));
  return (
    <>
      {saveError !== undefined && (
        <div className="notice notice-error" role="alert" data-testid="session-save-error">
          {saveError}
        </div>
      )}
      {restored !== undefined && (marks.length > 0 || restored.notes.length > 0) && (
        <div className="notice notice-info" role="status" data-testid="session-resumed">
          <div>
            <strong>Resumed the session saved at {clockTime(restored.savedAt)}.</strong>{' '}
            {current !== undefined && (
              <span data-testid="session-mark-current" data-result={current.key} data-stale={String(current.stale)}>
                {markSentence(current)}
              </span>
            )}
            <details>
              <summary>Restored results</summary>
              <p className="small">{STALE_RULE}</p>
              <ul className="small">
                {marks.map((mark) => (
                  <li key={mark.key} data-testid={`session-mark-${mark.key}`} data-at={mark.at} data-stale={String(mark.stale)}>
                    {mark.label} from {mark.clock}
                    {mark.stale ? ': STALE' : ''}
                  </li>
                ))}
                {restored.notes.map((note) => (
                  <li key={note} data-testid="session-note">
                    {note}
                  </li>
                ))}
              </ul>
            </details>
          </div>
          <StartOver testId="session-start-over" />
        </div>
      )}
    </>
  );
}
