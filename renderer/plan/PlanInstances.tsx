import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { REQUIREMENT_TITLES } from '../../shared/requirements/ids.js';

/** Per instance, what the plan will not do: the instance could not be read, or a requirement needs manual steps (with the reason and what to do). */
export function PlanInstances({ plan }: { readonly plan: PlanDocument }) {
  const attention = plan.instances
    .map((instance, index) => ({ instance, index }))
    .filter(({ instance }) => instance.status === 'error' || instance.refusals.length > 0);
  if (attention.length === 0)
    return (
      <p className="small muted" data-testid="plan-no-refusals">
        No manual steps: every planned drift can be fixed by the tool.
      </p>
    );
  return (
    <div className="plan-refusals">
      {attention.map(({ instance, index }) => (
        <div key={instance.name} className="panel" data-testid={`plan-instance-${index}`}>
          <h3 className="group-title">{instance.name}</h3>
          {instance.status === 'error' && (
            <p className="warn-text" data-testid={`plan-error-${index}`}>
              Not planned: {instance.error ?? 'the instance could not be read'}
            </p>
          )}
          {instance.refusals.map((refusal) => (
            <div key={refusal.requirement} className="refusal" data-testid={`plan-refusal-${index}-${refusal.requirement}`}>
              <span className="status finding-unknown">MANUAL</span> <strong>{REQUIREMENT_TITLES[refusal.requirement]}</strong>
              <div className="small">{refusal.reason}</div>
              {refusal.manual !== undefined && <div className="small muted">By hand: {refusal.manual}</div>}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
