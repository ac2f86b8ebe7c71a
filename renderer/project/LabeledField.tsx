import type { ReactNode } from 'react';
import { FieldIssue } from './FieldIssue.js';

/**
 * One form field laid out as the project editor lays them out: the visible label and the control inside one
 * `<label>` (so the label names the control), then, with `issueId`, its validation message (FieldIssue) under it.
 */
export function LabeledField({
  label,
  className,
  issueId,
  issue,
  children,
}: {
  readonly label: ReactNode;
  readonly className?: string;
  readonly issueId?: string;
  readonly issue?: string | undefined;
  readonly children: ReactNode;
}) {
  return (
    <label className={className === undefined ? 'field' : `field ${className}`}>
      <span className="field-label">{label}</span>
      {children}
      {issueId !== undefined && <FieldIssue id={issueId} message={issue} />}
    </label>
  );
}
