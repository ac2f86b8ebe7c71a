// One instance's row of a run: name, step, bar, elapsed time, state, serving (apply), transcript on demand.
import { memo, useState } from 'react';
import type { InstanceProgress } from '../store/progress-runs.js';
import { instancePhase, servingOf } from './instance-phase.js';
import { formatElapsed, stateWord, stepLabel } from './progress-labels.js';
import { TranscriptLines } from './TranscriptLines.js';

/** What a row needs; `now` is given only while the instance runs, so finished rows keep their props and are not re-rendered. */
export type InstanceProgressRowProps = Readonly<{
  instance: InstanceProgress;
  applying: boolean;
  now: number | undefined;
  index: number;
}>;

/** One instance's progress, memoised: an event on another instance does not re-render it. */
export const InstanceProgressRow = memo(function InstanceProgressRow({ instance, applying, now, index }: InstanceProgressRowProps) {
  const [open, setOpen] = useState(false);
  const { value, max } = instancePhase(instance, applying);
  const started = Date.parse(instance.startedAt);
  const until = now ?? Date.parse(instance.updatedAt);
  const elapsed = Number.isNaN(started) || Number.isNaN(until) ? 0 : until - started;
  const serving = applying ? servingOf(instance) : undefined;
  const detail = instance.detail === undefined ? '' : `: ${instance.detail}`;
  return (
    <li
      className={`progress-row progress-${instance.state}${serving === undefined ? '' : ' progress-row-serving'}`}
      data-testid={`progress-row-${index}`}
      data-state={instance.state}
      data-step={instance.step}
    >
      <span className="progress-name" title={instance.instance}>
        {instance.instance}
      </span>
      <span className="progress-step" data-testid={`progress-step-${index}`} title={`${stepLabel(instance.step)}${detail}`}>
        {stepLabel(instance.step)}
        <span className="muted">{detail}</span>
      </span>
      <span className="progress-bar-cell">
        <span
          className="progress-bar"
          role="progressbar"
          aria-label={`${instance.instance}: steps finished`}
          aria-valuemin={0}
          aria-valuemax={max}
          aria-valuenow={value}
          aria-valuetext={`${value} of ${max} steps`}
        >
          {/* A class per 5 %: the CSP allows no style attributes. */}
          <span className={`progress-fill fill-${Math.round((value / max) * 20) * 5}`} />
        </span>
        <span className="progress-count small">
          {value}/{max}
        </span>
      </span>
      <span className="progress-elapsed" aria-label={`elapsed ${formatElapsed(elapsed)}`}>
        {formatElapsed(elapsed)}
      </span>
      <span
        className={`progress-state status ${instance.state === 'failed' ? 'status-fail' : instance.state === 'done' ? 'status-pass' : ''}`}
      >
        {stateWord(instance.state)}
      </span>
      {serving !== undefined && (
        <span className={`progress-serving serving-${serving}`} data-testid={`progress-serving-${index}`}>
          {serving === 'stopped' ? 'service stopped: not serving' : serving === 'serving' ? 'serving' : 'see the result'}
        </span>
      )}
      <details className="progress-details" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Transcript ({instance.operations})</summary>
        {/* Rendered only when opened: 100 rows of 200 lines each would be most of the page's work. */}
        {open && <TranscriptLines instance={instance.instance} lines={instance.transcript} operations={instance.operations} />}
      </details>
    </li>
  );
});
