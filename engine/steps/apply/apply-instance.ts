// One instance's apply: stale check, journal, stop, safe writes, start, PONG, verify; on any failure the rollback.
import { readyDeadlineInEffect, type ReadyDeadline } from '../../../shared/contract/ops/plan-apply.js';
import type { AppliedFile, ApplyStepName, InstanceApplyResult, InstanceOutcome } from '../../../shared/plan/apply-report.js';
import type { PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { ServiceController } from '../../hosts/dialect/index.js';
import { failureReason } from '../../hosts/dialect/index.js';
import type { RunControl } from '../run/run-control.js';
import type { RunProgress } from '../run/run-progress.js';
import type { RunMember } from '../run/run-types.js';
import type { ApplyJournal } from '../journal/apply-journal.js';
import { ApplyStepFailure, ApplyStepLog } from './apply-step-log.js';
import type { ApplyOptions } from './apply-types.js';
import { SimulatedInterruption } from './apply-types.js';
import { newJournalEntry, withFile, withState } from './journal-entry.js';
import type { ReadinessRecord } from './readiness.js';
import type { Reobservation } from './reobserve.js';
import { awaitReady, readinessOf } from './readiness.js';
import { rollBack } from './rollback.js';
import { pathsNotIn } from './path-states.js';
import { checkFreshness } from './stale-check.js';
import { ChangeWriteError, checkChangePaths, PathPolicyError, pendingFile, writeChange } from './write-change.js';
import { lexicalRefusal, pathPolicy } from '../../cybertrace/discovery/path-policy.js';

/** What one instance's apply needs. */
export interface InstanceApplyInput {
  readonly member: RunMember;
  readonly planned: PlannedInstance;
  readonly planCreatedAt: string;
  readonly journal: ApplyJournal;
  readonly options: ApplyOptions;
  /** The readiness deadline in effect and where it came from (default: options.readyDeadlineMs, else the default). */
  readonly readyDeadline?: ReadyDeadline;
  /** Observes the instance before and after the writes: after, what is not confirmed fixed (see reobserve.ts). */
  readonly reobserve?: { readonly before: () => Promise<void>; readonly after: () => Promise<Reobservation> };
  /** The run's events: every step of this instance (rollback included) is reported as it starts and ends. */
  readonly progress?: RunProgress;
  /** The run's cancel switch: checked before the journal entry; from there on the instance's writes, stop/start and rollback finish. */
  readonly control?: RunControl;
}

/** The message of an instance a cancelled apply did not start. */
export const NOT_STARTED_CANCELLED = 'not started: the apply was cancelled before this instance was written; nothing was touched';

/** Reports one instance's apply steps: a skipped step is `done` with why, a file step names its file. */
function stepListener(progress: RunProgress | undefined, instance: string): ConstructorParameters<typeof ApplyStepLog>[0] {
  if (!progress) return undefined;
  return (step, state, file, detail) => {
    const text = [file, state === 'skipped' ? `skipped: ${detail ?? ''}` : detail]
      .filter((part) => part !== undefined && part !== '')
      .join(': ');
    progress.step(step, state === 'skipped' ? 'done' : state, { instance, ...(text === '' ? {} : { detail: text }) });
  };
}

/** How the ready step names where its deadline came from. */
const DEADLINE_SOURCE: Readonly<Record<ReadyDeadline['source'], string>> = {
  run: 'asked for this run',
  project: "the project's readyDeadlineMs",
  default: 'the default',
};

/** Applies one instance's planned changes; never throws for a host's failure: the result says what happened. */
export async function applyInstance(input: InstanceApplyInput): Promise<InstanceApplyResult> {
  const { member, planned, journal, options } = input;
  const { dialect } = member;
  const name = planned.name;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const steps = new ApplyStepLog(stepListener(input.progress, name));
  const readyDeadline = input.readyDeadline ?? readyDeadlineInEffect(options.readyDeadlineMs, undefined);
  const deadline = readyDeadline.ms;
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const hook = async (step: ApplyStepName, file?: string): Promise<void> => {
    await options.hooks?.beforeStep?.(name, step, file);
  };
  let files: AppliedFile[] = planned.changes.map(pendingFile);
  let restarted = false;
  let readiness: ReadinessRecord | undefined;
  const finish = (outcome: InstanceOutcome, message: string, failure?: ApplyStepFailure): InstanceApplyResult => ({
    instance: name,
    outcome,
    message,
    ...(failure === undefined
      ? {}
      : {
          failure: {
            step: failure.step,
            ...(failure.file === undefined ? {} : { file: failure.file }),
            reason: failureReason(failure.cause),
            message: failure.message,
          },
        }),
    restarted,
    files,
    steps: steps.records,
    ...(readiness === undefined
      ? {}
      : {
          readiness: {
            host: readiness.host,
            port: readiness.port,
            ok: readiness.ok,
            ms: readiness.ms,
            ...(readiness.reason === undefined ? {} : { reason: readiness.reason }),
          },
        }),
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });

  if (planned.status === 'error') return finish('skipped', `not planned: ${planned.error ?? 'the instance could not be read'}`);
  if (planned.changes.length === 0) return finish('unchanged', 'nothing to change');

  // Refusals first: nothing on the host has been touched yet. The path policy is the last gate whatever the
  // plan says: the service folder is the project's, else the one discovery found in this run (a saved plan's
  // instance was re-derived from the live host before it got here).
  const serviceDir = member.instance.serviceDir ?? planned.serviceDir;
  if (serviceDir === null)
    return finish('refused', 'the service folder is unknown, so no path can be checked against it; nothing was written');
  const policy = pathPolicy(serviceDir, member.instance);
  try {
    await steps.run(
      'path-policy',
      undefined,
      async () => {
        // The stale check re-reads every file the plan read, with privilege where needed: none may lie outside.
        for (const read of [...planned.filesRead, ...planned.directoriesRead]) {
          const refusal = lexicalRefusal(dialect, policy, read.path);
          if (refusal !== undefined) throw new PathPolicyError(`refused by the path policy, nothing read or written: ${refusal}`);
        }
        await checkChangePaths(dialect, planned.changes, policy, options.timeoutMs);
        return `${planned.changes.length} path(s) inside ${serviceDir}${policy.allowedPaths.length > 0 ? ` or allowed (${policy.allowedPaths.join(', ')})` : ''}`;
      },
      (text) => text,
    );
  } catch (error) {
    return finish('refused', (error as Error).message, error as ApplyStepFailure);
  }
  let freshness;
  try {
    freshness = await steps.run(
      'stale-check',
      undefined,
      async () => {
        await hook('stale-check');
        return checkFreshness(dialect, planned);
      },
      (found) => (found.kind === 'stale' ? `${found.path}: expected ${found.expected}, found ${found.found}` : found.kind),
    );
  } catch (error) {
    return finish(
      'refused',
      `the files could not be re-read, so nothing was written: ${(error as Error).message}`,
      error as ApplyStepFailure,
    );
  }
  if (freshness.kind === 'stale') {
    return finish(
      'refused',
      `stale plan: ${freshness.path} changed since the plan was made (expected ${freshness.expected}, found ${freshness.found}); nothing was written`,
    );
  }
  if (freshness.kind === 'already-applied') {
    files = files.map((file) => ({ ...file, status: 'written', detail: 'already held the planned bytes' }));
    return finish('unchanged', 'already holds the planned bytes (applied by an earlier run); nothing was written');
  }
  if (member.privilege.detected === 'none')
    return finish('refused', `no administrative privilege on the host (${member.privilege.detail}); nothing was written`);
  const restart = planned.changes.some((change) => change.restart);
  if (restart && planned.readiness === null) {
    return finish(
      'refused',
      "a change needs a restart, but the instance's input port is unknown, so readiness could not be checked; nothing was written",
    );
  }
  let controller: ServiceController | undefined;
  if (restart) {
    try {
      controller = await steps.run(
        'service',
        undefined,
        () => dialect.serviceController(planned.serviceDir === null ? {} : { serviceDir: planned.serviceDir }, call),
        (found) => found.method,
      );
    } catch (error) {
      return finish(
        'refused',
        `the service cannot be controlled, so nothing was written: ${(error as Error).message}`,
        error as ApplyStepFailure,
      );
    }
  } else steps.skip('stop', 'no change needs a restart');

  // The last point where a cancelled run stops this instance: from the journal on, it ends written and ready or rolled back.
  if (input.control?.cancelled) return finish('skipped', NOT_STARTED_CANCELLED);
  const { control } = input;
  const protect = <T>(work: () => Promise<T>): Promise<T> => (control === undefined ? work() : control.protect(work));
  return protect(async () => {
    // The "before" of the post-apply verdict: a part that cannot be read now is no failure if it still cannot be read then.
    await input.reobserve?.before();

    try {
      // Written before the service stops: a run killed from here on is resumed by the next one.
      await journal.put(newJournalEntry(planned, input.planCreatedAt, restart));
    } catch (error) {
      return finish('refused', `the apply journal could not be written, so nothing was touched: ${(error as Error).message}`);
    }

    let serviceTouched = false;
    try {
      if (controller) {
        const service = controller;
        await steps.run(
          'stop',
          undefined,
          async () => {
            await hook('stop');
            serviceTouched = true;
            return service.stop(call);
          },
          (result) => `${result.method}: ${result.outcome}, ${result.state}`,
        );
      }
      await journal.update(name, (entry) => withState(entry, 'writing'));
      for (const [index, change] of planned.changes.entries()) {
        await steps.run(
          'write',
          change.path,
          async () => {
            await hook('write', change.path);
            try {
              files[index] = await writeChange(dialect, change, { ...options, policy });
            } catch (error) {
              if (error instanceof ChangeWriteError) files[index] = error.file;
              throw error;
            }
            const written = files[index];
            if (written) await journal.update(name, (entry) => withFile(entry, written));
            return written;
          },
          (written) => (written?.backupPath ? `backup ${written.backupPath}` : written?.detail),
        );
      }
      if (controller) {
        const service = controller;
        await journal.update(name, (entry) => withState(entry, 'starting'));
        await steps.run(
          'start',
          undefined,
          async () => {
            await hook('start');
            restarted = true;
            return service.start(call);
          },
          (result) => `${result.method}: ${result.outcome}, ${result.state}`,
        );
        const target = planned.readiness;
        if (target !== null) {
          readiness = await steps.run(
            'ready',
            undefined,
            async () => {
              await hook('ready');
              return awaitReady(target, deadline);
            },
            (ready) =>
              `PONG from ${ready.host}:${ready.port} after ${ready.ms} ms (deadline ${deadline} ms, ${DEADLINE_SOURCE[readyDeadline.source]})`,
          );
        }
      }
      await steps.run(
        'verify',
        undefined,
        async () => {
          await hook('verify');
          const wrong = await pathsNotIn(dialect, planned.changes, 'final');
          if (wrong.length > 0) throw new Error(`the host does not hold the planned bytes: ${wrong.join(', ')}`);
          if (!input.reobserve) return 'planned bytes in place';
          const seen = await input.reobserve.after();
          if (seen.failures.length > 0) throw new Error(`re-observed after the apply, not confirmed fixed: ${seen.failures.join('; ')}`);
          return `planned bytes in place; re-observed: the requirements match${seen.notes.length > 0 ? ` (${seen.notes.join('; ')})` : ''}`;
        },
        (text) => text,
      );
      await journal.clear(name);
      const backups = files.filter((file) => file.backupPath).length;
      return finish(
        'applied',
        `${files.length} file(s) changed${backups ? ` (${backups} backup(s) kept)` : ''}${restarted ? `; service restarted and ready (PONG after ${readiness?.ms ?? '?'} ms)` : ''}`,
      );
    } catch (error) {
      const failure = error instanceof ApplyStepFailure ? error : new ApplyStepFailure('write', undefined, error);
      readiness = readinessOf(failure.cause) ?? readiness;
      if (failure.cause instanceof SimulatedInterruption) {
        return finish(
          'interrupted',
          `interrupted before "${failure.step}"${failure.file ? ` of ${failure.file}` : ''}; the journal ${journal.path} holds what the next run resumes`,
          failure,
        );
      }
      const where = `"${failure.step}" failed${failure.file ? ` on ${failure.file}` : ''}: ${failure.message}`;
      await journal.update(name, (entry) => withState(entry, 'rolling-back')).catch(() => undefined);
      const undone = await rollBack({
        dialect,
        files,
        restartService: serviceTouched || restarted,
        controller,
        readiness: planned.readiness,
        readyDeadlineMs: deadline,
        steps,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        onFile: (file) => journal.update(name, (entry) => withFile(entry, file)),
      });
      files = undone.files;
      if (undone.readiness) readiness = undone.readiness;
      if (undone.confirmed) {
        await journal.clear(name).catch(() => undefined);
        const restoredCount = files.filter((file) => file.status === 'restored').length;
        const service =
          serviceTouched || restarted ? `; the service was started again and answers PONG${readiness ? ` (${readiness.ms} ms)` : ''}` : '';
        return finish(
          'rolled-back',
          `${where}. Rolled back: ${restoredCount} written file(s) restored and confirmed original${service}`,
          failure,
        );
      }
      return finish(
        'failed',
        `${where}. The rollback is incomplete: ${undone.problems.join('; ')}. Backups are kept; the journal ${journal.path} keeps the entry for the next run`,
        failure,
      );
    }
  });
}
