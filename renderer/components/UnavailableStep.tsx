import { STEP_NOTES } from '../wizard/step-notes.js';

/** The honest empty state of a step whose engine capability is not built yet: what it will show, nothing faked. */
export function UnavailableStep({ step }: { readonly step: keyof typeof STEP_NOTES }) {
  return (
    <div className="empty-state" data-testid="step-unavailable">
      <p className="empty-title">Not available in this build yet</p>
      <p>
        <strong>This step will show: </strong>
        {STEP_NOTES[step]}
      </p>
      <p className="muted">No results are shown because none have been produced; nothing was run on any host.</p>
    </div>
  );
}
