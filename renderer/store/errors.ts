import { ApiError } from '../../shared/contract/errors.js';
import type { ValidationIssue } from '../../shared/project/issues.js';

/** A failure as the renderer shows it: one sentence, plus the located issues the engine sent, if any. */
export interface DescribedError {
  readonly message: string;
  readonly issues: readonly ValidationIssue[];
}

/** Turns whatever an API call threw into something to show; the engine's own wording is kept. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof ApiError) return { message: error.message, issues: error.issues ?? [] };
  return { message: error instanceof Error ? error.message : String(error), issues: [] };
}
