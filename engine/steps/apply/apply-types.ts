// What an apply takes: bounds, the readiness deadline, and the test hook that simulates a crash.
import type { ApplyStepName } from '../../../shared/plan/apply-report.js';

/** Default time an instance gets to answer PONG after a start: 5 minutes (the contract's, shared with the wizard). */
export { DEFAULT_READY_DEADLINE_MS } from '../../../shared/contract/ops/plan-apply.js';

/** Thrown by a test hook to stop the run where it stands, as a killed process would: no rollback, the journal stays. */
export class SimulatedInterruption extends Error {
  override readonly name = 'SimulatedInterruption';
}

/** Test hooks (never set by a front end). */
export interface ApplyHooks {
  /**
   * Called before each step of an instance's apply (and before each file's write). Throwing
   * SimulatedInterruption abandons the run there; any other error fails that step (and rolls back).
   */
  readonly beforeStep?: (instance: string, step: ApplyStepName, file?: string) => void | Promise<void>;
}

/** Options of an apply. */
export interface ApplyOptions {
  /**
   * Default true: one instance at a time, the reference last, the next only after the previous is ready
   * again; stops after a failure. false: every instance at once (`ctha apply --parallel`).
   */
  readonly rolling?: boolean;
  /** How long a started service gets to answer PONG; absent: the project's readyDeadlineMs, else 5 minutes. */
  readonly readyDeadlineMs?: number;
  /** Bound of each host operation (default: the dialect's). */
  readonly timeoutMs?: number;
  /** Clock of backup names. */
  readonly now?: () => Date;
  readonly hooks?: ApplyHooks;
}
