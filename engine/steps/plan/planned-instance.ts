// One instance's part of the plan document, from what discovery read and what the fixers proposed.
import { sha256Hex } from '../../hosts/dialect/index.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import type { FileChange, InstanceFiles, PlanRefusal } from '../../cybertrace/model/types.js';
import { LICENSE_KEY_SUFFIX } from '../../cybertrace/discovery/discover-instance.js';
import type { PlannedChange, PlannedInstance } from '../../../shared/plan/plan-document.js';
import { relativeToServiceDir } from '../../../shared/plan/group-diffs.js';
import type { Instance } from '../../../shared/project/schema.js';
import type { ReadinessDecision } from './readiness-target.js';
import { isSensitiveChange, sensitiveDisplay, sensitiveFacts } from './sensitive-file.js';

/** An instance that could not be planned: no changes, apply skips it. */
export function erroredInstance(instance: Instance, error: string): PlannedInstance {
  return {
    name: instance.name,
    os: instance.os,
    host: instance.host,
    serviceDir: instance.serviceDir ?? null,
    allowedPaths: [...(instance.allowedPaths ?? [])],
    status: 'error',
    error,
    readiness: null,
    filesRead: [],
    directoriesRead: [],
    changes: [],
    refusals: [],
  };
}

/** Every file the plan read on the instance, with its digest (null: absent); paths the host could not take are left out. */
export function filesRead(dialect: Pick<HostDialect, 'paths'>, files: InstanceFiles): PlannedInstance['filesRead'] {
  const all = [files.serviceConf, files.feedUtilConf, ...(files.certificate ? [files.certificate] : []), ...files.licenseDir.keys];
  const usable = all.filter((file) => {
    // A file the path policy refused was never read; apply must not re-read it (with privilege) either.
    if (!file.present && file.refused === true) return false;
    try {
      dialect.paths.check(file.path);
      return true;
    } catch {
      // e.g. a CertFile that could not be resolved: discovery kept the text as written, which names no host file.
      return false;
    }
  });
  return usable.map((file) => ({ path: file.path, sha256: file.present ? file.sha256 : null }));
}

/**
 * A fixer's change as the plan document keeps it; its digest is checked against its bytes. With `files`
 * (what discovery read) a sensitive file is recognised: its diff and semantic changes become a summary
 * (the bytes stay in memory for apply; the plan file and every display leave them out).
 */
export function plannedChange(
  change: FileChange,
  serviceDir: string,
  os: 'linux' | 'windows',
  dialect?: Pick<HostDialect, 'paths'>,
  files?: InstanceFiles,
): PlannedChange {
  const bytes = Buffer.from(change.afterBytes);
  const actual = sha256Hex(bytes);
  if (actual !== change.afterSha256)
    throw new Error(`the planned bytes of ${change.path} do not match their digest (${actual} vs ${change.afterSha256})`);
  const sensitive = isSensitiveChange(change, files) ? sensitiveFacts(bytes) : undefined;
  const display =
    sensitive === undefined
      ? {
          unifiedDiff: change.unifiedDiff,
          semanticChanges: change.semanticChanges.map((semantic) => ({
            path: semantic.path,
            kind: semantic.kind,
            ...(semantic.before === undefined ? {} : { before: semantic.before }),
            ...(semantic.after === undefined ? {} : { after: semantic.after }),
          })),
        }
      : sensitiveDisplay(change, sensitive, (path) => basenameOf(path, dialect));
  return {
    path: change.path,
    relativePath: relativeToServiceDir(change.path, serviceDir, os),
    kind: change.kind,
    requirements: [...change.requirements],
    beforeSha256: change.beforeSha256 ?? null,
    afterSha256: change.afterSha256,
    ...(change.newPath === undefined ? {} : { newPath: change.newPath }),
    restart: change.restart,
    ...display,
    afterBase64: bytes.toString('base64'),
    ...(sensitive === undefined ? {} : { sensitive }),
  };
}

function basenameOf(path: string, dialect: Pick<HostDialect, 'paths'> | undefined): string {
  try {
    if (dialect) return dialect.paths.basename(path);
  } catch {
    // A path the dialect refuses is still named in the summary, by its last segment.
  }
  return path.split(/[\\/]/).pop() ?? path;
}

/** A planned instance: files read, readiness, changes and refusals (a readiness problem is a refusal of the restart). */
export function plannedInstance(
  instance: Instance,
  dialect: Pick<HostDialect, 'paths'>,
  files: InstanceFiles,
  fixes: { readonly changes: readonly FileChange[]; readonly refusals: readonly PlanRefusal[] },
  readiness: ReadinessDecision,
): PlannedInstance {
  return {
    name: instance.name,
    os: files.os,
    host: instance.host,
    serviceDir: files.serviceDir,
    allowedPaths: [...(instance.allowedPaths ?? [])],
    status: 'planned',
    readiness: readiness.target,
    readinessNote: readiness.note,
    filesRead: filesRead(dialect, files),
    directoriesRead: [
      {
        path: files.licenseDir.path,
        suffix: LICENSE_KEY_SUFFIX,
        entries: files.licenseDir.present ? files.licenseDir.keys.map((key) => dialect.paths.basename(key.path)).sort() : null,
      },
    ],
    changes: fixes.changes.map((change) => plannedChange(change, files.serviceDir, files.os, dialect, files)),
    refusals: fixes.refusals.map((refusal) => ({
      requirement: refusal.requirement,
      reason: refusal.reason,
      ...(refusal.manual === undefined ? {} : { manual: refusal.manual }),
    })),
  };
}
