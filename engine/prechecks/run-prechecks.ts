// `prechecks.run`: the pre-checks in a cluster run of their own (one host-key review, one login per host,
// progress and transcript events like every other step), closed when they end.
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { PinnedHostKey, Project } from '../../shared/project/schema.js';
import type { TranscriptEntry } from '../ssh/transcript/entry.js';
import { openClusterRun } from '../steps/run/open-cluster-run.js';
import type { ClusterRunDeps, ClusterRunOptions } from '../steps/run/run-types.js';
import { runPrechecksOnRun } from './run-prechecks-on-run.js';

/** What a pre-check run found, the keys newly accepted, and the project with them pinned. */
export interface PrecheckRun {
  readonly results: PrecheckResult[];
  readonly accepted: readonly PinnedHostKey[];
  readonly project: Project;
  readonly transcript: readonly TranscriptEntry[];
}

/** Runs every pre-check on every instance in parallel, then the cluster-wide ones; never throws for a host's failure. */
export async function runPrechecks(
  project: Project,
  deps: ClusterRunDeps,
  options: Pick<ClusterRunOptions, 'timeouts' | 'reviewWindowMs'> = {},
): Promise<PrecheckRun> {
  // The project's Balancer host is checked too (issue 14): reachable, its key, login and privilege.
  const run = await openClusterRun(project, deps, { ...options, balancer: project.balancer !== undefined });
  try {
    const results = await runPrechecksOnRun(run);
    return { results, accepted: run.accepted, project: run.project, transcript: run.transcript.entries() };
  } finally {
    await run.close();
  }
}
