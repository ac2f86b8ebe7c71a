// What the wizard says while a cancelled run winds down: which instance's write it lets finish first.
import type { CancelRequest, RunProgressView } from '../store/progress-runs.js';

// An instance's steps from its write protection on (engine/steps/apply/apply-instance.ts): a cancel lets them end.
const WRITE_STEPS = new Set([
  'stop',
  'write',
  'start',
  'ready',
  'verify',
  'restore',
  'restart',
  'cleanup',
  'ready-after-rollback',
  'confirm-original',
]);

/** The instances of the run whose write, stop/start or rollback is under way now (a cancel waits for them), in run order. */
export function instancesFinishingWrites(run: RunProgressView): string[] {
  return run.order.filter((name) => {
    const instance = run.instances[name];
    return instance !== undefined && WRITE_STEPS.has(instance.step);
  });
}

/** The one line shown while the run winds down after Cancel, or undefined when no cancel is under way. */
export function cancelLine(run: RunProgressView, request: CancelRequest | undefined): string | undefined {
  if (request === undefined) return undefined;
  switch (request.state) {
    case 'sending':
      return 'Cancelling: asking the engine to stop…';
    case 'not-running':
      return 'The run had already ended: nothing to cancel.';
    case 'failed':
      return `Cancel failed: ${request.message}`;
    case 'accepted': {
      const finishing = instancesFinishingWrites(run);
      return finishing.length === 0
        ? "Cancelling: stopping before the hosts' next operation."
        : `Cancelling: finishing ${finishing.map((name) => `${name}'s`).join(', ')} write first.`;
    }
  }
}

/** Whether the Cancel button can be pressed: the run is running and no cancel of it was sent or accepted. */
export function canCancel(running: boolean, request: CancelRequest | undefined): boolean {
  return running && (request === undefined || request.state === 'failed');
}
