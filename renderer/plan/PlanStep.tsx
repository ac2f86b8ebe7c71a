import { useShallow } from 'zustand/react/shallow';
import { REQUIREMENT_IDS, REQUIREMENT_TITLES } from '../../shared/requirements/ids.js';
import { useAppStore } from '../store/store-context.js';
import { StepProgress } from '../progress/StepProgress.js';
import { stepLabel } from '../wizard/steps.js';
import { BalancerChangesView } from './BalancerChangesView.js';
import { DiffGroupView } from './DiffGroupView.js';
import { PlanInstances } from './PlanInstances.js';
import { planSummary, unchangedInstances } from './plan-view.js';
import { RunButton } from '../components/RunButton.js';

/** The plan: choose requirements, create it, then review the grouped diffs and what is left to do by hand. */
export function PlanStep() {
  const { status, plan, planPath, chosen, toggle, create, goTo, hasBalancerHost, replaceStale, setReplaceStale } = useAppStore(
    useShallow((state) => ({
      status: state.planStatus,
      plan: state.plan,
      planPath: state.planPath,
      chosen: state.planRequirements,
      toggle: state.togglePlanRequirement,
      create: state.createPlan,
      goTo: state.goTo,
      hasBalancerHost: state.draft?.balancer !== undefined,
      replaceStale: state.planReplaceStaleBalancerCerts,
      setReplaceStale: state.setPlanReplaceStaleBalancerCerts,
    })),
  );
  const unchanged = plan === undefined ? [] : unchangedInstances(plan);
  return (
    <div className="plan">
      <p>
        Reads every instance again and computes the exact new bytes of each file that must change to match the reference. Nothing is
        written: the plan is saved beside the project for you to review here and for Apply to write exactly.
      </p>
      <fieldset className="requirement-choice">
        <legend>Requirements to plan</legend>
        {REQUIREMENT_IDS.map((id) => (
          <label key={id} className="check" title={REQUIREMENT_TITLES[id]}>
            <input
              type="checkbox"
              data-testid={`plan-req-${id}`}
              checked={chosen.includes(id)}
              onChange={(event) => toggle(id, event.target.checked)}
            />{' '}
            {stepLabel(id)}
          </label>
        ))}
      </fieldset>
      {hasBalancerHost && (
        <label className="check" data-testid="plan-replace-stale-certs-label">
          <input
            type="checkbox"
            data-testid="plan-replace-stale-certs"
            checked={replaceStale}
            onChange={(event) => setReplaceStale(event.target.checked)}
          />{' '}
          Also replace Balancer&apos;s stale stored instance certificates (this changes which certificate Balancer trusts for each instance;
          REFERENCE 3.6)
        </label>
      )}
      <div className="actions">
        <RunButton testId="plan-create" unavailable={status === 'running' || chosen.length === 0} onRun={() => void create()}>
          {status === 'running' ? 'Planning…' : 'Create plan'}
        </RunButton>
        {status === 'running' && <span className="muted">Reading every instance… answer any prompt that appears.</span>}
      </div>
      <StepProgress owner="plan" />
      {plan === undefined ? (
        status !== 'running' && (
          <div className="empty-state" data-testid="plan-empty">
            <p className="empty-title">{status === 'failed' ? 'No plan: the last attempt failed' : 'No plan yet'}</p>
            <p className="muted">{status === 'failed' ? 'The reason is shown above.' : 'Create a plan to see the diffs.'}</p>
          </div>
        )
      ) : (
        <>
          <div className="verdict" data-testid="plan-summary" data-changes={plan.summary.changes}>
            <div className="verdict-line">{planSummary(plan)}</div>
            <div className="small">
              {planPath === undefined ? (
                'The plan was not saved, so it cannot be applied.'
              ) : (
                <>
                  Saved to <code data-testid="plan-path">{planPath}</code>
                </>
              )}
              ; created {plan.createdAt} against reference {plan.referenceInstance}.
            </div>
          </div>
          {plan.groups.map((group, index) => (
            <DiffGroupView key={index} plan={plan} group={group} index={index} />
          ))}
          <BalancerChangesView balancer={plan.balancer} />
          {unchanged.length > 0 && (
            <p className="small" data-testid="plan-unchanged">
              No change needed on: {unchanged.join(', ')}.
            </p>
          )}
          <h2 className="section-title">Manual steps and instances not planned</h2>
          <PlanInstances plan={plan} />
          {(plan.summary.changes > 0 || (plan.summary.balancerChanges ?? 0) > 0) && planPath !== undefined && (
            <div className="actions">
              <button type="button" className="primary" data-testid="plan-to-apply" onClick={() => goTo('apply')}>
                Review and apply…
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
