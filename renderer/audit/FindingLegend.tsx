import { FINDING_STATUSES } from '../../shared/requirements/finding.js';
import { FINDING_LABELS, FINDING_MEANINGS } from './finding-labels.js';

/** What each status word means, shown once above the grid. */
export function FindingLegend() {
  return (
    <ul className="legend small">
      {FINDING_STATUSES.map((status) => (
        <li key={status}>
          <span className={`status finding-${status}`}>{FINDING_LABELS[status]}</span> {FINDING_MEANINGS[status]}
        </li>
      ))}
    </ul>
  );
}
