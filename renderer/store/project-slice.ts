import type { CthaApi } from '../../shared/contract/api.js';
import type { ValidationIssue } from '../../shared/project/issues.js';
import type { AlertsMode, PinnedHostKey } from '../../shared/project/schema.js';
import type { BalancerEntry, ImportLogin } from '../project/import-plan.js';
import { validateProject } from '../../shared/project/parse.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import type { Draft, InstancePatch } from './project-draft.js';
import * as drafts from './project-draft.js';

/** What the project slice is busy with; file actions are refused while one is in flight. */
export type ProjectStatus = 'idle' | 'opening' | 'saving';

/** kl_balancer.conf's instances as read for an import, or why they could not be read. */
export type BalancerEntriesReading =
  | {
      readonly ok: true;
      readonly source: string;
      readonly entries: readonly BalancerEntry[];
      readonly problems: readonly string[];
      /** Host keys accepted while reading from the Balancer host; pinned into the draft with the import. */
      readonly pinned: readonly PinnedHostKey[];
    }
  | { readonly ok: false; readonly error: string };

/** Where the Balancer runs, for reading its kl_balancer.conf over SSH. */
export type BalancerHostSource = { readonly host: string; readonly port?: number; readonly balancerDir?: string };

/** The project file being edited: its path on the engine's machine, the draft, and what is wrong with it. */
export type ProjectSlice = Readonly<{
  path: string;
  draft: Draft | undefined;
  /** Live result of validateProject(draft); Save is refused while it is not empty. */
  issues: readonly ValidationIssue[];
  /** Issues the engine reported when the last open or save failed. */
  engineIssues: readonly ValidationIssue[];
  status: ProjectStatus;
  dirty: boolean;
  /** SHA-256 of the project file as last opened or saved (the engine's digest); the report states it. */
  projectSha256: string | undefined;
  setPath: (path: string) => void;
  newProject: () => void;
  open: (path?: string) => Promise<void>;
  save: () => Promise<void>;
  updateName: (name: string) => void;
  updateReqRule: (reqRuleName: string) => void;
  /** Where the instances' alerts must go; undefined removes the setting (the alerts item is then only reported). */
  updateAlerts: (alerts: AlertsMode | undefined) => void;
  /** Whether the "Import from kl_balancer.conf" panel is shown. */
  importOpen: boolean;
  setImportOpen: (open: boolean) => void;
  /** Reads the instances of a local kl_balancer.conf through the engine; nothing changes in the draft. */
  readBalancerEntries: (file: string) => Promise<BalancerEntriesReading>;
  /** Reads kl_balancer.conf over SSH from the Balancer host, logged in with the import's login; nothing changes in the draft. */
  readBalancerHost: (source: BalancerHostSource, login: ImportLogin) => Promise<BalancerEntriesReading>;
  /** Replaces the draft with an import's result (renderer/project/import-plan.ts) and says what was added; `pinned` keys join the draft's. */
  applyImport: (draft: Draft, added: number, source: string, pinned?: readonly PinnedHostKey[]) => void;
  setReference: (name: string) => void;
  addInstance: () => void;
  updateInstance: (index: number, patch: InstancePatch) => void;
  removeInstance: (index: number) => void;
}>;

