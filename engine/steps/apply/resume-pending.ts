// Before anything is read or planned: whatever an interrupted run left in the journal is finished or undone.
import { readyDeadlineInEffect } from '../../../shared/contract/ops/plan-apply.js';
import type { ResumeResult } from '../../../shared/plan/apply-report.js';
import type { ApplyJournal } from '../journal/apply-journal.js';
import type { ClusterRun } from '../run/run-types.js';
import type { ApplyOptions } from './apply-types.js';
import { resumeEntry } from './resume-entry.js';

/**
 * Resumes every journal entry of an instance the run could open, in parallel (the interrupted run left
 * those instances down already: waiting one for another would only keep them down longer); entries of
 * other hosts stay.
 */
export async function resumePending(run: ClusterRun, journal: ApplyJournal, runOptions: ApplyOptions): Promise<Map<string, ResumeResult>> {
  const results = new Map<string, ResumeResult>();
  // A resumed restart waits for PONG as long as an apply would: the run's option, the project's, else the default.
  const options: ApplyOptions = {
    ...runOptions,
    readyDeadlineMs: readyDeadlineInEffect(runOptions.readyDeadlineMs, run.project.readyDeadlineMs).ms,
  };
  await Promise.all(
    journal.entries().map(async (entry) => {
      const member = run.member(entry.instance);
      if (!member) {
        results.set(entry.instance, {
          outcome: 'failed',
          message: `${entry.instance} is no longer in the project; its journal entry is kept`,
          journalState: entry.state,
          files: [],
          steps: [],
        });
        return;
      }
      if (!member.ok) {
        results.set(entry.instance, {
          outcome: 'failed',
          message: `cannot reach ${entry.instance} to resume its interrupted apply (${member.stage}: ${member.reason}); the journal keeps it`,
          journalState: entry.state,
          files: [],
          steps: [],
        });
        return;
      }
      results.set(entry.instance, await resumeEntry(member, entry, journal, options));
    }),
  );
  return results;
}
