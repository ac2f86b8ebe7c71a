// The saved plan is a commitment, not an authority: apply plans again from the live hosts with the same
// code, and for every instance whose files are as the plan read them the re-derived changes must equal the
// saved ones exactly. What is applied and shown is the re-derivation (its bytes, its diffs), never the file's.
import { ApiError } from '../../../shared/contract/errors.js';
import { groupDiffs, planSummary } from '../../../shared/plan/group-diffs.js';
import type {
  PlanDocument,
  PlannedBalancer,
  PlannedBalancerChange,
  PlannedChange,
  PlannedInstance,
} from '../../../shared/plan/plan-document.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import { firstDifference } from '../plan/plan-consistency.js';
import { withoutSensitiveBytes } from '../plan/plan-file.js';

/** What the comparison gives: the plan to apply, the plan to show, and which instances were re-derived. */
export interface Rederived {
  /** Fresh instances as re-derived (live bytes); the others as saved, pinned so apply can only refuse them or find them already applied. */
  readonly applied: PlanDocument;
  /** The same plan for the confirmation and every display: no sensitive bytes, no pins. */
  readonly shown: PlanDocument;
  /** Instances whose changes were re-derived and found equal. */
  readonly fresh: readonly string[];
  /** Instances whose files changed since the plan (or could not be re-derived), with the first difference. */
  readonly notFresh: readonly { readonly instance: string; readonly reason: string }[];
}

const mismatch = (label: string, message: string): never => {
  throw new ApiError({
    code: 'invalid-input',
    message: `${label}: ${message}; the plan file says something this tool would not write, so nothing was applied (make a new plan; was it made with other --balancer-conf?)`,
  });
};

// The new bytes' length: a sensitive change's size, else its stored bytes.
const byteLength = (change: Pick<PlannedChange | PlannedBalancerChange, 'sensitive' | 'afterBase64'>): number =>
  change.sensitive === undefined ? Buffer.from(change.afterBase64, 'base64').length : change.sensitive.size;

/** The fields a re-derived change must share with the saved one (the display fields are re-derived, not compared). */
function comparable(change: PlannedChange): Record<string, unknown> {
  return {
    path: change.path,
    relativePath: change.relativePath,
    kind: change.kind,
    newPath: change.newPath ?? null,
    restart: change.restart,
    requirements: change.requirements,
    beforeSha256: change.beforeSha256,
    afterSha256: change.afterSha256,
    byteLength: byteLength(change),
    sensitive: change.sensitive === undefined ? false : { size: change.sensitive.size, sha256: change.sensitive.sha256 },
  };
}

/** Throws, naming instance, file and field, unless a fresh instance's re-derivation equals what the plan saved. */
function compareFresh(label: string, saved: PlannedInstance, derived: PlannedInstance): void {
  if (derived.status !== 'planned') mismatch(label, `${saved.name}: it could not be planned again (${derived.error ?? 'unknown error'})`);
  for (const field of ['serviceDir', 'allowedPaths', 'readiness'] as const) {
    const found = firstDifference(saved[field] ?? null, derived[field] ?? null, field);
    if (found)
      mismatch(label, `${saved.name}: field ${found.path}: the plan says ${found.saved}, re-derived from the live hosts ${found.expected}`);
  }
  const count = Math.max(saved.changes.length, derived.changes.length);
  for (let index = 0; index < count; index += 1) {
    const ours = saved.changes[index];
    const theirs = derived.changes[index];
    if (!ours || !theirs) {
      const extra = ours ?? theirs;
      mismatch(
        label,
        `${saved.name}: ${extra?.path ?? '?'} field changes: the plan has ${saved.changes.length} change(s), re-derived from the live hosts ${derived.changes.length} (${ours ? 'not re-derived' : 'not in the plan'}: changes[${index}])`,
      );
    }
    const found = firstDifference(comparable(ours as PlannedChange), comparable(theirs as PlannedChange));
    if (found)
      mismatch(
        label,
        `${saved.name}: ${(ours as PlannedChange).path} field ${found.path}: the plan says ${found.saved}, re-derived from the live hosts ${found.expected}`,
      );
  }
}

