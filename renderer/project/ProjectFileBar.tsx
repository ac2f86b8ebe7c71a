import { useShallow } from 'zustand/react/shallow';
import { BrowseButton } from '../files/BrowseButton.js';
import { useAppStore } from '../store/store-context.js';
import './project.css';

const PROJECT_SUFFIXES = ['.ctha.json', '.json'];

/** Path of the project file (on the engine's machine) with Browse, Open, Save, Save as, New project, Import and the recent files. */
export function ProjectFileBar() {
  const { path, status, hasDraft, valid, recent } = useAppStore(
    useShallow((state) => ({
      path: state.path,
      status: state.status,
      hasDraft: state.draft !== undefined,
      valid: state.issues.length === 0,
      recent: state.recentProjects,
    })),
  );
  const { setPath, open, save, newProject, importOpen, setImportOpen } = useAppStore(
    useShallow((state) => ({
      setPath: state.setPath,
      open: state.open,
      save: state.save,
      newProject: state.newProject,
      importOpen: state.importOpen,
      setImportOpen: state.setImportOpen,
    })),
  );
  const busy = status !== 'idle';
  const noPath = path.trim() === '';
  const saveBlocker = !hasDraft ? 'No project to save' : !valid ? 'Fix the issues listed first' : noPath ? 'Enter a file path' : undefined;
  return (
    <div className="file-bar project-file-bar">
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
        <BrowseButton
          testId="project-browse"
          disabled={busy}
          request={{ mode: 'open', title: 'Open a project file', suffixes: PROJECT_SUFFIXES, ...(noPath ? {} : { startAt: path }) }}
          onChosen={(chosen) => void open(chosen)}
        />
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
        <BrowseButton
          testId="project-save-as"
          label="Save as…"
          disabled={busy || !hasDraft || !valid}
          request={{
            mode: 'save',
            title: 'Save the project as',
            suffixes: PROJECT_SUFFIXES,
            defaultName: 'cluster.ctha.json',
            ...(noPath ? {} : { startAt: path }),
          }}
          onChosen={(chosen) => {
            setPath(chosen);
            void save();
          }}
        />
        <button type="button" data-testid="project-new" disabled={busy} onClick={newProject}>
          New project
        </button>
        <button
          type="button"
          data-testid="project-import"
          disabled={busy}
          aria-expanded={importOpen}
          onClick={() => setImportOpen(!importOpen)}
        >
          Import from kl_balancer.conf…
        </button>
        {recent.length === 0 ? null : (
          <label className="recent-projects">
            <span className="sr-only">Recent project files</span>
            <select
              data-testid="project-recent"
              value=""
              disabled={busy}
              onChange={(event) => {
                if (event.target.value !== '') void open(event.target.value);
              }}
            >
              <option value="">Recent…</option>
              {recent.map((entry) => (
                <option key={entry} value={entry}>
                  {entry}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </div>
  );
}
