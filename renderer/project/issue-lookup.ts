import type { ValidationIssue } from '../../shared/project/issues.js';

/** The first issue at a field's path or below it (`instances[0].auth` covers `instances[0].auth.keyPath`). */
export function issueAt(issues: readonly ValidationIssue[], path: string): string | undefined {
  return issues.find((issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`))?.message;
}

/** Props that mark an input invalid and say why on hover, for assistive tech too. */
export function invalidProps(message: string | undefined): { 'aria-invalid'?: true; title?: string; className?: string } {
  return message === undefined ? {} : { 'aria-invalid': true, title: message, className: 'invalid' };
}