/** Why an instance's files are not as the plan read them (the first difference), with the live digest to pin; undefined when fresh. */
function staleness(
  saved: PlannedInstance,
  derived: PlannedInstance,
): { reason: string; pin?: Pick<PlannedInstance, 'filesRead' | 'directoriesRead'> } | undefined {
  if (derived.status !== 'planned') return { reason: `it could not be read again (${derived.error ?? 'unknown error'})` };
  const live = new Map(derived.filesRead.map((file) => [file.path, file.sha256]));
  for (const file of saved.filesRead) {
    const now = live.has(file.path) ? live.get(file.path) : undefined;
    if (now === undefined || now === file.sha256) continue;
    return {
      reason: `${file.path} changed since the plan was made (plan ${file.sha256 === null ? 'no file' : `sha256 ${file.sha256}`}, now ${now === null ? 'no file' : `sha256 ${now}`})`,
      pin: { filesRead: [...saved.filesRead, { path: file.path, sha256: now }], directoriesRead: saved.directoriesRead },
    };
  }
  const liveDirs = new Map(derived.directoriesRead.map((dir) => [dir.path, dir]));
  for (const dir of saved.directoriesRead) {
    const now = liveDirs.get(dir.path);
    if (now === undefined || JSON.stringify(now.entries) === JSON.stringify(dir.entries)) continue;
    return {
      reason: `the files in ${dir.path} changed since the plan was made`,
      pin: { filesRead: saved.filesRead, directoriesRead: [...saved.directoriesRead, now] },
    };
  }
  const files =
    firstDifference(saved.filesRead, derived.filesRead, 'filesRead') ??
    firstDifference(saved.directoriesRead, derived.directoriesRead, 'directoriesRead');
  return files
    ? { reason: `its files are not the ones the plan read (${files.path}: plan ${files.saved}, now ${files.expected})` }
    : undefined;
}

/** A pin restricted to the files and folders the live plan read: a path only the plan file names is never re-read. */
function livePaths(
  pin: Pick<PlannedInstance, 'filesRead' | 'directoriesRead'>,
  live: PlannedInstance,
): Pick<PlannedInstance, 'filesRead' | 'directoriesRead'> {
  const files = new Set(live.filesRead.map((file) => file.path));
  const dirs = new Set(live.directoriesRead.map((dir) => dir.path));
  return {
    filesRead: pin.filesRead.filter((file) => files.has(file.path)),
    directoriesRead: pin.directoriesRead.filter((dir) => dirs.has(dir.path)),
  };
}

/** A not-fresh instance as shown: the saved changes' display text is not trusted, so it is replaced by why. */
function unverifiedDisplay(instance: PlannedInstance, reason: string): PlannedInstance {
  return {
    ...instance,
    changes: instance.changes.map((change) => ({
      ...change,
      unifiedDiff: `not re-derived: ${reason}; apply re-checks ${instance.name} and writes nothing there unless it already holds the planned bytes\n`,
      semanticChanges: [],
    })),
  };
}

/**
 * Compares the saved plan with a plan made from the live hosts by the same code (same requirements and
 * Balancer context). The reference must be as the plan read it (its bytes are what the others get). For
 * every fresh instance the changes must match in count, order, path, kind, newPath, restart, requirements,
 * both digests and byte length: else ApiError invalid-input naming the first difference. A stale instance
 * is kept as saved, pinned (its live digest added to filesRead) so apply's own stale check can never find
 * it fresh: it is refused as stale or found already applied, and none of its saved bytes is written.
 */
export function compareRederived(saved: PlanDocument, derived: PlanDocument, label: string): Rederived {
  const byName = new Map(derived.instances.map((instance) => [instance.name, instance]));
  const savedReference = saved.instances.find((instance) => instance.name === saved.referenceInstance);
  const derivedReference = byName.get(saved.referenceInstance);
  if (savedReference && derivedReference && savedReference.status === 'planned') {
    const stale = staleness(savedReference, derivedReference);
    if (stale)
      throw new ApiError({
        code: 'invalid-input',
        message: `${label}: stale plan: the reference ${saved.referenceInstance}: ${stale.reason}; every change was computed from its files, so nothing was applied; make a new plan`,
      });
  }
  const applied: PlannedInstance[] = [];
  const shown: PlannedInstance[] = [];
  const fresh: string[] = [];
  const notFresh: { instance: string; reason: string }[] = [];
  for (const instance of saved.instances) {
    const live = byName.get(instance.name);
    if (instance.status === 'error' || (live === undefined && instance.changes.length === 0)) {
      applied.push(instance);
      shown.push(instance);
      continue;
    }
    const stale = live === undefined ? { reason: 'it was not planned again' } : staleness(instance, live);
    if (stale === undefined && live !== undefined) {
      compareFresh(label, instance, live);
      fresh.push(instance.name);
      applied.push(live);
      shown.push(live);
      continue;
    }
    const reason = stale?.reason ?? 'it was not planned again';
    notFresh.push({ instance: instance.name, reason });
    const display = unverifiedDisplay(instance, reason);
    if (live?.status === 'planned') {
      // Where apply may read and write is never the plan file's word, stale or not: the service folder
      // and allowed paths are the live ones, and only files the live plan read are re-read (with privilege).
      for (const field of ['serviceDir', 'allowedPaths'] as const) {
        const found = firstDifference(instance[field] ?? null, live[field] ?? null, field);
        if (found)
          mismatch(label, `${instance.name}: field ${found.path}: the plan says ${found.saved}, found on the live host ${found.expected}`);
      }
    }
    if (stale?.pin !== undefined || instance.changes.length === 0) {
      shown.push(display);
      applied.push(stale?.pin === undefined || live === undefined ? display : { ...display, ...livePaths(stale.pin, live) });
      continue;
    }
    // Nothing to pin it by: it is not applied at all (apply reports it skipped with the reason).
    const skipped: PlannedInstance = { ...display, status: 'error', error: `not re-derived: ${reason}; nothing was written`, changes: [] };
    shown.push(skipped);
    applied.push(skipped);
  }
  // The re-derivation must cover the Balancer when the plan has its section (`--steps ...,balancer`): else the
  // section would be compared with one never planned again. (A re-derivation that covered it but could not
  // read the Balancer host is compareBalancer's to name; a plan that left it out applies none of it anyway.)
  if (saved.balancer !== undefined && derived.balancerIncluded === false)
    mismatch(label, 'Balancer: field balancerIncluded: the plan covers the Balancer, the re-derivation from the live hosts left it out');
  // A plan without a Balancer section commits to no Balancer change: none is applied, whatever is live.
  const balancer = saved.balancer === undefined ? undefined : compareBalancer(label, saved.balancer, derived.balancer);
  const plan = (instances: PlannedInstance[]): PlanDocument => ({
    ...saved,
    instances,
    groups: groupDiffs(instances),
    ...(balancer === undefined ? {} : { balancer }),
    summary: planSummary(instances, balancer),
  });
  const appliedPlan = plan(applied);
  for (const instance of appliedPlan.instances.filter((candidate) => fresh.includes(candidate.name))) {
    for (const change of instance.changes) {
      // The invariant apply relies on: a change of a re-derived instance carries bytes that hash to its digest.
      if (sha256Hex(Buffer.from(change.afterBase64, 'base64')) !== change.afterSha256)
        throw new Error(`re-derived bytes of ${instance.name}:${change.path} do not match their digest`);
    }
  }
  return { applied: appliedPlan, shown: withoutSensitiveBytes(plan(shown)), fresh, notFresh };
}

