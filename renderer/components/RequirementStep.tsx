import { useShallow } from 'zustand/react/shallow';
import type { RequirementId } from '../../shared/requirements/ids.js';
import { REQUIREMENTS } from '../../shared/requirements/catalogue.js';
import { findingAt, groupOf, labelledGroups, referenceOffTarget } from '../audit/audit-grid.js';
import { FINDING_LABELS } from '../audit/finding-labels.js';
import { formatValue } from '../audit/format-value.js';
import { SpotCheckPanel } from '../spotcheck/SpotCheckPanel.js';
import { StatementsPanel } from '../statements/StatementsPanel.js';
import { reasonWithoutStatement } from '../statements/restate-audit.js';
import { useAppStore } from '../store/store-context.js';

const AUTOMATABLE: Readonly<Record<'yes' | 'partial' | 'no', string>> = {
  yes: 'Fixed by the tool',
  partial: 'Fixed in part by the tool; the rest is manual or attested',
  no: 'Not fixed by the tool',
};

/** One requirement in depth: what is compared and how it is fixed, then every instance's finding and observed value side by side. */
export function RequirementStep({ requirement }: { readonly requirement: RequirementId }) {
  const { draft, report, current, goTo } = useAppStore(
    useShallow((state) => ({ draft: state.draft, report: state.auditReport, current: state.auditPath === state.path, goTo: state.goTo })),
  );
  if (draft === undefined) return null;
  const spec = REQUIREMENTS[requirement];
  const audit = current ? report : undefined;
  const groups = audit === undefined ? [] : labelledGroups(audit, requirement);
  const offTarget = audit === undefined ? undefined : referenceOffTarget(audit, requirement);
  return (
    <div className="requirement" data-testid="requirement-view">
      <dl className="spec">
        <dt>What is compared</dt>
        <dd>
          {spec.comparison}
          {requirement === 'req6' && (
            <>
              {' '}
              Rule name in this project: <code>{draft.reqRuleName}</code>.
            </>
          )}
        </dd>
        <dt>Match when</dt>
        <dd>{spec.match}</dd>
        {spec.documentedValue !== undefined && (
          <>
            <dt>Documented value</dt>
            <dd>
              <code>{spec.documentedValue}</code>
            </dd>
          </>
        )}
        <dt>{AUTOMATABLE[spec.automatable]}</dt>
        <dd>
          {spec.fix}
          {spec.needsRestart === 'yes'
            ? ' (service stopped and started)'
            : spec.needsRestart === 'when-service-conf-changes'
              ? ' (service restarted when kl_feed_service.conf changes)'
              : ''}
        </dd>
      </dl>
      {offTarget !== undefined && <p className="warn-text">The reference itself is off the documented value: {offTarget}</p>}
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
              {draft.instances.map((instance, index) => {
                const finding = audit === undefined ? undefined : findingAt(audit, requirement, instance.name);
                if (finding === undefined)
                  return (
                    <td key={index} className="muted" data-testid={`requirement-finding-${index}`} data-status="not-audited">
                      not audited
                    </td>
                  );
                const group = groupOf(groups, instance.name);
                return (
                  <td key={index} data-testid={`requirement-finding-${index}`} data-status={finding.status}>
                    <span className={`status finding-${finding.status}`}>{FINDING_LABELS[finding.status]}</span>
                    {group !== undefined && <span className="group-tag">group {group.label}</span>}
                    {/* The statement is shown on its own line below, so the tool's reason is shown without it. */}
                    <div className="small">{reasonWithoutStatement(finding)}</div>
                    {finding.attestation !== undefined && (
                      <div className="small">
                        Attested by {finding.attestation.engineer}: {finding.attestation.note}
                      </div>
                    )}
                    {finding.waiver !== undefined && (
                      <div className="small">
                        Waived by {finding.waiver.engineer}: {finding.waiver.justification}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
            {audit !== undefined && (
              <tr>
                <th scope="row">Observed</th>
                {draft.instances.map((instance, index) => {
                  const finding = findingAt(audit, requirement, instance.name);
                  return (
                    <td key={index}>
                      {finding === undefined ? '—' : <pre className="value">{formatValue(finding.observed)}</pre>}
                      {finding?.evidence.map((file) => (
                        <div key={file.path} className="small muted">
                          <code>{file.path}</code> sha256 {file.sha256}
                        </div>
                      ))}
                    </td>
                  );
                })}
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {audit === undefined && (
        <p className="empty-note" data-testid="requirement-not-audited">
          Not audited yet{report !== undefined && !current ? ' (the last audit is of another project file)' : ''}.{' '}
          <button type="button" className="link-button" onClick={() => goTo('audit')}>
            Run the audit
          </button>{' '}
          to see what each instance has.
        </p>
      )}
      {requirement === 'req3' && <SpotCheckPanel />}
      <StatementsPanel requirement={requirement} />
      <details className="manual">
        <summary>By hand (when the tool cannot or may not fix it)</summary>
        <p>
          <strong>4.x:</strong> {spec.manual['4.x']}
        </p>
        <p>
          <strong>5.x:</strong> {spec.manual['5.x']}
        </p>
      </details>
    </div>
  );
}
