import type { PrecheckId, PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { PRECHECKS } from '../../shared/prechecks/catalogue.js';

/** A passed check with its evidence. */
export function pass(check: PrecheckId, instance: string | undefined, evidence: string): PrecheckResult {
  return { check, ...(instance === undefined ? {} : { instance }), status: 'pass', severity: PRECHECKS[check].severity, evidence };
}

/** A failed check with its evidence and the catalogue's fix hint. */
export function fail(check: PrecheckId, instance: string | undefined, evidence: string): PrecheckResult {
  return {
    check,
    ...(instance === undefined ? {} : { instance }),
    status: 'fail',
    severity: PRECHECKS[check].severity,
    evidence,
    fixHint: PRECHECKS[check].fixHint,
  };
}

/** A check that could not run because an earlier one failed. */
export function skipped(check: PrecheckId, instance: string | undefined, because: string): PrecheckResult {
  return {
    check,
    ...(instance === undefined ? {} : { instance }),
    status: 'skipped',
    severity: PRECHECKS[check].severity,
    evidence: `not run: ${because}`,
  };
}

/** True when any blocker failed. */
export function blockerFailed(results: readonly PrecheckResult[]): boolean {
  return results.some((result) => result.status === 'fail' && result.severity === 'blocker');
}
