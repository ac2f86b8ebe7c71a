import type { PlannedBalancer } from '../../shared/plan/plan-document.js';
import { UnifiedDiff } from './UnifiedDiff.js';

const WHAT: Readonly<Record<PlannedBalancer['changes'][number]['kind'], string>> = {
  listing: 'Instance list',
  license: 'Licence key copied',
  'license-set-aside': 'Licence key set aside',
  'stored-cert': 'Stored instance certificate replaced',
};

/**
 * The plan's Balancer section (issue 14): where and in which order it is applied (after the instances:
 * stop Balancer, back up and copy, start it, check matching_port; REFERENCE 3.6), each change with its
 * reason and its diff or size-and-digest summary, and what was not planned (a stale stored certificate
 * without the explicit option).
 */
export function BalancerChangesView({ balancer }: { readonly balancer: PlannedBalancer | undefined }) {
  if (balancer === undefined) return null;
  const at = balancer.endpoint === null ? 'no matching_port known' : `${balancer.endpoint.host}:${balancer.endpoint.port}`;
  return (
    <section className="panel" data-testid="plan-balancer" data-changes={balancer.changes.length}>
      <h3 className="group-title">
        Balancer {balancer.host} <span className="muted small">{balancer.balancerDir}</span>
      </h3>
      {balancer.changes.length === 0 ? (
        <p className="small" data-testid="plan-balancer-none">
          Nothing to change on the Balancer.
        </p>
      ) : (
        <p className="small" data-testid="plan-balancer-order">
          Applied after every instance: Balancer is stopped, these {balancer.changes.length} file(s) are backed up and written, Balancer is
          started and must answer on {at}; any failure puts every file back and starts it again.
        </p>
      )}
      {balancer.allowedPaths.length > 0 && (
        <p className="small">Allowed outside the Balancer folder (project balancer.licenseDir): {balancer.allowedPaths.join(', ')}</p>
      )}
      {balancer.changes.map((change, index) => (
        <div key={change.path} className="change" data-testid={`plan-balancer-change-${index}`} data-kind={change.kind}>
          <div>
            <strong>{WHAT[change.kind]}</strong> <code>{change.relativePath}</code>
            {change.newPath === undefined ? null : (
              <>
                {' '}
                → <code>{change.newPath}</code>
              </>
            )}
            {change.from === undefined ? null : <span className="muted small"> from {change.from}</span>}
            {change.needsConfirmation && <span className="status tone-warn"> REVIEW</span>}
          </div>
          <div className="small">{change.reason}</div>
          {change.sensitive === undefined ? (
            <UnifiedDiff diff={change.unifiedDiff} testId={`plan-balancer-diff-${index}`} />
          ) : (
            <div className="small digest" data-testid={`plan-balancer-summary-${index}`}>
              {change.unifiedDiff}
            </div>
          )}
        </div>
      ))}
      {balancer.problems.length > 0 && (
        <div data-testid="plan-balancer-problems">
          <p className="small">Not planned on the Balancer:</p>
          <ul className="small">
            {balancer.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
