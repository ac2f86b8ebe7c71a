// The Balancer's fixes applied in the documented order (REFERENCE 3.6): stop Balancer, copy, start it,
// check it answers on matching_port; on any failure every file is put back and Balancer started again.
import { Socket } from 'node:net';
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { writeFileSafely } from '../../hosts/safe-write/index.js';
import { hostRefusals } from '../../cybertrace/discovery/path-policy.js';
import { controlBalancerService } from '../../cybertrace/balancer/balancer-service.js';
import type { BalancerChange, BalancerPlan } from '../plan/balancer-changes.js';
import { SimulatedInterruption } from './apply-types.js';
import { currentSha256 } from './host-digest.js';
import { writeNewFile } from './new-file.js';
import { restoreFile } from './restore-file.js';
import { setAside } from './set-aside.js';

/** How a Balancer apply ended: `applied`, `nothing` (no change, or none confirmed), `refused` (nothing written), `rolled-back`, `failed` (see files). */
export interface BalancerApplyResult {
  readonly outcome: 'applied' | 'nothing' | 'refused' | 'rolled-back' | 'failed';
  readonly message: string;
  readonly files: readonly AppliedFile[];
  /** Each step as it happened, for the report. */
  readonly steps: readonly string[];
}

/** Options of a Balancer apply. */
export interface BalancerApplyOptions {
  /** The engineer's yes for changes that change what Balancer trusts (stored certificates); unconfirmed ones are skipped. */
  readonly confirm: (change: BalancerChange) => Promise<boolean>;
  /** Whether Balancer answers once started; default: a TCP connection to `address:port` within 5 s. */
  readonly answers?: (host: string, port: number) => Promise<boolean>;
  /** Where Balancer listens for events (its `Balancer` address, or the project's Balancer host) and `matching_port`. */
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly timeoutMs?: number;
  /** Reads of the service state while it stops or starts (one a second). */
  readonly polls?: number;
  /** Called with the files' records before Balancer is stopped and after each write (the apply's Balancer journal). */
  readonly onRecord?: (files: readonly AppliedFile[]) => Promise<void>;
  /** Test hook before each write: throwing SimulatedInterruption stops there as a killed process would (no rollback). */
  readonly beforeWrite?: (path: string) => void | Promise<void>;
  /** Test hook after the last write, before Balancer is started: throwing SimulatedInterruption stops there (copy finished). */
  readonly beforeStart?: () => void | Promise<void>;
}

