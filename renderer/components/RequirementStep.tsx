import type { RequirementId } from '../../shared/requirements/ids.js';
import { useAppStore } from '../store/store-context.js';
import { REQUIREMENT_NOTES } from '../wizard/step-notes.js';

/** One requirement across every instance, side by side; until the audit exists each cell says so. */
export function RequirementStep({ requirement }: { readonly requirement: RequirementId }) {
  const draft = useAppStore((state) => state.draft);
  if (draft === undefined) return null;
  return (
    <div className="requirement" data-testid="requirement-view">
      <p>
        <strong>What is compared: </strong>
        {REQUIREMENT_NOTES[requirement]}
        {requirement === 'req6' && <> Rule name in this project: <code>{draft.reqRuleName}</code>.</>}
      </p>
      <div className="table-scroll">
        <table className="grid side-by-side">
          <thead>
            <tr>
              <th scope="row">Instance</th>
              {draft.instances.map((instance, index) => (
                <th key={index} scope="col" data-testid={`column-${index}`}>
                  {instance.name}
                  {instance.name === draft.referenceInstance && <span className="badge">reference</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Host</th>
              {draft.instances.map((instance, index) => (
                <td key={index}>{instance.host === '' ? '—' : `${instance.host}:${instance.port} (${instance.os})`}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Finding</th>
              {draft.instances.map((_, index) => (
                <td key={index} className="muted">not audited</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="empty-note" data-testid="step-unavailable">
        The audit is not available in this build yet. When it is, each column shows what the instance has and
        whether it matches the reference: match, drift, unknown, attested or waived.
      </p>
    </div>
  );
}
