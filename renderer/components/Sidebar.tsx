import { useShallow } from 'zustand/react/shallow';
import { ForgetCredentials } from '../prompts/ForgetCredentials.js';
import { clockTime } from '../session/restored-marks.js';
import { StartOver } from '../session/StartOver.js';
import { useAppStore } from '../store/store-context.js';
import type { StepId } from '../wizard/steps.js';
import { STEP_GROUPS, isRequirementStep, stepLabel, stepTitle } from '../wizard/steps.js';
import { requirementTally } from '../audit/audit-grid.js';

/** The dark step list: product name and version, the open project and when its session was saved, a button per step, Start over and Forget credentials. */
export function Sidebar() {
  const info = useAppStore((state) => state.info);
  const project = useAppStore(useShallow((state) => ({ name: state.draft?.name, dirty: state.dirty, open: state.draft !== undefined })));
  const steps = useAppStore((state) => state.steps);
  const savedAt = useAppStore((state) => state.sessionSavedAt);
  const saved = useAppStore((state) => state.path !== '');
  return (
    <nav className="sidebar" aria-label="Wizard steps">
      <div className="brand">
        <div className="brand-name">{info?.name ?? 'CyberTrace HA Wizard'}</div>
        <div className="brand-version" data-testid="app-version">
          {info === undefined ? 'connecting…' : `v${info.version} · ${info.frontEnd}`}
        </div>
      </div>
      <div className="sidebar-project">
        {project.open ? (
          <>
            <span className="sidebar-project-name">{project.name === '' ? 'Untitled cluster' : project.name}</span>
            {project.dirty && <span className="badge badge-warn">unsaved</span>}
            {savedAt !== undefined && (
              <span className="muted small" data-testid="session-saved" data-at={savedAt}>
                Place saved {clockTime(savedAt)}
              </span>
            )}
          </>
        ) : (
          <span className="muted">No project open</span>
        )}
      </div>
      {STEP_GROUPS.map((group) => (
        <StepGroup key={group.title} title={group.title} steps={steps.filter((step) => group.steps.includes(step))} />
      ))}
      <div className="sidebar-actions">
        {project.open && saved && <StartOver />}
        <ForgetCredentials />
      </div>
    </nav>
  );
}

function StepGroup({ title, steps }: { readonly title: string; readonly steps: readonly StepId[] }) {
  const current = useAppStore((state) => state.step);
  const goTo = useAppStore((state) => state.goTo);
  // Only a current audit of the file open now may label its requirement steps: after an apply, or restored from before
  // the window was closed (STALE until run again), the old tallies would mislead.
  const audit = useAppStore((state) =>
    state.auditPath === state.path && !state.auditStale && state.sessionRestored?.stamps.audit?.value !== state.auditReport
      ? state.auditReport
      : undefined,
  );
  return (
    <div className="step-group">
      <div className="step-group-title">{title}</div>
      <ol className="step-list">
        {steps.map((step) => (
          <li key={step}>
            <button
              type="button"
              className={step === current ? 'step-button current' : 'step-button'}
              aria-current={step === current ? 'step' : undefined}
              data-testid={`step-${step}`}
              title={stepTitle(step)}
              onClick={() => goTo(step)}
            >
              {stepLabel(step)}
              {audit !== undefined && isRequirementStep(step) && <Tally {...requirementTally(audit, step)} />}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Tally({ text, status }: { readonly text: string; readonly status: 'drift' | 'unknown' | 'match' }) {
  return <span className={`step-tally finding-${status}`}>{text}</span>;
}
