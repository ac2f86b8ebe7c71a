import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';

/** Path of the project file (on the engine's machine) with Open, Save and New project. */
export function ProjectFileBar() {
  const { path, status, hasDraft, valid } = useAppStore(
    useShallow((state) => ({
      path: state.path,
      status: state.status,
      hasDraft: state.draft !== undefined,
      valid: state.issues.length === 0,
    })),
  );
  const { setPath, open, save, newProject } = useAppStore(
    useShallow((state) => ({ setPath: state.setPath, open: state.open, save: state.save, newProject: state.newProject })),
  );
  const busy = status !== 'idle';
  const noPath = path.trim() === '';
  const saveBlocker = !hasDraft ? 'No project to save' : !valid ? 'Fix the issues listed first' : noPath ? 'Enter a file path' : undefined;
  return (
    <div className="file-bar">
      <label className="file-path">
        <span className="field-label">Project file (a path on the machine running the engine)</span>
        <input
          data-testid="project-path"
          value={path}
          placeholder="/home/engineer/clusters/customer.ctha.json"
          spellCheck={false}
          onChange={(event) => setPath(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !noPath && !busy) void open();
          }}
        />
      </label>
      <div className="file-actions">
        <button type="button" data-testid="project-open" disabled={busy || noPath} onClick={() => void open()}>
          {status === 'opening' ? 'Opening…' : 'Open'}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="project-save"
          disabled={busy || saveBlocker !== undefined}
          title={saveBlocker}
          onClick={() => void save()}
        >
          {status === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" data-testid="project-new" disabled={busy} onClick={newProject}>
          New project
        </button>
      </div>
    </div>
  );
}
