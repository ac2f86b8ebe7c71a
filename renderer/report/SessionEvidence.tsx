import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import type { SessionFacts } from './session-evidence.js';
import { evidenceGaps, sessionEvidence } from './session-evidence.js';

/** The evidence of this session (what a report of it would contain), what it still lacks, and a copy of it as JSON. */
export function SessionEvidence() {
  const facts = useAppStore(
    useShallow((state) => {
      const current = (path: string): boolean => path === state.path;
      return {
        draft: state.draft,
        engineer: state.reportEngineer,
        prechecks: state.precheckResults,
        audit: current(state.auditPath) ? state.auditReport : undefined,
        auditStale: state.auditStale,
        applyRuns: state.applyRuns,
        path: state.path,
        probe: state.probeResult,
        probeStale: state.probeStale,
      };
    }),
  );
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  if (facts.draft === undefined) return null;
  const session: SessionFacts = {
    engineer: facts.engineer,
    project: facts.draft,
    prechecks: facts.prechecks,
    audit: facts.audit,
    auditStale: facts.auditStale,
    applies: facts.applyRuns.filter((run) => run.report.project.path === facts.path),
    probe: facts.probe,
    probeStale: facts.probeStale,
  };
  const evidence = sessionEvidence(session);
  const gaps = evidenceGaps(session);
  const json = `${JSON.stringify(evidence, null, 2)}\n`;
  const copy = (): void => {
    navigator.clipboard.writeText(json).then(() => setCopied('copied'), () => setCopied('failed'));
  };
  return (
    <section className="panel" data-testid="report-session">
      <h3 className="group-title">Evidence of this session</h3>
      <p className="small">
        {evidence.findings?.length ?? 0} finding(s) from the last audit, {evidence.changes?.length ?? 0} file change(s) from {session.applies.length} apply run(s),{' '}
        {evidence.probes?.length ?? 0} probe result(s), {evidence.prechecks?.length ?? 0} pre-check result(s), {evidence.transcript?.length ?? 0} remote operation(s) of the audit.
      </p>
      {gaps.length === 0 ? (
        <p className="small" data-testid="report-gaps" data-gaps="0">Complete: every step of the flow has a current result.</p>
      ) : (
        <ul className="small warn-text" data-testid="report-gaps" data-gaps={gaps.length}>
          {gaps.map((gap) => <li key={gap}>{gap}</li>)}
        </ul>
      )}
      <p className="small muted">
        The engine builds a report from an evidence input file. Copy this session's evidence, save it as a .json file, and give its path below.
      </p>
      <div className="actions">
        <button type="button" data-testid="report-evidence-copy" onClick={copy}>Copy evidence JSON</button>
        <span className="small muted" role="status">{copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'The clipboard is not available here; select the text below instead.' : ''}</span>
      </div>
      <details>
        <summary className="small">Show the evidence JSON</summary>
        <pre className="value" data-testid="report-evidence-json">{json}</pre>
      </details>
    </section>
  );
}
