import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { BalancerCheckState } from '../../shared/contract/ops/balancer-audit.js';
import { balancerChecks } from '../../shared/report/balancer-checks.js';
import { useAppStore } from '../store/store-context.js';

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

const CHECK_LABELS: Readonly<Record<BalancerCheckState | 'missing' | 'stale', string>> = {
  match: 'OK',
  drift: 'DRIFT',
  unknown: 'UNKNOWN',
  'not-applicable': 'N/A',
  missing: 'NOT YET STORED',
  stale: 'STALE',
};

const CHECK_CLASS: Readonly<Record<BalancerCheckState | 'missing' | 'stale', string>> = {
  match: 'finding-match',
  drift: 'finding-drift',
  stale: 'finding-drift',
  unknown: 'finding-unknown',
  missing: 'finding-unknown',
  'not-applicable': 'finding-unknown',
};

/** One Balancer check's row, and one indented row per instance part. */
function CheckRows({
  id,
  label,
  state,
  evidence,
  parts,
}: {
  id: string;
  label: string;
  state: BalancerCheckState;
  evidence: string;
  parts?: readonly { instance: string; state: BalancerCheckState | 'missing' | 'stale'; evidence: string; file?: string | undefined }[];
}) {
  return (
    <>
      <tr data-testid={`balancer-check-${id}`} data-state={state}>
        <th scope="row">{label}</th>
        <td>
          <span className={`status ${CHECK_CLASS[state]}`}>{CHECK_LABELS[state]}</span>
        </td>
        <td className="small">{evidence}</td>
      </tr>
      {(parts ?? []).map((part) => (
        <tr key={`${id}-${part.instance}`} data-testid={`balancer-check-${id}-${part.instance}`} data-state={part.state}>
          <td className="small">
            &nbsp;&nbsp;{part.instance}
            {part.file !== undefined && (
              <>
                {' '}
                <code>{part.file}</code>
              </>
            )}
          </td>
          <td>
            <span className={`status ${CHECK_CLASS[part.state]}`}>{CHECK_LABELS[part.state]}</span>
          </td>
          <td className="small">{part.evidence}</td>
        </tr>
      ))}
    </>
  );
}

/** The Balancer checks of issue 14 (licence, listing, stored certificates, alerts port, service), derived from the whole audit report. */
function SideChecks({ report, alerts }: { readonly report: AuditReport; readonly alerts: Parameters<typeof balancerChecks>[1] }) {
  const checks = balancerChecks(report, alerts);
  return (
    <div className="table-scroll" data-testid="balancer-checks" data-verdict={checks.verdict}>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Balancer check</th>
            <th scope="col">State</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          <CheckRows
            id="license"
            label="Same licence key as every instance"
            state={checks.license.state}
            evidence={checks.license.evidence}
            parts={checks.license.instances}
          />
          <CheckRows
            id="listing"
            label="Every instance listed with its input port"
            state={checks.listing.state}
            evidence={checks.listing.evidence}
          />
          <CheckRows
            id="certs"
            label="Stored instance certificates (4.3+)"
            state={checks.storedCerts.state}
            evidence={checks.storedCerts.evidence}
            parts={checks.storedCerts.instances}
          />
          <CheckRows
            id="alerts"
            label="Alerts port"
            state={checks.alerts.state}
            evidence={checks.alerts.evidence}
            parts={checks.alerts.instances}
          />
          <CheckRows id="service" label="Balancer service running" state={checks.service.state} evidence={checks.service.evidence} />
        </tbody>
      </table>
    </div>
  );
}

/** What the audit read from kl_balancer.conf and the Balancer host: where from, the alert target, the port checks and the Balancer checks. */
export function BalancerChecks({ balancer }: { readonly balancer: BalancerReport }) {
  // The whole report (instances' licence keys, alerts findings) and the project's alerts setting come from the store.
  const report = useAppStore((state) => state.auditReport);
  const alerts = useAppStore((state) => state.draft?.alerts);
  if (balancer.source === undefined && balancer.facts === undefined && balancer.error === undefined && balancer.portChecks.length === 0) {
    return (
      <p className="muted" data-testid="audit-balancer">
        No Balancer was read: the project names none and no kl_balancer.conf was given. The alerts item stays unknown.
      </p>
    );
  }
  return (
    <div data-testid="audit-balancer">
      <p className="small">
        {balancer.source !== undefined && (
          <>
            Read from <code>{balancer.source}</code>.{' '}
          </>
        )}
        Alert target:{' '}
        {balancer.alertTarget.value === undefined ? (
          <span className="muted">unknown</span>
        ) : (
          <code>{`${balancer.alertTarget.value.host}:${balancer.alertTarget.value.cybertracePort}`}</code>
        )}
        <span className="muted"> ({balancer.alertTarget.evidence})</span>
      </p>
      {balancer.error !== undefined && <p className="warn-text">Could not read kl_balancer.conf: {balancer.error}</p>}
      {balancer.facts?.problems.map((problem) => (
        <p key={problem} className="small warn-text">
          {problem}
        </p>
      ))}
      {balancer.portChecks.length > 0 && (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Host</th>
                <th scope="col">Balancer matching_port</th>
                <th scope="col">Instance input port</th>
                <th scope="col">Check</th>
              </tr>
            </thead>
            <tbody>
              {balancer.portChecks.map((check, index) => (
                <tr key={check.instance} data-testid={`audit-port-${index}`} data-state={check.state}>
                  <td>{check.instance}</td>
                  <td>
                    <code>{check.host}</code>
                  </td>
                  <td>{check.balancerPort ?? '—'}</td>
                  <td>{check.inputPort ?? '—'}</td>
                  <td>
                    <span className={`status ${PORT_STATE_CLASS[check.state]}`}>{PORT_STATE_LABELS[check.state]}</span>{' '}
                    <span className="small">{check.evidence}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {balancer.notInProject.length > 0 && (
        <p className="small">Listed by Balancer but not in the project: {balancer.notInProject.join(', ')}</p>
      )}
      {report !== undefined && balancer.facts !== undefined && (
        <SideChecks report={{ ...report, balancer }} alerts={alerts ?? 'not-required'} />
      )}
    </div>
  );
}