/** Creates the project slice; every file operation goes through the injected API. */
export function createProjectSlice(api: CthaApi): StateCreator<AppState, [], [], ProjectSlice> {
  return (set, get) => {
    const edit = (change: (draft: Draft) => Draft): void => {
      const { draft } = get();
      if (draft !== undefined) set(withDraft(change(draft)));
    };
    return {
      path: '',
      draft: undefined,
      issues: [],
      engineIssues: [],
      status: 'idle',
      dirty: false,
      projectSha256: undefined,
      setPath: (path) => set({ path }),
      // A new project gets no path: saving it over the file opened before would be a surprise.
      newProject: () => set({ ...withDraft(drafts.newDraft()), path: '', engineIssues: [], notice: undefined, projectSha256: undefined }),
      open: async (path = get().path) => {
        if (get().status !== 'idle') return;
        set({ status: 'opening', path, notice: undefined });
        try {
          const opened = await api['project.open']({ path });
          set({ ...withDraft(opened.project), path: opened.path, dirty: false, engineIssues: [], projectSha256: opened.sha256 });
          set({ notice: { kind: 'success', text: `Opened ${opened.path}` } });
          get().rememberProject(opened.path);
        } catch (error) {
          const { message, issues } = describeError(error);
          set({ engineIssues: issues, notice: { kind: 'error', text: message } });
        } finally {
          set({ status: 'idle' });
        }
      },
      save: async () => {
        const { draft, path, status } = get();
        if (draft === undefined || status !== 'idle') return;
        const checked = validateProject(draft);
        if (!checked.ok) {
          set({ issues: checked.issues, notice: { kind: 'error', text: `Not saved: fix ${count(checked.issues.length)} first` } });
          return;
        }
        set({ status: 'saving', notice: undefined });
        try {
          const saved = await api['project.save']({ path, project: checked.project });
          set({
            path: saved.path,
            dirty: false,
            projectSha256: saved.sha256,
            engineIssues: [],
            notice: { kind: 'success', text: `Saved ${saved.path} (${saved.bytes} bytes)` },
          });
          get().rememberProject(saved.path);
        } catch (error) {
          const { message, issues } = describeError(error);
          set({ engineIssues: issues, notice: { kind: 'error', text: message } });
        } finally {
          set({ status: 'idle' });
        }
      },
      updateName: (name) => edit((draft) => ({ ...draft, name })),
      updateReqRule: (reqRuleName) => edit((draft) => ({ ...draft, reqRuleName })),
      updateAlerts: (alerts) =>
        edit((draft) => {
          if (alerts !== undefined) return { ...draft, alerts };
          const rest = { ...draft };
          delete rest.alerts;
          return rest;
        }),
      importOpen: false,
      setImportOpen: (importOpen) => set({ importOpen }),
      readBalancerEntries: async (file) => {
        try {
          const read = await api['balancer.read']({ file });
          if (read.facts === undefined) return { ok: false, error: read.error ?? `nothing read from ${read.source}` };
          const entries = read.facts.instances.map((instance) => ({ host: instance.host, matchingPort: instance.matchingPort }));
          return { ok: true, source: read.facts.source, entries, problems: read.facts.problems, pinned: [] };
        } catch (error) {
          return { ok: false, error: describeError(error).message };
        }
      },
      readBalancerHost: async (source, login) => {
        try {
          const read = await api['balancer.import']({
            balancerHost: source,
            settings: { os: login.os, user: login.user.trim(), auth: login.auth, privilege: login.privilege, port: login.port },
            hostKeys: [...(get().draft?.hostKeys ?? [])],
            readOnly: true,
          });
          if (!read.ok) return { ok: false, error: read.error ?? read.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') };
          return { ok: true, source: read.source, entries: read.listed, problems: read.problems, pinned: read.pinned };
        } catch (error) {
          return { ok: false, error: describeError(error).message };
        }
      },
      applyImport: (draft, added, source, pinned = []) => {
        // Importing into no project starts a new one: it has no file yet, like New project.
        const fresh = get().draft === undefined;
        const key = (entry: PinnedHostKey) => `${entry.host}:${entry.port} ${entry.type} ${entry.fingerprint}`;
        const known = new Set(draft.hostKeys.map(key));
        const hostKeys = [...draft.hostKeys, ...pinned.filter((entry) => !known.has(key(entry)))];
        set({
          ...withDraft({ ...draft, hostKeys }),
          ...(fresh ? { path: '', projectSha256: undefined, engineIssues: [] } : {}),
          importOpen: false,
          notice: {
            kind: 'success',
            text: `Added ${added === 1 ? '1 instance' : `${added} instances`} from ${source}; save the project to keep them`,
          },
        });
      },
      setReference: (referenceInstance) => edit((draft) => ({ ...draft, referenceInstance })),
      addInstance: () => edit(drafts.addInstance),
      updateInstance: (index, patch) => edit((draft) => drafts.updateInstance(draft, index, patch)),
      removeInstance: (index) => edit((draft) => drafts.removeInstance(draft, index)),
    };
  };
}

// Every edit re-validates, so the issue list next to the form is never stale.
function withDraft(draft: Draft): Pick<ProjectSlice, 'draft' | 'issues' | 'dirty'> {
  const checked = validateProject(draft);
  return { draft, issues: checked.ok ? [] : checked.issues, dirty: true };
}

function count(n: number): string {
  return n === 1 ? '1 issue' : `${n} issues`;
}
