import type { FindingStatus } from '../../shared/requirements/finding.js';

/** The word shown with every finding's colour, so the status never depends on colour alone. */
export const FINDING_LABELS: Readonly<Record<FindingStatus, string>> = {
  match: 'MATCH',
  drift: 'DRIFT',
  unknown: 'UNKNOWN',
  attested: 'ATTESTED',
  waived: 'WAIVED',
};

/** What each status means, for the legend and tooltips. */
export const FINDING_MEANINGS: Readonly<Record<FindingStatus, string>> = {
  match: 'same as the reference (and the documented value)',
  drift: 'differs from the reference, or the reference is off the documented value',
  unknown: 'could not be read or compared; the reason is shown',
  attested: 'not readable by the tool; confirmed by the engineer',
  waived: 'differs or unknown, accepted by the engineer with a justification',
};
