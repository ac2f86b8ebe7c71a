import type { AuditReport } from '../../shared/contract/ops/audit.js';

type BalancerReport = AuditReport['balancer'];

const PORT_STATE_LABELS: Readonly<Record<BalancerReport['portChecks'][number]['state'], string>> = {
  match: 'MATCH',
  mismatch: 'MISMATCH',
  'not-listed': 'NOT LISTED',
  unknown: 'UNKNOWN',
};

const PORT_STATE_CLASS: Readonly<Record<BalancerReport['portChecks'][number]['state'], string>> = {
  match: 'finding-match',
  mismatch: 'finding-drift',
  'not-listed': 'finding-drift',
  unknown: 'finding-unknown',
};

/** What the audit read from kl_balancer.conf: where from, the alert target, and each instance's input port against Balancer's. */
export function BalancerChecks({ balancer }: { readonly balancer: BalancerReport }) {
  if (balancer.source === undefined && balancer.facts === undefined && balancer.error === undefined && balancer.portChecks.length === 0) {
    return <p className="muted" data-testid="audit-balancer">No Balancer was read: the project names none and no kl_balancer.conf was given. The alerts item stays unknown.</p>;
  }
  return (
    <div data-testid="audit-balancer">
      <p className="small">
        {balancer.source !== undefined && <>Read from <code>{balancer.source}</code>. </>}
        Alert target: {balancer.alertTarget.value === undefined ? <span className="muted">unknown</span> : <code>{`${balancer.alertTarget.value.host}:${balancer.alertTarget.value.cybertracePort}`}</code>}
        <span className="muted"> ({balancer.alertTarget.evidence})</span>
      </p>
      {balancer.error !== undefined && <p className="warn-text">Could not read kl_balancer.conf: {balancer.error}</p>}
      {balancer.facts?.problems.map((problem) => <p key={problem} className="small warn-text">{problem}</p>)}
      {balancer.portChecks.length > 0 && (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr><th scope="col">Instance</th><th scope="col">Host</th><th scope="col">Balancer matching_port</th><th scope="col">Instance input port</th><th scope="col">Check</th></tr>
            </thead>
            <tbody>
              {balancer.portChecks.map((check, index) => (
                <tr key={check.instance} data-testid={`audit-port-${index}`} data-state={check.state}>
                  <td>{check.instance}</td>
                  <td><code>{check.host}</code></td>
                  <td>{check.balancerPort ?? '—'}</td>
                  <td>{check.inputPort ?? '—'}</td>
                  <td><span className={`status ${PORT_STATE_CLASS[check.state]}`}>{PORT_STATE_LABELS[check.state]}</span> <span className="small">{check.evidence}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {balancer.notInProject.length > 0 && <p className="small">Listed by Balancer but not in the project: {balancer.notInProject.join(', ')}</p>}
    </div>
  );
}
