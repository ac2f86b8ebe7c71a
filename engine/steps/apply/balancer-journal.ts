// A record of a Balancer apply under way (issue 14), beside the project like the instances' journal: written
// before Balancer is stopped, updated with each backup, removed when the step ended applied or rolled back;
// the next apply completes it (its copy had finished) or undoes what it lists (balancer-resume.ts).
import { readFile, rm } from 'node:fs/promises';
import { ApiError } from '../../../shared/contract/errors.js';
import { z } from 'zod';
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import { AppliedFileSchema } from '../../../shared/plan/apply-report.js';
import { besideProject } from '../../project/project-file.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../../util/atomic-write.js';

/** `cluster.ctha.json` → `cluster.ctha-balancer-journal.json`, beside the project file. */
export function balancerJournalPathFor(projectPath: string): string {
  return besideProject(projectPath, 'balancer-journal');
}

/** Where Balancer must answer once started (its address and matching_port): what completing an unfinished step checks. */
export interface BalancerEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Writes what the Balancer step is about to do or has done (files, backups, where Balancer must answer),
 * atomically and owner-only.
 */
export async function recordBalancerStep(
  projectPath: string,
  host: string,
  files: readonly AppliedFile[],
  endpoint?: BalancerEndpoint,
): Promise<void> {
  const text = `${JSON.stringify({ host, writtenAt: new Date().toISOString(), files, ...(endpoint === undefined ? {} : { endpoint }) }, null, 2)}\n`;
  await writeFileAtomic(balancerJournalPathFor(projectPath), text, { mode: OWNER_ONLY_MODE });
}

/** Removes the record once Balancer is as planned or as it was. */
export async function clearBalancerStep(projectPath: string): Promise<void> {
  await rm(balancerJournalPathFor(projectPath), { force: true });
}

/** An unfinished step's record, as written. */
export interface BalancerStepRecord {
  readonly host: string;
  readonly files: readonly AppliedFile[];
  /** Absent in records written before the step could be completed: such a step is undone. */
  readonly endpoint?: BalancerEndpoint | undefined;
}

/** Reads the record of an unfinished Balancer step; undefined when there is none. A damaged record is an error (it may list backups). */
export async function readBalancerStep(projectPath: string): Promise<BalancerStepRecord | undefined> {
  const path = balancerJournalPathFor(projectPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ApiError({ code: 'io', message: `cannot read ${path}: ${(error as Error).message}` });
  }
  const parsed = RecordSchema.safeParse(safeJson(text));
  if (!parsed.success)
    throw new ApiError({
      code: 'invalid-input',
      message: `${path} (an unfinished Balancer step) is damaged and may list backups: check the Balancer's files and their *.ctha-backup-* copies by hand, then delete it`,
    });
  return parsed.data;
}

/** Names the record, its host, and every file with its state and backup. */
export function unfinishedMessage(projectPath: string, record: BalancerStepRecord): string {
  const files = record.files
    .map((file) => `${file.path} (${file.status}${file.backupPath === undefined ? '' : `, backup ${file.backupPath}`})`)
    .join('; ');
  return `an earlier apply's Balancer step did not finish (${balancerJournalPathFor(projectPath)}) on ${record.host}: ${files}`;
}

const RecordSchema = z.object({
  host: z.string().min(1),
  files: z.array(AppliedFileSchema),
  endpoint: z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }).optional(),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
