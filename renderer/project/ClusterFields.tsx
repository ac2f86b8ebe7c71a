import { useAppStore } from '../store/store-context.js';
import { invalidProps, issueAt } from './issue-lookup.js';

/** Cluster-wide settings: name, REQ rule name and the reference instance the others are compared with. */
export function ClusterFields() {
  const draft = useAppStore((state) => state.draft);
  const issues = useAppStore((state) => state.issues);
  const updateName = useAppStore((state) => state.updateName);
  const updateReqRule = useAppStore((state) => state.updateReqRule);
  const setReference = useAppStore((state) => state.setReference);
  if (draft === undefined) return null;
  const names = draft.instances.map((instance) => instance.name);
  return (
    <fieldset className="cluster-fields">
      <legend>Cluster</legend>
      <label className="field">
        <span className="field-label">Cluster name</span>
        <input
          data-testid="project-name"
          value={draft.name}
          onChange={(event) => updateName(event.target.value)}
          {...invalidProps(issueAt(issues, 'name'))}
        />
      </label>
      <label className="field">
        <span className="field-label">REQ rule name (Balancer request id, same on every instance)</span>
        <input
          data-testid="req-rule"
          value={draft.reqRuleName}
          spellCheck={false}
          onChange={(event) => updateReqRule(event.target.value)}
          {...invalidProps(issueAt(issues, 'reqRuleName'))}
        />
      </label>
      <label className="field">
        <span className="field-label">Reference instance (the others are made to match it)</span>
        <select
          data-testid="reference-instance"
          value={draft.referenceInstance}
          onChange={(event) => setReference(event.target.value)}
          {...invalidProps(issueAt(issues, 'referenceInstance'))}
        >
          {/* Keep a dangling value visible rather than silently showing another instance as selected. */}
          {!names.includes(draft.referenceInstance) && <option value={draft.referenceInstance}>(none)</option>}
          {[...new Set(names)].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
