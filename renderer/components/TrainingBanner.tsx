import './TrainingBanner.css';

/** The address fragment `ctha demo` opens the wizard with: the page then says on every screen that the hosts are simulated. */
export const TRAINING_LAB_FRAGMENT = '#training-lab';

/**
 * Tells whether the page was opened by `ctha demo` (its URL ends with TRAINING_LAB_FRAGMENT). A fragment,
 * not a query parameter: the server trades the token query for a cookie with a redirect that drops the
 * query, while the browser keeps the fragment; and it never reaches the server or the project.
 */
export function isTrainingLab(hash: string): boolean {
  return hash === TRAINING_LAB_FRAGMENT;
}

/** The banner of the demo's training lab: simulated hosts, logged in with the lab's own key, sudo without a password there only. */
export function TrainingBanner() {
  return (
    <p className="training-banner" role="note" data-testid="training-banner">
      Training lab: simulated CyberTrace hosts.{' '}
      <span className="training-banner-detail">
        The project logs in with the lab&apos;s own key and sudo needs no password on these hosts only; nothing here touches a real server.
      </span>
    </p>
  );
}
