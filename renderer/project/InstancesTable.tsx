import { useAppStore } from '../store/store-context.js';
import { InstanceRow } from './InstanceRow.js';

const COLUMNS = ['name', 'host', 'port', 'os', 'user', 'auth', 'privilege', 'servicedir', 'actions'] as const;

/** The cluster's instances, one row each, with Add and Remove. */
export function InstancesTable() {
  const count = useAppStore((state) => state.draft?.instances.length ?? 0);
  const addInstance = useAppStore((state) => state.addInstance);
  return (
    <section className="instances">
      <div className="section-head">
        <h2>Instances</h2>
        <button type="button" data-testid="instance-add" onClick={addInstance}>
          Add instance
        </button>
      </div>
      <div className="table-scroll">
        <table className="grid instances-table">
          <colgroup>
            {COLUMNS.map((column) => (
              <col key={column} className={`col-${column}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Host</th>
              <th scope="col">Port</th>
              <th scope="col">OS</th>
              <th scope="col">User</th>
              <th scope="col">Authentication</th>
              <th scope="col">Privilege</th>
              <th scope="col">Service dir (optional)</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: count }, (_, index) => (
              <InstanceRow key={index} index={index} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">Passwords and passphrases are never stored in the project; the tool asks for them when it connects.</p>
    </section>
  );
}