/** True when a TCP connection to host:port opens within `timeoutMs`. */
export function tcpAnswers(host: string, port: number, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

function record(change: BalancerChange): AppliedFile {
  return {
    path: change.path,
    kind: change.kind === 'license-set-aside' ? 'set-aside' : change.beforeSha256 === null ? 'copy' : 'edit',
    ...(change.newPath === undefined ? {} : { newPath: change.newPath }),
    beforeSha256: change.beforeSha256,
    afterSha256: change.afterSha256,
    status: 'not-written',
    original: change.kind === 'license-set-aside' ? 'set-aside' : change.beforeSha256 === null ? 'absent' : 'backup',
  };
}

async function write(dialect: HostDialect, change: BalancerChange, timeoutMs: number | undefined): Promise<AppliedFile> {
  const base = record(change);
  if (change.kind === 'license-set-aside') {
    if (change.newPath === undefined || change.beforeSha256 === null) throw new Error(`set-aside of ${change.path} without a new name`);
    await setAside(dialect, change.path, change.newPath, change.beforeSha256, timeoutMs);
    return { ...base, status: 'written', detail: `moved to ${change.newPath}` };
  }
  if (sha256Hex(change.bytes) !== change.afterSha256) throw new Error(`${change.path}: the planned bytes do not match their digest`);
  if (change.beforeSha256 === null) {
    const created = await writeNewFile(dialect, change.path, change.bytes, timeoutMs);
    return { ...base, status: 'written', detail: `created (${created.replacedBy})` };
  }
  const result = await writeFileSafely(dialect, change.path, change.bytes, {
    expectedSha256: change.beforeSha256,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return { ...base, status: 'written', ...(result.backupPath === undefined ? {} : { backupPath: result.backupPath }) };
}

/**
 * Applies a Balancer plan after the instances' changes: the engineer confirms each stored-certificate
 * change; every target is re-read (a file changed since the plan: refused, nothing written) and checked
 * on the host against the path policy; then Balancer is stopped, the files are written (backup, temp
 * file, digest check, rename), Balancer is started and must answer on matching_port. On any failure the
 * written files are restored from their backups and Balancer is started again, and the result says so.
 */
export async function applyBalancerPlan(
  dialect: HostDialect,
  plan: BalancerPlan,
  options: BalancerApplyOptions,
): Promise<BalancerApplyResult> {
  const steps: string[] = [];
  const chosen: BalancerChange[] = [];
  for (const change of plan.changes) {
    if (!change.needsConfirmation || (await options.confirm(change))) chosen.push(change);
    else steps.push(`${change.path}: not confirmed, left as it is`);
  }
  if (chosen.length === 0)
    return {
      outcome: 'nothing',
      message: plan.changes.length === 0 ? 'nothing to change on the Balancer' : 'no Balancer change was confirmed: nothing written',
      files: [],
      steps,
    };
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  for (const change of chosen) {
    const now = await currentSha256(dialect, change.path);
    if (now !== change.beforeSha256)
      return {
        outcome: 'refused',
        message: `${change.path} changed since the plan (sha256 ${now ?? 'no file'}, planned ${change.beforeSha256 ?? 'no file'}): plan again; nothing written`,
        files: chosen.map(record),
        steps,
      };
  }
  const refusal = await hostRefusals(
    dialect,
    plan.policy,
    chosen.flatMap((change) => [change.path, ...(change.newPath ? [change.newPath] : [])]),
    { privileged: true, ...call },
  );
  if (refusal !== undefined)
    return { outcome: 'refused', message: `refused by the path policy, nothing written: ${refusal}`, files: chosen.map(record), steps };

  const polls = options.polls === undefined ? {} : { polls: options.polls };
  await options.onRecord?.(chosen.map(record));
  const stopped = await controlBalancerService(dialect, 'stop', { ...call, ...polls });
  steps.push(`stop: ${stopped.evidence}`);
  if (!stopped.reached)
    return {
      outcome: 'refused',
      message: `Balancer did not stop (${stopped.evidence}): nothing written`,
      files: chosen.map(record),
      steps,
    };

  const files: AppliedFile[] = chosen.map(record);
  let failure: string | undefined;
  for (const [index, change] of chosen.entries()) {
    try {
      await options.beforeWrite?.(change.path);
      files[index] = await write(dialect, change, options.timeoutMs);
      await options.onRecord?.(files);
      steps.push(`${change.path}: written (sha256 ${change.afterSha256})`);
    } catch (error) {
      if (error instanceof SimulatedInterruption) throw error;
      failure = `${change.path}: ${error instanceof Error ? error.message : String(error)}`;
      break;
    }
  }
  if (failure === undefined) {
    await options.beforeStart?.();
    const started = await controlBalancerService(dialect, 'start', { ...call, ...polls });
    steps.push(`start: ${started.evidence}`);
    const answers = started.reached && (await (options.answers ?? tcpAnswers)(options.endpoint.host, options.endpoint.port));
    steps.push(`answers on ${options.endpoint.host}:${options.endpoint.port}: ${answers ? 'yes' : 'no'}`);
    if (answers)
      return {
        outcome: 'applied',
        message: `${files.length} Balancer file(s) written; Balancer started and answers on matching_port`,
        files,
        steps,
      };
    failure = started.reached
      ? `Balancer started but does not answer on ${options.endpoint.host}:${options.endpoint.port}`
      : `Balancer did not start (${started.evidence})`;
    await controlBalancerService(dialect, 'stop', { ...call, ...polls });
  }
  // Rollback: every file the run touched back as the plan read it, newest first, then Balancer as it was.
  for (let index = files.length - 1; index >= 0; index--) {
    const file = files[index];
    if (file !== undefined && file.status !== 'not-written') files[index] = await restoreFile(dialect, file, options.timeoutMs);
  }
  const restarted = await controlBalancerService(dialect, 'start', { ...call, ...polls });
  steps.push(`rollback start: ${restarted.evidence}`);
  const clean = files.every((file) => file.status === 'restored' || file.status === 'not-written');
  return {
    outcome: clean ? 'rolled-back' : 'failed',
    message: `${failure}; ${clean ? 'every file was put back' : 'some files could not be put back: see their backups'}; Balancer ${restarted.reached ? 'started again' : `is not running (${restarted.evidence})`}`,
    files,
    steps,
  };
}
