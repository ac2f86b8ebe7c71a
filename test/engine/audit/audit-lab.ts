// A lab started in this process for audit tests, with the project and the deps to log in to it.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LabOptions } from '../../../lab/orchestrator/lab-options.js';
import type { RunningLab } from '../../../lab/orchestrator/run-lab.js';
import { labBalancerEntry } from '../../../lab/orchestrator/lab-project.js';
import { runLab } from '../../../lab/orchestrator/run-lab.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { DEFAULT_DRIFT } from '../../../lab/drift/default-drift.js';
import type { DriftPreset } from '../../../lab/spec.js';
import { parseProjectText } from '../../../shared/project/parse.js';
import type { Project } from '../../../shared/project/schema.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';

/** The requirement each drift preset breaks (lab/spec.ts DRIFT_PRESETS comments). */
export const PRESET_REQUIREMENT: Readonly<Record<DriftPreset, RequirementId>> = {
  feeds: 'req2',
  'req-missing': 'req6',
  'req-regex': 'req6',
  'req-type': 'req6',
  'event-format': 'req7',
  'finished-disabled': 'req8',
  'finished-absent': 'req8',
  'export-tasks': 'req5',
  license: 'req4',
  certificate: 'req1',
  alerts: 'alerts',
};

/** A running in-process lab. */
export interface AuditLab {
  readonly lab: RunningLab;
  readonly project: Project;
  readonly password: string;
  /** The lab Balancer's kl_balancer.conf (a local file). */
  readonly balancerConf: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts a lab in this process with the built simulator (`npm run build:node` first). */
export async function startAuditLab(
  options: Pick<LabOptions, 'linux' | 'windows' | 'backend' | 'version' | 'drift' | 'addressBase'> & Partial<Pick<LabOptions, 'faults'>>,
): Promise<AuditLab> {
  const parent = mkdtempSync(join(tmpdir(), 'ctha-audit-'));
  // OpenSSH hosts read the login user's keys as that user: the folders must let others pass.
  chmodSync(parent, 0o755);
  const dir = join(parent, 'lab');
  // Created here: runLab's first mkdir (keys, 0700) would otherwise create the lab folder 0700 too.
  mkdirSync(dir, { mode: 0o755 });
  const lab = await runLab(
    { dir, faults: [], readyDelayMs: 0, ...options },
    { nodePath: process.execPath, simulatorPath: resolve('dist/lab/kl_feed_service.js'), systemctlPath: resolve('dist/lab/systemctl.js') },
    process.pid,
  );
  const parsed = parseProjectText(readFileSync(lab.file.projectPath, 'utf8'));
  if (!parsed.ok) throw new Error('the lab wrote an invalid project');
  return {
    lab,
    project: parsed.project,
    password: lab.file.credentials.password,
    balancerConf: join(dir, 'balancer', ...BALANCER_FILES.conf),
    dir,
    stop: async () => {
      await lab.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** The requirements the `--drift default` mix breaks on each instance, by instance index. */
export function expectedDrift(index: number, count: number): RequirementId[] {
  return [...new Set(DEFAULT_DRIFT(index, count).map((preset) => PRESET_REQUIREMENT[preset]))].sort();
}

/** The project with requirement 3 attested on every instance: its indicators cannot be read by any documented API. */
export function withReq3Attested(project: Project): Project {
  return {
    ...project,
    attestations: project.instances.map((instance) => ({
      requirement: 'req3' as const,
      instance: instance.name,
      note: 'FalsePositive/InternalTI lists compared by hand in CyberTrace Web',
      engineer: 'Test Engineer',
      date: '2025-01-01T00:00:00Z',
    })),
  };
}

/**
 * The lab's project with the host its Balancer runs on as the project's Balancer host (lab.json's
 * `balancer.host`) and requirement 3 attested: what the Balancer plan/apply tests commission.
 */
export function withLabBalancerHost(lab: AuditLab): Project {
  const entry = labBalancerEntry(lab.lab.file.balancer, lab.project);
  if (entry === undefined) throw new Error('the lab has no Balancer host');
  return withReq3Attested({ ...lab.project, balancer: entry as NonNullable<Project['balancer']> });
}
