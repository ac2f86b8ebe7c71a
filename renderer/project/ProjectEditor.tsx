import { useAppStore } from '../store/store-context.js';
import { ClusterFields } from './ClusterFields.js';
import { InstancesTable } from './InstancesTable.js';
import { ImportPanel } from './ImportPanel.js';
import { IssuesPanel } from './IssuesPanel.js';
import { ProjectFileBar } from './ProjectFileBar.js';

/** The Project step: the file bar, the kl_balancer.conf import when open, the cluster settings with their issues beside them, and the instances. */
export function ProjectEditor() {
  const hasDraft = useAppStore((state) => state.draft !== undefined);
  const importOpen = useAppStore((state) => state.importOpen);
  const setImportOpen = useAppStore((state) => state.setImportOpen);
  return (
    <div className="project-editor">
      <ProjectFileBar />
      {importOpen && <ImportPanel />}
      {hasDraft ? (
        <>
          <div className="editor-top">
            <ClusterFields />
            <IssuesPanel />
          </div>
          <InstancesTable />
        </>
      ) : (
        <>
          {/* While the import is open it is the way in; the empty page below it would only repeat it. */}
          {!importOpen && (
            <div className="empty-state">
              <p className="empty-title">No project open</p>
              <p className="muted">
                Enter the path of a <code>*.ctha.json</code> file on the machine running the engine and press Open, start a new project, or
                create one from the Balancer&apos;s <code>kl_balancer.conf</code>.
              </p>
              <button type="button" className="primary" data-testid="project-empty-import" onClick={() => setImportOpen(true)}>
                Create from kl_balancer.conf
              </button>
            </div>
          )}
          <IssuesPanel />
        </>
      )}
    </div>
  );
}
