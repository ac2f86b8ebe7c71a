// A record of a Balancer apply under way (issue 14), beside the project like the instances' journal: written
// before Balancer is stopped, updated with each backup, removed when the step ended applied or rolled back.
import { readFile, rm } from 'node:fs/promises';
import { ApiError } from '../../../shared/contract/errors.js';
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../../util/atomic-write.js';

/** `cluster.ctha.json` → `cluster.ctha-balancer-journal.json`, beside the project file. */
export function balancerJournalPathFor(projectPath: string): string {
  return projectPath.endsWith('.ctha.json')
    ? `${projectPath.slice(0, -'.ctha.json'.length)}.ctha-balancer-journal.json`
    : `${projectPath}.ctha-balancer-journal.json`;
}

/** Writes what the Balancer step is about to do or has done (files, backups), atomically and owner-only. */
export async function recordBalancerStep(projectPath: string, host: string, files: readonly AppliedFile[]): Promise<void> {
  const text = `${JSON.stringify({ host, writtenAt: new Date().toISOString(), files }, null, 2)}\n`;
  await writeFileAtomic(balancerJournalPathFor(projectPath), text, { mode: OWNER_ONLY_MODE });
}

/** Removes the record once Balancer is as planned or as it was. */
export async function clearBalancerStep(projectPath: string): Promise<void> {
  await rm(balancerJournalPathFor(projectPath), { force: true });
}

/**
 * Refuses, before any host is touched, when an earlier Balancer step did not finish (the process died, or
 * its rollback could not be confirmed): it is not resumed automatically (Balancer may be stopped with some
 * files written), so the engineer is told which files and backups to check.
 */
export async function refuseUnfinishedBalancerStep(projectPath: string): Promise<void> {
  const path = balancerJournalPathFor(projectPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ApiError({ code: 'io', message: `cannot read ${path}: ${(error as Error).message}` });
  }
  let listed = 'its files';
  try {
    const record = JSON.parse(text) as { host?: string; files?: AppliedFile[] };
    listed = (record.files ?? [])
      .map((file) => `${file.path} (${file.status}${file.backupPath === undefined ? '' : `, backup ${file.backupPath}`})`)
      .join('; ');
    listed = `on ${record.host ?? '?'}: ${listed}`;
  } catch {
    // A damaged record still refuses: it may list backups.
  }
  throw new ApiError({
    code: 'invalid-input',
    message: `an earlier apply's Balancer step did not finish (${path}) ${listed}; it is not resumed automatically: check each file holds its planned or original bytes (backups beside them), start Balancer, then delete ${path} and apply again`,
  });
}