/** Whether a plan writes anything, decided from its changes (never from its summary), the Balancer's included. */
export function planWrites(plan: PlanDocument): boolean {
  return (
    plan.instances.some((instance) => instance.status === 'planned' && instance.changes.length > 0) ||
    (plan.balancer?.changes.length ?? 0) > 0
  );
}

/** The fields a re-derived Balancer change must share with the saved one. */
function comparableBalancer(change: PlannedBalancerChange): Record<string, unknown> {
  return {
    kind: change.kind,
    path: change.path,
    relativePath: change.relativePath,
    newPath: change.newPath ?? null,
    beforeSha256: change.beforeSha256,
    afterSha256: change.afterSha256,
    byteLength: byteLength(change),
    needsConfirmation: change.needsConfirmation,
    sensitive: change.sensitive === undefined ? false : { size: change.sensitive.size, sha256: change.sensitive.sha256 },
  };
}

/**
 * The Balancer section re-derived from the live hosts must equal the saved one (host, folder, allowed
 * paths, endpoint, the stale-certificate choice, and every change's kind, paths, digests, length and
 * confirmation) or the whole apply is refused before any write: the Balancer is applied last, after the
 * instances, so a difference found then would come too late. Returns the re-derivation (its bytes).
 */
function compareBalancer(label: string, saved: PlannedBalancer, derived: PlannedBalancer | undefined): PlannedBalancer {
  // Nothing planned there: nothing to write, whatever the Balancer host says now.
  if (derived === undefined && saved.changes.length === 0) return saved;
  if (derived === undefined)
    return mismatch(label, `Balancer: the plan has a Balancer section, but the Balancer host ${saved.host} could not be read again`);
  const section = (balancer: PlannedBalancer): Record<string, unknown> => ({
    host: balancer.host,
    os: balancer.os,
    balancerDir: balancer.balancerDir,
    allowedPaths: balancer.allowedPaths,
    endpoint: balancer.endpoint,
    replaceStaleCerts: balancer.replaceStaleCerts,
    changeCount: balancer.changes.length,
  });
  // Applied already (a saved plan applied twice): nothing is left to write, so nothing can differ from what was reviewed.
  // Only when nothing new went wrong: a Balancer that could not be planned again is not "already applied".
  const noNewProblem = derived.problems.every((problem) => saved.problems.includes(problem));
  if (
    derived.changes.length === 0 &&
    noNewProblem &&
    firstDifference({ ...section(saved), changeCount: 0 }, section(derived)) === undefined
  )
    return {
      ...derived,
      problems: [
        ...derived.problems,
        `the plan's ${saved.changes.length} Balancer change(s) are no longer needed: Balancer already matches, nothing is written there`,
      ],
    };
  const found =
    firstDifference(section(saved), section(derived)) ??
    saved.changes
      .map((change, index) =>
        firstDifference(
          comparableBalancer(change),
          comparableBalancer(derived.changes[index] as PlannedBalancerChange),
          `changes[${index}]`,
        ),
      )
      .find((item) => item !== undefined);
  if (found)
    mismatch(label, `Balancer: field ${found.path}: the plan says ${found.saved}, re-derived from the live hosts ${found.expected}`);
  return derived;
}
