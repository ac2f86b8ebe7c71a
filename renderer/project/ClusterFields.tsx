import type { AlertsMode } from '../../shared/project/schema.js';
import { AlertsModeSchema } from '../../shared/project/schema.js';
import { useAppStore } from '../store/store-context.js';
import { FieldIssue } from './FieldIssue.js';
import { invalidProps, issueAt } from './issue-lookup.js';
import { pick } from './options.js';

const ALERTS_TEXT: Record<AlertsMode, string> = {
  balancer: 'to the Balancer (required)',
  siem: 'to a SIEM (checked to be identical)',
  'not-required': 'not required (only reported)',
};

/** Cluster-wide settings: name, REQ rule name, the reference instance the others are compared with, and where alerts go. */
export function ClusterFields() {
  const draft = useAppStore((state) => state.draft);
  const issues = useAppStore((state) => state.issues);
  const updateName = useAppStore((state) => state.updateName);
  const updateReqRule = useAppStore((state) => state.updateReqRule);
  const updateAlerts = useAppStore((state) => state.updateAlerts);
  const setReference = useAppStore((state) => state.setReference);
  if (draft === undefined) return null;
  const names = draft.instances.map((instance) => instance.name);
  const nameIssue = issueAt(issues, 'name');
  const ruleIssue = issueAt(issues, 'reqRuleName');
  const referenceIssue = issueAt(issues, 'referenceInstance');
  const alertsIssue = issueAt(issues, 'alerts');
  return (
    <fieldset className="cluster-fields">
      <legend>Cluster</legend>
      <label className="field">
        <span className="field-label">Cluster name</span>
        <input
          data-testid="project-name"
          value={draft.name}
          onChange={(event) => updateName(event.target.value)}
          {...invalidProps(nameIssue, 'project-name-issue')}
        />
        <FieldIssue id="project-name-issue" message={nameIssue} />
      </label>
      <label className="field">
        <span className="field-label">REQ rule name (Balancer request id, same on every instance)</span>
        <input
          data-testid="req-rule"
          value={draft.reqRuleName}
          spellCheck={false}
          onChange={(event) => updateReqRule(event.target.value)}
          {...invalidProps(ruleIssue, 'req-rule-issue')}
        />
        <FieldIssue id="req-rule-issue" message={ruleIssue} />
      </label>
      <label className="field">
        <span className="field-label">Reference instance (the others are made to match it)</span>
        <select
          data-testid="reference-instance"
          value={draft.referenceInstance}
          onChange={(event) => setReference(event.target.value)}
          {...invalidProps(referenceIssue, 'reference-instance-issue')}
        >
          {/* Keep a dangling value visible rather than silently showing another instance as selected. */}
          {!names.includes(draft.referenceInstance) && <option value={draft.referenceInstance}>(none)</option>}
          {[...new Set(names)].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <FieldIssue id="reference-instance-issue" message={referenceIssue} />
      </label>
      <label className="field">
        <span className="field-label">Service alerts go</span>
        <select
          data-testid="project-alerts"
          value={draft.alerts ?? ''}
          onChange={(event) => updateAlerts(pick(AlertsModeSchema.options, event.target.value))}
          {...invalidProps(alertsIssue, 'project-alerts-issue')}
        >
          <option value="">not set (only reported)</option>
          {AlertsModeSchema.options.map((mode) => (
            <option key={mode} value={mode}>
              {ALERTS_TEXT[mode]}
            </option>
          ))}
        </select>
        <FieldIssue id="project-alerts-issue" message={alertsIssue} />
      </label>
    </fieldset>
  );
}
