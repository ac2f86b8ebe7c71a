// The next run after an interrupted one: finish the pending restart when every file was written, otherwise undo.
import type { AppliedFile, ResumeResult } from '../../../shared/plan/apply-report.js';
import type { ServiceController } from '../../hosts/dialect/index.js';
import type { RunMember } from '../run/run-types.js';
import type { ApplyJournal } from '../journal/apply-journal.js';
import type { JournalEntry } from '../journal/journal-schema.js';
import { ApplyStepLog } from './apply-step-log.js';
import type { ApplyOptions } from './apply-types.js';
import { DEFAULT_READY_DEADLINE_MS } from './apply-types.js';
import { journalFileRecord, withFile, withState } from './journal-entry.js';
import { awaitReady } from './readiness.js';
import { cleanUp, rollBack } from './rollback.js';
import { pathsNotIn, touchedChanges } from './path-states.js';

/**
 * Resumes one journal entry. Every file holding its new bytes (and no rollback under way): the pending
 * restart is done, PONG awaited and the bytes confirmed ('completed'). Anything less: the written files are
 * restored (backups found by name when the run died before recording them), the service started and the
 * originals confirmed ('rolled-back'). The entry is cleared only when confirmed; otherwise it stays.
 */
export async function resumeEntry(
  member: RunMember,
  entry: JournalEntry,
  journal: ApplyJournal,
  options: ApplyOptions,
): Promise<ResumeResult> {
  const { dialect } = member;
  const steps = new ApplyStepLog();
  const deadline = options.readyDeadlineMs ?? DEFAULT_READY_DEADLINE_MS;
  const call = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  let files: AppliedFile[] = entry.files.map(journalFileRecord);
  const done = (outcome: ResumeResult['outcome'], message: string): ResumeResult => ({
    outcome,
    message,
    journalState: entry.state,
    files,
    steps: steps.records,
  });
  try {
    const allApplied = await steps.run(
      'resume',
      undefined,
      async () => {
        // The host decides, not the journal: the run may have died between a rename and its journal write.
        const applied = (await pathsNotIn(dialect, entry.files, 'final')).length === 0;
        const touched = await touchedChanges(dialect, entry.files);
        files = files.map((file, index) => {
          if (applied) return { ...file, status: 'written' as const };
          return touched[index]
            ? { ...file, status: 'unknown' as const, detail: 'changed on the host, not confirmed by the journal' }
            : { ...file, status: 'not-written' as const };
        });
        return applied;
      },
      (applied) => `journal state ${entry.state}; ${applied ? 'every file holds its new bytes' : 'not every file was written'}`,
    );
    let controller: ServiceController | undefined;
    if (entry.restart)
      controller = await steps.run(
        'service',
        undefined,
        () => dialect.serviceController(entry.serviceDir === null ? {} : { serviceDir: entry.serviceDir }, call),
        (found) => found.method,
      );

    if (allApplied && entry.state !== 'rolling-back') {
      if (controller) {
        const service = controller;
        await journal.update(entry.instance, (current) => withState(current, 'starting'));
        await steps.run(
          'start',
          undefined,
          () => service.start(call),
          (result) => `${result.method}: ${result.outcome}, ${result.state}`,
        );
        const target = entry.readiness;
        if (target === null) throw new Error('the input port is unknown: readiness cannot be checked');
        await steps.run(
          'ready',
          undefined,
          () => awaitReady(target, deadline),
          (ready) => `PONG from ${ready.host}:${ready.port} after ${ready.ms} ms (deadline ${deadline} ms)`,
        );
      }
      const leftovers: string[] = [];
      await cleanUp(dialect, files, steps, leftovers, options.timeoutMs);
      await journal.clear(entry.instance);
      return done(
        'completed',
        `the interrupted apply had written every file; ${controller ? 'the pending restart was done and the service answers PONG' : 'nothing was pending'}${leftovers.length > 0 ? `; ${leftovers.join('; ')}` : ''}`,
      );
    }
    await journal.update(entry.instance, (current) => withState(current, 'rolling-back'));
    // Files the host shows as changed are "touched", whatever the journal recorded.
    const undone = await rollBack({
      dialect,
      files,
      restartService: entry.restart,
      controller,
      readiness: entry.readiness,
      readyDeadlineMs: deadline,
      steps,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      onFile: (file) => journal.update(entry.instance, (current) => withFile(current, file)),
    });
    files = undone.files;
    if (!undone.confirmed)
      return done('failed', `the interrupted apply could not be undone: ${undone.problems.join('; ')}; the journal keeps the entry`);
    await journal.clear(entry.instance);
    return done(
      'rolled-back',
      `the interrupted apply (${entry.state}) was undone: written files restored and confirmed original${entry.restart ? ', service started and answering PONG' : ''}`,
    );
  } catch (error) {
    return done(
      'failed',
      `the interrupted apply could not be resumed: ${error instanceof Error ? error.message : String(error)}; the journal keeps the entry`,
    );
  }
}
