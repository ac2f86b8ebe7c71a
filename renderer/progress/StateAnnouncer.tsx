// The live region of a run's progress: says politely which instances changed state, never every tick or step.
import { useEffect, useRef, useState } from 'react';
import type { RunProgressView } from '../store/progress-runs.js';
import type { StateMap } from './state-changes.js';
import { stateChanges, statesOf } from './state-changes.js';

/** A polite live region saying only which instances changed state (not every tick or step). */
export function StateAnnouncer({ run }: { readonly run: RunProgressView }) {
  const seen = useRef<{ runId: string; states: StateMap }>({ runId: run.runId, states: statesOf(run) });
  const [message, setMessage] = useState('');
  useEffect(() => {
    const states = statesOf(run);
    // A different run starts from what it is now: its history is not news.
    const text = seen.current.runId === run.runId ? stateChanges(seen.current.states, states) : '';
    seen.current = { runId: run.runId, states };
    if (text !== '') setMessage(text);
  }, [run]);
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="progress-announcer">
      {message}
    </p>
  );
}
