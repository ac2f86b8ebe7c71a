import type { ValidationIssue } from './issues.js';
import { formatIssuePath } from './issues.js';

// Field names that would carry a secret; a project file is shared and committed, so they are refused by name.
const SECRET_KEY = /pass(word|phrase|wd)|secret|private[_-]?key|token|credential/i;

/** Finds fields anywhere in a parsed file whose names suggest a secret, so they are refused with a clear reason. */
export function findSecretFields(value: unknown, path: PropertyKey[] = []): ValidationIssue[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findSecretFields(item, [...path, index]));
  }
  if (value === null || typeof value !== 'object') return [];
  const issues: ValidationIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) {
      issues.push({
        path: formatIssuePath([...path, key]),
        message: 'secrets cannot be stored in a project file; the tool asks for them when it connects',
      });
    } else {
      issues.push(...findSecretFields(child, [...path, key]));
    }
  }
  return issues;
}
