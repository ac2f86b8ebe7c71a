import type { z } from 'zod';

/** One problem found in a project, located by its path (`instances[2].port`). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Formats a value path the way people read it: `instances[2].port`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(file)' : out;
}

/** Turns zod's issues into located, human-readable ones; an unknown key is reported at its own path. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: formatIssuePath([...issue.path, key]), message: 'unknown field' });
      }
    } else {
      issues.push({ path: formatIssuePath(issue.path), message: issue.message });
    }
  }
  return issues;
}

/** Renders issues one per line, `path: problem`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
}
