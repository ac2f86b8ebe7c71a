import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequirementId } from '../../shared/requirements/ids.js';
import { findingAt } from '../audit/audit-grid.js';
import { FINDING_LABELS } from '../audit/finding-labels.js';
import { useAppStore } from '../store/store-context.js';
import { RestatedNote } from './RestatedNote.js';
import type { StatementFormKind } from './StatementForm.js';
import { StatementForm } from './StatementForm.js';
import './statements.css';

/**
 * The engineer's statements about one requirement, per instance: Attest where the tool could not read it,
 * Waive where it is unknown or differs, Remove for a statement the project holds. Saved into the project file.
 */
export function StatementsPanel({ requirement }: { readonly requirement: RequirementId }) {
  const { draft, audit, engineer, dirty, saving, removeStatement } = useAppStore(
    useShallow((state) => ({
      draft: state.draft,
      audit: state.auditPath === state.path ? state.auditReport : undefined,
      engineer: state.reportEngineer,
      dirty: state.dirty || state.path === '',
      saving: state.statementStatus === 'saving',
      removeStatement: state.removeStatement,
    })),
  );
  const [open, setOpen] = useState<{ readonly kind: StatementFormKind; readonly instance: string } | undefined>(undefined);
  if (draft === undefined) return null;
  const rows = draft.instances.flatMap((instance, index) => {
    const finding = audit === undefined ? undefined : findingAt(audit, requirement, instance.name);
    const attestation = draft.attestations.find((entry) => entry.requirement === requirement && entry.instance === instance.name);
    const waiver = draft.waivers.find((entry) => entry.requirement === requirement && entry.instance === instance.name);
    // An attestation settles only what the tool could not read, and wins over a waiver there; a waiver covers a
    // difference too (evaluate-cluster.ts): offering a statement that would change nothing would mislead.
    const canAttest = finding?.compared === 'unknown';
    const canWaive = finding?.compared === 'drift' || (canAttest && attestation === undefined);
    if (!canAttest && !canWaive && attestation === undefined && waiver === undefined) return [];
    return [{ name: instance.name, index, finding, attestation, waiver, canAttest, canWaive }];
  });
  return (
    <section className="statements" aria-labelledby="statements-heading" data-testid="statements-panel">
      <h3 id="statements-heading">Attest or waive</h3>
      {audit === undefined ? (
        <p className="small muted">After an audit, each instance the tool could not read or that differs can be attested or waived here.</p>
      ) : rows.length === 0 ? (
        <p className="small muted" data-testid="statements-none">
          Nothing to attest or waive: every instance matches.
        </p>
      ) : null}
      {dirty && rows.length > 0 && (
        <p className="small warn-text" data-testid="statements-unsaved">
          The project has unsaved edits: save it first, statements are written into the saved file.
        </p>
      )}
      <RestatedNote />
      {rows.length > 0 && (
        <ul className="statement-list">
          {rows.map((row) => (
            <li
              key={row.name}
              id={`statement-row-${row.index}`}
              tabIndex={-1}
              className="statement-item"
              data-testid={`statement-row-${row.index}`}
            >
              <div className="statement-head">
                <strong>{row.name}</strong>
                {row.finding !== undefined && (
                  <span className={`status finding-${row.finding.status}`}>{FINDING_LABELS[row.finding.status]}</span>
                )}
                {row.finding !== undefined && row.finding.compared !== row.finding.status && (
                  <span className="small muted">the tool found {FINDING_LABELS[row.finding.compared]}</span>
                )}
                <span className="statement-buttons">
                  {row.canAttest && row.attestation === undefined && (
                    <button
                      type="button"
                      aria-label={`Attest ${requirement} on ${row.name}`}
                      aria-expanded={open?.kind === 'attestation' && open.instance === row.name}
                      data-testid={`statement-attest-${row.index}`}
                      onClick={() => setOpen({ kind: 'attestation', instance: row.name })}
                    >
                      Attest
                    </button>
                  )}
                  {row.canWaive && row.waiver === undefined && (
                    <button
                      type="button"
                      aria-label={`Waive ${requirement} on ${row.name}`}
                      aria-expanded={open?.kind === 'waiver' && open.instance === row.name}
                      data-testid={`statement-waive-${row.index}`}
                      onClick={() => setOpen({ kind: 'waiver', instance: row.name })}
                    >
                      Waive
                    </button>
                  )}
                </span>
              </div>
              {row.attestation !== undefined && (
                <div className="statement-existing" data-testid={`statement-attestation-${row.index}`}>
                  <span>
                    Attested by {row.attestation.engineer} on {row.attestation.date.slice(0, 10)}: {row.attestation.note}
                    {row.attestation.spotCheck !== undefined && (
                      <span className="small statement-evidence" data-testid={`statement-spotcheck-${row.index}`}>
                        Evidence: consistent REST spot-check of {row.attestation.spotCheck.at.slice(0, 16).replace('T', ' ')} UTC,{' '}
                        {row.attestation.spotCheck.indicators} indicator(s) on {row.attestation.spotCheck.instances.join(', ')} (
                        {row.attestation.spotCheck.digest.slice(0, 19)}…)
                      </span>
                    )}
                  </span>
                  <button
                    type="button"
                    className="danger"
                    disabled={saving}
                    aria-label={`Remove the attestation of ${requirement} on ${row.name}`}
                    data-testid={`statement-remove-attestation-${row.index}`}
                    onClick={() => void removeStatement('attestation', requirement, row.name)}
                  >
                    Remove
                  </button>
                </div>
              )}
              {row.waiver !== undefined && (
                <div className="statement-existing" data-testid={`statement-waiver-${row.index}`}>
                  <span>
                    Waived by {row.waiver.engineer} on {row.waiver.date.slice(0, 10)}
                    {row.waiver.expires === undefined ? '' : `, until ${row.waiver.expires.slice(0, 10)}`}: {row.waiver.justification}
                  </span>
                  <button
                    type="button"
                    className="danger"
                    disabled={saving}
                    aria-label={`Remove the waiver of ${requirement} on ${row.name}`}
                    data-testid={`statement-remove-waiver-${row.index}`}
                    onClick={() => void removeStatement('waiver', requirement, row.name)}
                  >
                    Remove
                  </button>
                </div>
              )}
              {open !== undefined && open.instance === row.name && (
                <StatementForm
                  key={`${open.kind}-${row.name}`}
                  kind={open.kind}
                  target={{ requirement, instance: row.name }}
                  engineer={engineer}
                  onClose={() => {
                    setOpen(undefined);
                    // The button that opened the form may be gone (Attest once attested): focus stays on the instance's row.
                    requestAnimationFrame(() => document.getElementById(`statement-row-${row.index}`)?.focus());
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
