import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { describeSteps } from '../../shared/plan/steps.js';

/** What Apply will do, instance by instance: the files it writes and whether the service is stopped and started. */
export function ApplyPreview({ plan }: { readonly plan: PlanDocument }) {
  return (
    <table className="grid" data-testid="apply-preview">
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col">Will change</th>
          <th scope="col">Service</th>
        </tr>
      </thead>
      <tbody>
        {plan.instances.map((instance) => (
          <tr key={instance.name}>
            <td>
              {instance.name}
              {instance.name === plan.referenceInstance && <span className="badge">reference</span>}
            </td>
            <td>
              {instance.status === 'error' ? (
                <span className="warn-text">nothing: not planned ({instance.error ?? 'could not be read'})</span>
              ) : instance.changes.length === 0 ? (
                <span className="muted">nothing</span>
              ) : (
                instance.changes.map((change) => (
                  <div key={change.path}>
                    <code>{change.path}</code>{' '}
                    <span className="muted">
                      {change.kind}, requirements {describeSteps(change.requirements)}
                    </span>
                  </div>
                ))
              )}
              {instance.refusals.length > 0 && <div className="small muted">{instance.refusals.length} item(s) left for manual steps</div>}
            </td>
            <td>
              {instance.changes.some((change) => change.restart) ? (
                <span className="badge badge-warn">stopped and started</span>
              ) : (
                <span className="muted">not touched</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
