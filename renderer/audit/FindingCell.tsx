import type { Finding } from '../../shared/requirements/finding.js';
import { FINDING_LABELS, FINDING_MEANINGS } from './finding-labels.js';
import type { LabelledGroup } from './audit-grid.js';
import { formatValue } from './format-value.js';
import { reasonWithoutStatement } from '../statements/restate-audit.js';
import { useAppStore } from '../store/store-context.js';
import '../statements/statements.css';

/** One finding: its status word on its colour and its group letter; expands to the observed value, the files read and who vouches for it. */
export function FindingCell({
  finding,
  group,
  reference,
  testId,
}: {
  readonly finding: Finding | undefined;
  readonly group: LabelledGroup | undefined;
  readonly reference: boolean;
  readonly testId: string;
}) {
  const goTo = useAppStore((state) => state.goTo);
  if (finding === undefined) {
    return (
      <td data-testid={testId} data-status="missing" className="muted">
        no finding
      </td>
    );
  }
  const explain = finding.status !== 'match' || finding.isReference;
  return (
    <td
      data-testid={testId}
      data-status={finding.status}
      className={reference ? `finding-cell reference-column cell-${finding.status}` : `finding-cell cell-${finding.status}`}
    >
      <details>
        <summary title={FINDING_MEANINGS[finding.status]}>
          <span className={`status finding-${finding.status}`}>{FINDING_LABELS[finding.status]}</span>
          {group !== undefined && <span className="group-tag">group {group.label}</span>}
        </summary>
        <div className="cell-detail">
          <div className="field-label">Observed</div>
          <pre className="value">{formatValue(finding.observed)}</pre>
          {!finding.isReference && finding.status !== 'match' && (
            <>
              <div className="field-label">Reference has</div>
              <pre className="value">{formatValue(finding.reference)}</pre>
            </>
          )}
          {finding.note !== undefined && <div className="small">Note: {finding.note}</div>}
          {finding.evidence.length > 0 && (
            <ul className="evidence-list small">
              {finding.evidence.map((file) => (
                <li key={file.path}>
                  <code>{file.path}</code> <span className="muted">sha256 {file.sha256}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="small muted">
            Verified by {finding.verifiedBy === 'tool' ? 'the tool' : 'the engineer'}; the tool compared: {finding.compared}
          </div>
        </div>
      </details>
      {/* The statement is shown on its own line below, so the tool's reason is shown without it. */}
      {explain && <div className="small cell-reason">{reasonWithoutStatement(finding)}</div>}
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
      {/* The statements are made on the requirement's screen, where every instance's value is side by side. */}
      {(finding.status === 'unknown' || finding.status === 'drift') && (
        <button
          type="button"
          className="link-button cell-statement"
          aria-label={`${finding.status === 'unknown' ? 'Attest or waive' : 'Waive'} ${finding.requirement} on ${finding.instance}`}
          data-testid={`${testId}-statement`}
          onClick={() => goTo(finding.requirement)}
        >
          {finding.status === 'unknown' ? 'Attest or waive…' : 'Waive…'}
        </button>
      )}
    </td>
  );
}
