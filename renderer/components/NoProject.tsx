import { useAppStore } from '../store/store-context.js';

/** What every step after Project shows until a project is open: there is nothing to check without one. */
export function NoProject() {
  const goTo = useAppStore((state) => state.goTo);
  return (
    <div className="empty-state" data-testid="no-project">
      <p className="empty-title">Open or create a project first</p>
      <p className="muted">This step works on the instances of a cluster project (*.ctha.json).</p>
      <button type="button" className="primary" onClick={() => goTo('project')}>
        Go to Project
      </button>
    </div>
  );
}
