import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import { BrowseButton } from '../files/BrowseButton.js';
import { StepProgress } from '../progress/StepProgress.js';
import { AuditVerdict } from './AuditVerdict.js';
import { BalancerChecks } from './BalancerChecks.js';
import { DiscoveryFacts } from './DiscoveryFacts.js';
import { FindingsGrid } from './FindingsGrid.js';
import { FindingLegend } from './FindingLegend.js';
import { RunButton } from '../components/RunButton.js';

/** The audit: run it, then every requirement x instance finding, the instances' discovery facts and Balancer's port checks. */
export function AuditStep() {
  const { status, report, stale, reportPath, path, balancerConf, setBalancerConf, run } = useAppStore(
    useShallow((state) => ({
      status: state.auditStatus,
      report: state.auditReport,
      stale: state.auditStale,
      reportPath: state.auditPath,
      path: state.path,
      balancerConf: state.balancerConf,
      setBalancerConf: state.setBalancerConf,
      run: state.runAudit,
    })),
  );
  return (
    <div className="audit">
      <p>
        Reads the facts of all eight requirements (and the optional alerts item) from every instance in parallel and compares each with the
        reference instance. Nothing is changed on any host.
      </p>
      <div className="actions">
        <label className="inline-field">
          <span className="field-label">kl_balancer.conf on this machine (optional)</span>
          <input
            data-testid="audit-balancer-conf"
            value={balancerConf}
            spellCheck={false}
            placeholder="read over SSH from the project's Balancer, if any"
            onChange={(event) => setBalancerConf(event.target.value)}
          />
        </label>
        <BrowseButton
          testId="audit-balancer-conf-browse"
          request={{
            mode: 'open',
            title: 'Choose a kl_balancer.conf',
            suffixes: ['.conf'],
            ...(balancerConf.trim() === '' ? {} : { startAt: balancerConf }),
          }}
          onChosen={setBalancerConf}
        />
        <RunButton testId="audit-run" unavailable={status === 'running'} onRun={() => void run()}>
          {status === 'running' ? 'Auditing…' : report === undefined ? 'Run audit' : 'Run audit again'}
        </RunButton>
      </div>
      <StepProgress owner="audit" />
      {status === 'running' && (
        <p className="muted" data-testid="audit-running">
          Auditing… answer any prompt that appears.
        </p>
      )}
      {report === undefined ? (
        status !== 'running' && (
          <div className="empty-state" data-testid="audit-empty">
            <p className="empty-title">{status === 'failed' ? 'The audit did not complete' : 'Not audited yet'}</p>
            <p className="muted">
              {status === 'failed'
                ? 'The reason is shown above. No findings are shown because none were produced.'
                : 'Run the audit to see each requirement on each instance.'}
            </p>
          </div>
        )
      ) : (
        <>
          {stale && (
            <p className="stale-note" data-testid="audit-stale">
              An apply changed hosts after this audit: these findings show the hosts as they were. Run the audit again.
            </p>
          )}
          {reportPath !== path && <p className="stale-note">This audit is of {reportPath}, not of the project open now.</p>}
          <AuditVerdict report={report} />
          <FindingLegend />
          <FindingsGrid report={report} />
          <h2 className="section-title">Discovery</h2>
          <DiscoveryFacts report={report} />
          <h2 className="section-title">Balancer</h2>
          <BalancerChecks balancer={report.balancer} />
        </>
      )}
    </div>
  );
}
