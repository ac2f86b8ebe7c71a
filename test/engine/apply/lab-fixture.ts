// Runs over a test lab (test/support/lab.ts) and hand-made plans, so the apply machinery is tested apart
// from the fixers.
import { readFileSync } from 'node:fs';
import { discoverInstance } from '../../../engine/cybertrace/discovery/discover-instance.js';
import type { FileChange } from '../../../engine/cybertrace/model/types.js';
import { readInstanceConfig } from '../../../engine/cybertrace/model/read-instance-config.js';
import { unifiedDiff } from '../../../engine/cybertrace/xml/index.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { readProjectFile } from '../../../engine/project/project-file.js';
import { plannedInstance } from '../../../engine/steps/plan/planned-instance.js';
import { readinessTarget } from '../../../engine/steps/plan/readiness-target.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRun, RunMember } from '../../../engine/steps/run/run-types.js';
import { groupDiffs } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument, PlannedInstance } from '../../../shared/plan/plan-document.js';
import { PLAN_FORMAT_VERSION } from '../../../shared/plan/plan-document.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import type { TestLab } from '../../support/lab.js';
import { runDeps } from '../audit/run-deps.js';

/** Opens a run over the lab's project (keys accepted, password answered). */
export async function openLabRun(lab: TestLab): Promise<ClusterRun> {
  const opened = await readProjectFile(lab.file.projectPath);
  return openClusterRun(opened.project, runDeps(lab.file.credentials.password).deps, { reviewWindowMs: 500 });
}

/** The open member of a run, or an error naming why not. */
export function memberOf(run: ClusterRun, name: string): RunMember {
  const member = run.member(name);
  if (!member?.ok) throw new Error(`${name} is not open: ${member && !member.ok ? member.reason : 'unknown'}`);
  return member;
}

/** A hand-made change of one file: new bytes from a function of the old ones. */
export interface HandEdit {
  readonly instance: string;
  readonly path: (files: { serviceConf: string; feedUtilConf: string; licenseDir: string }) => string;
  readonly edit?: (old: Buffer) => Buffer;
  readonly restart: boolean;
  /** A new file (copy) instead of an edit: its bytes. */
  readonly create?: Buffer;
  /** A set-aside to this name in the same folder. */
  readonly setAsideTo?: string;
}

/** Reads every instance through discovery and builds a plan holding exactly the given edits. */
export async function handPlan(run: ClusterRun, lab: TestLab, edits: readonly HandEdit[]): Promise<PlanDocument> {
  const instances: PlannedInstance[] = [];
  for (const instance of run.project.instances) {
    const member = memberOf(run, instance.name);
    const discovery = await discoverInstance(member);
    const files = discovery.files;
    if (!files) throw new Error(`${instance.name}: discovery found no files`);
    const changes: FileChange[] = [];
    for (const edit of edits.filter((candidate) => candidate.instance === instance.name)) {
      const path = edit.path({
        serviceConf: files.serviceConf.path,
        feedUtilConf: files.feedUtilConf.path,
        licenseDir: files.licenseDir.path,
      });
      if (edit.create) {
        changes.push(fileChange(path, 'copy', undefined, edit.create, edit.restart, unifiedDiff(path, '', edit.create.toString('latin1'))));
        continue;
      }
      const old = readFileSync(lab.local(instance.name, path));
      if (edit.setAsideTo !== undefined) {
        const newPath = member.dialect.paths.join(member.dialect.paths.dirname(path), edit.setAsideTo);
        changes.push({ ...fileChange(path, 'set-aside', sha256Hex(old), old, edit.restart, ''), newPath });
        continue;
      }
      const after = (edit.edit ?? ((bytes: Buffer) => bytes))(old);
      changes.push(
        fileChange(path, 'edit', sha256Hex(old), after, edit.restart, unifiedDiff(path, old.toString('utf8'), after.toString('utf8'))),
      );
    }
    instances.push(
      plannedInstance(
        instance,
        member.dialect,
        files,
        { changes, refusals: [] },
        readinessTarget(instance.host, readInstanceConfig(files)),
      ),
    );
  }
  const changes = instances.reduce((sum, instance) => sum + instance.changes.length, 0);
  return {
    planFormatVersion: PLAN_FORMAT_VERSION,
    project: { name: run.project.name, path: lab.file.projectPath, sha256: sha256Hex(readFileSync(lab.file.projectPath)) },
    createdAt: new Date().toISOString(),
    toolVersion: 'test',
    referenceInstance: run.project.referenceInstance,
    requirements: [...REQUIREMENT_IDS],
    instances,
    groups: groupDiffs(instances),
    summary: { changes, instancesWithChanges: instances.filter((instance) => instance.changes.length > 0).length, refusals: 0, errors: 0 },
  };
}

function fileChange(
  path: string,
  kind: FileChange['kind'],
  beforeSha256: string | undefined,
  after: Buffer,
  restart: boolean,
  diff: string,
): FileChange {
  return {
    path,
    requirements: ['req8'],
    kind,
    beforeSha256,
    afterBytes: after,
    afterSha256: sha256Hex(after),
    restart,
    unifiedDiff: diff,
    semanticChanges: [],
  };
}

/** Replaces the first occurrence of `from` (which must exist) in a file's text, keeping every other byte. */
export function replaceOnce(from: string, to: string): (old: Buffer) => Buffer {
  return (old) => {
    const text = old.toString('latin1');
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`"${from}" not found`);
    return Buffer.from(text.slice(0, at) + to + text.slice(at + from.length), 'latin1');
  };
}
