import { compareObservation } from '../../../shared/requirements/compare/compare-observation.js';
import { REQUIREMENT_IDS, type RequirementId } from '../../../shared/requirements/ids.js';
import { MANUAL_STEPS } from '../../../shared/requirements/manual-steps.js';
import type { Observation } from '../../../shared/requirements/observation.js';
import { observe } from '../model/observe.js';
import { readInstanceConfig } from '../model/read-instance-config.js';
import type { FileChange, InstanceConfig, InstanceFiles, ObserveContext, PlanRefusal } from '../model/types.js';
import { applyChangesToFiles } from './apply-to-files.js';
import { fileOpChange } from './file-changes.js';
import { FIXERS } from './fixers.js';
import { mergeFileEdits, type FileEditEntry } from './merge-file-edits.js';
import type { ConfFileKey, FixInput, RequirementFix } from './types.js';

/** An instance (or the reference) as the planner needs it: its files as read and their model. */
export interface PlanSide {
  readonly files: InstanceFiles;
  readonly config: InstanceConfig;
}

/** The plan for one instance: the file changes (in the order they must be applied) and what it will not fix, with why. */
export interface PlanFixesResult {
  /** Ordered: kl_feed_service.conf, kl_feed_util.conf, the certificate, key set-asides, then key copies (a copy may reuse a freed name). */
  readonly changes: readonly FileChange[];
  readonly refusals: readonly PlanRefusal[];
}

/** Which configuration edits need the service stopped and started (REFERENCE 7.6: no reload under systemd). */
const RESTART: Readonly<Record<ConfFileKey, boolean>> = { serviceConf: true, feedUtilConf: false };

/**
 * The single code path for preview and apply: for every listed requirement that drifts, the exact new
 * bytes of every file to change. Edits of several requirements to one file become one FileChange,
 * checked against the union of their paths; the result is re-read and re-observed, and a requirement
 * its own fix would leave drifting is refused instead. A requirement that matches needs nothing; one
 * that is unknown, or cannot be fixed safely, is a PlanRefusal with the reason and the manual steps.
 * Deterministic: the same inputs give byte-identical output.
 */
export function planFixes(
  instance: PlanSide,
  reference: PlanSide,
  requirements: readonly RequirementId[],
  ctx: ObserveContext,
): PlanFixesResult {
  const input: FixInput = {
    instance: { ...instance, observations: observe(instance.config, instance.files, ctx) },
    reference: { ...reference, observations: observe(reference.config, reference.files, ctx) },
    ctx,
  };
  const refusals = new Map<RequirementId, string>();
  const proposals = new Map<RequirementId, Extract<RequirementFix, { ok: true }>>();
  for (const id of REQUIREMENT_IDS.filter((candidate) => requirements.includes(candidate))) {
    const comparison = compareObservation(id, input.reference.observations[id], input.instance.observations[id], ctx);
    if (comparison.status === 'match') continue;
    if (comparison.status === 'unknown') {
      refusals.set(id, `not fixed: ${comparison.detail}`);
      continue;
    }
    const fix = FIXERS[id](input);
    if (fix.ok && (fix.confEdits.length > 0 || fix.fileOps.length > 0)) proposals.set(id, fix);
    else refusals.set(id, fix.ok ? `drifts (${comparison.detail}) but the fix found nothing to change` : fix.reason);
  }

  // Each round either accepts every remaining proposal or refuses at least one, so this ends.
  let changes: FileChange[] = [];
  for (let round = 0; round <= REQUIREMENT_IDS.length; round++) {
    const built = buildChanges(instance, proposals);
    for (const [id, reason] of built.refused) {
      proposals.delete(id);
      refusals.set(id, reason);
    }
    const leftDrifting = verify(instance, built.changes, [...proposals.keys()], input.reference.observations, ctx);
    for (const [id, reason] of leftDrifting) {
      proposals.delete(id);
      refusals.set(id, reason);
    }
    if (leftDrifting.size === 0) {
      changes = built.changes;
      break;
    }
  }
  const layout = instance.config.service.known ? instance.config.service.model.layout : undefined;
  return {
    changes,
    refusals: REQUIREMENT_IDS.flatMap((id) => {
      const reason = refusals.get(id);
      if (reason === undefined) return [];
      return [layout === undefined ? { requirement: id, reason } : { requirement: id, reason, manual: MANUAL_STEPS[id][layout] }];
    }),
  };
}

/** The FileChanges of the accepted proposals, and the requirements whose edits had to be left out. */
function buildChanges(
  instance: PlanSide,
  proposals: ReadonlyMap<RequirementId, Extract<RequirementFix, { ok: true }>>,
): { changes: FileChange[]; refused: Map<RequirementId, string> } {
  const refused = new Map<RequirementId, string>();
  const changes: FileChange[] = [];
  const failed = new Set<RequirementId>();
  for (const key of ['serviceConf', 'feedUtilConf'] as const) {
    const entries: FileEditEntry[] = [];
    for (const [requirement, fix] of proposals) {
      for (const part of fix.confEdits.filter((edit) => edit.file === key))
        entries.push({ requirement, edits: part.edits, allowedPaths: part.allowedPaths });
    }
    if (entries.length === 0) continue;
    const model = key === 'serviceConf' ? instance.config.service : instance.config.feedUtil;
    if (!model.known) {
      for (const entry of entries) refused.set(entry.requirement, model.reason);
      continue;
    }
    const merged = mergeFileEdits(model.model.file, entries, RESTART[key]);
    for (const { requirement, reason } of merged.refused) {
      refused.set(requirement, reason);
      failed.add(requirement);
    }
    if (merged.change) changes.push(merged.change);
  }
  // A requirement refused in one file must not keep its edits in another (req2 spans both configs).
  if (failed.size > 0) {
    const again = buildChanges(instance, new Map([...proposals].filter(([id]) => !failed.has(id))));
    return { changes: again.changes, refused: new Map([...refused, ...again.refused]) };
  }
  const certificate = proposals.get('req1');
  if (certificate) changes.push(...certificate.fileOps.map((op) => fileOpChange(op, 'req1', false)));
  const license = proposals.get('req4');
  if (license) changes.push(...license.fileOps.map((op) => fileOpChange(op, 'req4', true)));
  return { changes, refused };
}

/** The requirements that the planned changes would leave drifting (re-read, re-observed, compared again). */
function verify(
  instance: PlanSide,
  changes: readonly FileChange[],
  fixed: readonly RequirementId[],
  reference: Readonly<Record<RequirementId, Observation>>,
  ctx: ObserveContext,
): Map<RequirementId, string> {
  const left = new Map<RequirementId, string>();
  if (fixed.length === 0) return left;
  const files = applyChangesToFiles(instance.files, changes);
  let after: Record<RequirementId, Observation>;
  try {
    after = observe(readInstanceConfig(files), files, ctx);
  } catch (error) {
    for (const id of fixed) left.set(id, `the changed files would not be read back: ${(error as Error).message}`);
    return left;
  }
  for (const id of fixed) {
    const comparison = compareObservation(id, reference[id], after[id], ctx);
    if (comparison.status === 'drift')
      left.set(id, `the computed fix would still leave it drifting (${comparison.detail}); fix it by hand`);
  }
  return left;
}
