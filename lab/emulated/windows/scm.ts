// The Windows service control manager's view of the CyberTrace service: `sc start` returns while the
// service is still START_PENDING, so the state has to be tracked between calls.
import type { ServiceLike, ServiceResult } from '../types.js';

/** SCM states the emulation reports. */
export type ScmState = 'STOPPED' | 'START_PENDING' | 'STOP_PENDING' | 'RUNNING';

/** What asking the SCM for a state change gives (Win32 error codes of StartService/ControlService). */
export type ScmRequest = 'accepted' | 'already-running' | 'not-active' | 'cannot-accept-control';

/** Win32 exit code SCM records for a service process that died: ERROR_PROCESS_ABORTED. */
export const PROCESS_ABORTED = 1067;

/** Tracks pending starts and stops of one host's service. */
export class ServiceManager {
  private pending: 'start' | 'stop' | null = null;
  private operation: Promise<ServiceResult> = Promise.resolve({ ok: true, message: '' });

  constructor(private readonly service: ServiceLike) {}

  /** Current state and the last Win32 exit code (1067 after a failed run). */
  async query(): Promise<{ state: ScmState; exitCode: number }> {
    if (this.pending === 'start') return { state: 'START_PENDING', exitCode: 0 };
    if (this.pending === 'stop') return { state: 'STOP_PENDING', exitCode: 0 };
    const status = await this.service.status();
    if (status === 'active') return { state: 'RUNNING', exitCode: 0 };
    return { state: 'STOPPED', exitCode: status === 'failed' ? PROCESS_ABORTED : 0 };
  }

  /** StartService: returns at once; the start continues in the background. */
  async requestStart(): Promise<ScmRequest> {
    const { state } = await this.query();
    if (state !== 'STOPPED') return state === 'STOP_PENDING' ? 'cannot-accept-control' : 'already-running';
    this.begin('start', () => this.service.start());
    return 'accepted';
  }

  /** ControlService(STOP): returns at once; the stop continues in the background. */
  async requestStop(): Promise<ScmRequest> {
    const { state } = await this.query();
    if (state === 'STOPPED') return 'not-active';
    if (state !== 'RUNNING') return 'cannot-accept-control';
    this.begin('stop', () => this.service.stop());
    return 'accepted';
  }

  /** Waits for the start or stop in progress, if any, and gives its result. */
  settle(): Promise<ServiceResult> {
    return this.operation;
  }

  private begin(kind: 'start' | 'stop', run: () => Promise<ServiceResult>): void {
    this.pending = kind;
    this.operation = run()
      .catch((error: unknown) => ({ ok: false, message: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.pending = null;
      });
  }
}
