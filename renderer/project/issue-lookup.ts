import type { ValidationIssue } from '../../shared/project/issues.js';

/** The first issue at a field's path or below it (`instances[0].auth` covers `instances[0].auth.keyPath`). */
export function issueAt(issues: readonly ValidationIssue[], path: string): string | undefined {
  return issues.find((issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`))?.message;
}

/**
 * Props that mark an input invalid and say why on hover; with `messageId` (the FieldIssue shown under
 * the field) the message is also the field's description, so a screen reader reads it with the field.
 */
export function invalidProps(
  message: string | undefined,
  messageId?: string,
): { 'aria-invalid'?: true; 'aria-describedby'?: string; title?: string; className?: string } {
  if (message === undefined) return {};
  return {
    'aria-invalid': true,
    title: message,
    className: 'invalid',
    ...(messageId === undefined ? {} : { 'aria-describedby': messageId }),
  };
}
