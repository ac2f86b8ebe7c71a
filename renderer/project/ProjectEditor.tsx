import { useAppStore } from '../store/store-context.js';
import { ClusterFields } from './ClusterFields.js';
import { InstancesTable } from './InstancesTable.js';
import { IssuesPanel } from './IssuesPanel.js';
import { ProjectFileBar } from './ProjectFileBar.js';

/** The Project step: the file bar, the cluster settings with their issues beside them, and the instances. */
export function ProjectEditor() {
  const hasDraft = useAppStore((state) => state.draft !== undefined);
  return (
    <div className="project-editor">
      <ProjectFileBar />
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
          <div className="empty-state">
            <p className="empty-title">No project open</p>
            <p className="muted">
              Enter the path of a <code>*.ctha.json</code> file on the machine running the engine and press Open, or start a new project.
            </p>
          </div>
          <IssuesPanel />
        </>
      )}
    </div>
  );
}
