import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import { StepProgress } from '../progress/StepProgress.js';
import { parsePort, probeTargets } from './probe-endpoints.js';
import { ProbeResults } from './ProbeResults.js';
import { RunButton } from '../components/RunButton.js';

/** The live probe: where each instance will be probed, an optional test indicator, then PASS or FAIL per instance with latencies and the reason. */
export function ProbeStep() {
  const s = useAppStore(
    useShallow((state) => ({
      draft: state.draft,
      audit: state.auditPath === state.path ? state.auditReport : undefined,
      status: state.probeStatus,
      result: state.probeResult,
      stale: state.probeStale,
      indicator: state.probeIndicator,
      port: state.probePort,
      setIndicator: state.setProbeIndicator,
      setPort: state.setProbePort,
      run: state.runProbe,
    })),
  );
  if (s.draft === undefined) return null;
  const targets = probeTargets(s.draft.instances, s.audit, parsePort(s.port) ?? 9999);
  return (
    <div className="probe">
      <p>
        Per instance, on its input port: <code>X-KF-ReplyBackPING</code> must answer <code>PONG</code>; then a ReplyBack session sends a
        test event
        <code> &lt;id&gt; …</code>; every reply must start with the id and <code>&lt;id&gt; LookupFinished</code> must arrive before the
        deadline.
      </p>
      <div className="form-row">
        <label className="inline-field">
          <span className="field-label">Test indicator (optional: a record of the instances' feeds, to see a detection)</span>
          <input
            data-testid="probe-indicator"
            value={s.indicator}
            spellCheck={false}
            onChange={(event) => s.setIndicator(event.target.value)}
          />
        </label>
        <label className="inline-field narrow">
          <span className="field-label">Input port where the audit did not read one</span>
          <input
            className="port"
            data-testid="probe-port"
            value={s.port}
            inputMode="numeric"
            onChange={(event) => s.setPort(event.target.value)}
          />
        </label>
      </div>
      <table className="grid targets" data-testid="probe-targets">
        <thead>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">Probed at</th>
            <th scope="col">Port from</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={target.instance}>
              <td>{target.instance}</td>
              <td>
                <code>{`${target.host}:${target.port}`}</code>
              </td>
              <td className="muted">
                {target.source === 'audit' ? "the audit (the instance's input ConnectionString)" : 'the port entered above'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <RunButton testId="probe-run" unavailable={s.status === 'running'} onRun={() => void s.run()}>
          {s.status === 'running' ? 'Probing…' : 'Run probe'}
        </RunButton>
      </div>
      <StepProgress owner="probe" />
      {s.result === undefined ? (
        s.status !== 'running' && (
          <div className="empty-state" data-testid="probe-empty">
            <p className="empty-title">{s.status === 'failed' ? 'The probe did not run' : 'Not probed yet'}</p>
            <p className="muted">
              {s.status === 'failed' ? 'The reason is shown above.' : 'Run the probe to check every instance end to end.'}
            </p>
          </div>
        )
      ) : (
        <>
          {s.stale && (
            <p className="stale-note" data-testid="probe-stale">
              An apply changed hosts after this probe. Run it again.
            </p>
          )}
          <ProbeResults result={s.result} instances={s.draft.instances.map((instance) => instance.name)} />
        </>
      )}
    </div>
  );
}
