// The Balancer plan/apply tests' shared set-up: an in-process lab whose project names the lab's Balancer host,
// saved as a project file, and what those tests read back (a fresh audit's Balancer checks, the Balancer folder).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { auditCluster } from '../../../engine/steps/audit/audit-cluster.js';
import { auditReport } from '../../../engine/steps/audit/audit-report.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import type { LabInstance } from '../../../lab/spec.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { serializeProject } from '../../../shared/project/parse.js';
import type { Project } from '../../../shared/project/schema.js';
import { balancerChecks } from '../../../shared/report/balancer-checks.js';
import type { AuditLab } from './audit-lab.js';
import { startAuditLab, withLabBalancerHost } from './audit-lab.js';
import { runDeps } from './run-deps.js';

/** A running lab with its Balancer host in the project, and the project file written in the lab's folder. */
export interface BalancerLab {
  readonly lab: AuditLab;
  readonly project: Project;
  readonly projectPath: string;
}

/** Starts a lab (startAuditLab) and writes its project with the Balancer host (withLabBalancerHost) as `fileName` in its folder. */
export async function startBalancerLab(options: Parameters<typeof startAuditLab>[0], fileName: string): Promise<BalancerLab> {
  const lab = await startAuditLab(options);
  const project = withLabBalancerHost(lab);
  const projectPath = join(lab.dir, fileName);
  writeFileSync(projectPath, serializeProject(project));
  return { lab, project, projectPath };
}

/** The lab host the Balancer runs on (the lab's first host); with `backend`, it must be on that backend. */
export function labBalancerHost(lab: AuditLab, backend?: LabInstance['backend']): LabInstance {
  const host = lab.lab.file.hosts[0]?.instance;
  if (host === undefined) throw new Error('no Balancer lab host');
  if (backend !== undefined && host.backend !== backend)
    throw new Error(`expected the Balancer on an ${backend} host, not ${host.backend}`);
  return host;
}

/** The Balancer checks of a fresh audit of `project`, logged in with `password`. */
export async function auditBalancer(project: Project, password: string) {
  const run = await openClusterRun(project, runDeps(password).deps, { balancer: true, reviewWindowMs: 1_000 });
  try {
    return balancerChecks(auditReport(await auditCluster(run), run.transcript.entries(), run.redactor), 'balancer');
  } finally {
    await run.close();
  }
}

/**
 * Every file below the plan's Balancer folder on the lab host, by its path below that folder, with its sha256:
 * any write, backup or temp file changes it. `backups: false` leaves out the apply's backups (`.ctha-backup-`).
 */
export function balancerFolderDigests(
  host: LabInstance,
  plan: PlanDocument,
  options: { readonly backups?: boolean } = {},
): Record<string, string> {
  const root = hostPathToLocal(host, plan.balancer?.balancerDir ?? '/nonexistent');
  const out: Record<string, string> = {};
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, depth + 1);
      else if (options.backups !== false || !name.includes('.ctha-backup-'))
        out[path.slice(root.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root, 0);
  return out;
}

/**
 * Asserts the Balancer part of an apply that fixed every preset: applied, the listing edit, the licence copy and
 * set-aside and the stored certificate written in that order, between the stop and the start, then the answer on
 * matching_port at `answerHost`.
 */
export function expectBalancerApplied(balancer: ApplyReport['balancer'], answerHost: string): void {
  expect(balancer?.outcome).toBe('applied');
  expect(balancer?.files.map((file) => [file.kind, file.status])).toEqual([
    ['edit', 'written'],
    ['copy', 'written'],
    ['set-aside', 'written'],
    ['edit', 'written'],
  ]);
  expect(balancer?.steps.map((step) => step.split(':')[0])).toEqual([
    'stop',
    ...(balancer?.files ?? []).map((file) => file.path),
    'start',
    `answers on ${answerHost}`,
  ]);
}
