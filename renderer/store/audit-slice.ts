import type { CthaApi } from '../../shared/contract/api.js';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import { reloadAfterPinning } from './reload-pinned.js';
import type { RunStatus } from './run-status.js';
import { savedProjectPath } from './saved-project.js';

/** The last audit of the project file: findings per requirement x instance, discovery facts and Balancer checks. */
export type AuditSlice = Readonly<{
  auditStatus: RunStatus;
  auditReport: AuditReport | undefined;
  /** The project file the report is of. */
  auditPath: string;
  /** True once an apply changed a host after this audit: the findings describe the hosts as they were. */
  auditStale: boolean;
  /** A local kl_balancer.conf (optional); without it the engine reads the project's Balancer host over SSH, if any. */
  balancerConf: string;
  setBalancerConf: (path: string) => void;
  runAudit: () => Promise<void>;
}>;

/** Creates the audit slice; host keys and passwords are asked through prompts while it runs. */
export function createAuditSlice(api: CthaApi): StateCreator<AppState, [], [], AuditSlice> {
  return (set, get) => ({
    auditStatus: 'idle',
    auditReport: undefined,
    auditPath: '',
    auditStale: false,
    balancerConf: '',
    setBalancerConf: (balancerConf) => set({ balancerConf }),
    runAudit: async () => {
      if (get().auditStatus === 'running') return;
      const saved = savedProjectPath(get(), 'the audit runs');
      if (!saved.ok) return set({ notice: { kind: 'error', text: saved.message } });
      const balancerConf = get().balancerConf.trim();
      set({ auditStatus: 'running', auditReport: undefined, notice: undefined });
      try {
        const run = await api['audit.run']({ path: saved.path, ...(balancerConf === '' ? {} : { balancerConf }) });
        set({ auditStatus: 'done', auditReport: run.report, auditPath: saved.path, auditStale: false });
        await reloadAfterPinning(get, set, saved.path, run);
      } catch (error) {
        set({ auditStatus: 'failed', notice: { kind: 'error', text: `Audit failed: ${describeError(error).message}` } });
      }
    },
  });
}
