import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import { PredictedVerdictView } from './PredictedVerdictView.js';
import { evidenceGaps, sessionEvidence, sessionFacts, sessionState } from './session-evidence.js';

/** The evidence of this session (what the report built below signs), what it still lacks, and a copy of it as JSON. */
export function SessionEvidence() {
  // The state's own fields are selected (shallow-compared); the facts object is made from them below.
  const state = useAppStore(useShallow(sessionState));
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const session = sessionFacts(state);
  if (session === undefined) return null;
  const evidence = sessionEvidence(session);
  const gaps = evidenceGaps(session);
  const json = `${JSON.stringify(evidence, null, 2)}\n`;
  const copy = (): void => {
    navigator.clipboard.writeText(json).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="panel" data-testid="report-session">
      <h3 className="group-title">Evidence of this session</h3>
      <p className="small">
        {evidence.findings?.length ?? 0} finding(s) from the last audit, {evidence.changes?.length ?? 0} file change(s) from{' '}
        {session.applies.length} apply run(s)
        {evidence.balancerApplies === undefined
          ? ''
          : ` (${evidence.balancerApplies.length} with a Balancer part, in "Balancer changes")`}, {evidence.probes?.length ?? 0} probe
        result(s), {evidence.prechecks?.length ?? 0} pre-check result(s), {evidence.transcript?.length ?? 0} remote operation(s) in the
        transcript.
      </p>
      <PredictedVerdictView session={session} />
      {gaps.length === 0 ? (
        <p className="small" data-testid="report-gaps" data-gaps="0">
          Every step of the flow has a current result (the verdict above says whether the cluster passes).
        </p>
      ) : (
        <ul className="small warn-text" data-testid="report-gaps" data-gaps={gaps.length}>
          {gaps.map((gap) => (
            <li key={gap}>{gap}</li>
          ))}
        </ul>
      )}
      <p className="small muted">
        Building the report below signs exactly this evidence. The JSON can also be copied, for example to build the same report with{' '}
        <code>ctha report build --evidence FILE</code>.
      </p>
      <div className="actions">
        <button type="button" data-testid="report-evidence-copy" onClick={copy}>
          Copy evidence JSON
        </button>
        <span className="small muted" role="status">
          {copied === 'copied'
            ? 'Copied.'
            : copied === 'failed'
              ? 'The clipboard is not available here; select the text below instead.'
              : ''}
        </span>
      </div>
      <details>
        <summary className="small">Show the evidence JSON</summary>
        <pre className="value" data-testid="report-evidence-json">
          {json}
        </pre>
      </details>
    </section>
  );
}
