// A saved plan is checked against itself before any host is touched: every path it would change lies in
// the instance's service folder (or is one of its allowedPaths), names and relative paths agree, and the
// displayed groups and totals are exactly what the changes give. The first difference is named.
import { ApiError } from '../../../shared/contract/errors.js';
import { groupDiffs, planSummary, relativeToServiceDir } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument, PlannedBalancer, PlannedChange, PlannedInstance } from '../../../shared/plan/plan-document.js';
import { SET_ASIDE_SUFFIX } from '../../cybertrace/fix/fix-license.js';
import { isAllowedPath, isInsideDir } from '../../cybertrace/discovery/path-policy.js';
import { sha256Hex } from '../../hosts/dialect/index.js';

/** The first place two plain-data values differ (a dotted path, both values as JSON), or undefined when equal. */
export function firstDifference(saved: unknown, expected: unknown, at = ''): { path: string; saved: string; expected: string } | undefined {
  if (Object.is(saved, expected)) return undefined;
  const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));
  if (
    typeof saved !== 'object' ||
    typeof expected !== 'object' ||
    saved === null ||
    expected === null ||
    Array.isArray(saved) !== Array.isArray(expected)
  ) {
    return { path: at || '(root)', saved: show(saved), expected: show(expected) };
  }
  if (Array.isArray(saved) && Array.isArray(expected)) {
    for (let index = 0; index < Math.max(saved.length, expected.length); index += 1) {
      const found = firstDifference(saved[index], expected[index], `${at}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  const a = saved as Record<string, unknown>;
  const b = expected as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const found = firstDifference(a[key], b[key], at === '' ? key : `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Why `path` may not be changed on the instance, or undefined when it may: absolute in the host's own
 * form, no `.`/`..`/empty segment, strictly inside `serviceDir` (compared lexically, whole segments, case
 * folded on Windows), unless it equals one of `allowedPaths`. Symlinks are the host's to resolve at write time.
 */
export function pathPolicyProblem(
  path: string,
  serviceDir: string | null,
  allowedPaths: readonly string[],
  os: 'linux' | 'windows',
): string | undefined {
  const shape = pathShapeProblem(path, os);
  if (shape !== undefined) return shape;
  if (isAllowedPath(os, { serviceDir: serviceDir ?? '', allowedPaths }, path)) return undefined;
  if (serviceDir === null) return 'the instance has no service folder to write in';
  const dirShape = pathShapeProblem(serviceDir, os);
  if (dirShape !== undefined) return `its service folder is not usable (${dirShape})`;
  // Strictly inside: the folder itself is not a file to write.
  if (!isInsideDir(os, path, serviceDir) || isInsideDir(os, serviceDir, path))
    return `it is outside the service folder ${serviceDir} and not one of the instance's allowedPaths`;
  return undefined;
}

// Absolute, in the OS's own separators, with only real name segments.
function pathShapeProblem(path: string, os: 'linux' | 'windows'): string | undefined {
  if (os === 'linux') {
    if (!path.startsWith('/')) return 'it is not an absolute path';
    if (path.includes('\0')) return 'it holds a NUL character';
    const segments = path.slice(1).split('/');
    if (path !== '/' && segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
      return 'it has an empty, "." or ".." segment';
    return undefined;
  }
  if (!/^[A-Za-z]:\\/.test(path)) return 'it is not an absolute Windows path (C:\\...)';
  if (path.includes('/')) return 'it uses "/" instead of "\\"';
  const rest = path.slice(3);
  if (rest !== '' && rest.split('\\').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return 'it has an empty, "." or ".." segment';
  return undefined;
}

const refuse = (label: string, message: string): never => {
  throw new ApiError({ code: 'invalid-input', message: `${label}: ${message}; nothing was applied` });
};

/** Checks one change's paths, names and bytes against its instance (see checkPlanConsistency). */
function checkChange(label: string, instance: PlannedInstance, change: PlannedChange, index: number): void {
  const where = `${instance.name}: changes[${index}] (${change.path})`;
  const problem = pathPolicyProblem(change.path, instance.serviceDir, instance.allowedPaths ?? [], instance.os);
  if (problem !== undefined) refuse(label, `${where} field path may not be written: ${problem}`);
  checkRelativePath(label, where, change, instance.serviceDir, instance.os);
  checkSetAside(label, where, change, change.kind === 'set-aside');
  const bytes = storedBytes(label, where, change);
  if (bytes === undefined) return;
  // A hand-edited plan would write bytes nobody reviewed.
  if (sha256Hex(bytes) !== change.afterSha256)
    throw new ApiError({
      code: 'invalid-input',
      message: `${label}: the new bytes of ${instance.name}:${change.path} do not match their SHA-256 (the plan was altered); nothing was applied`,
    });
}

/**
 * Checks a saved plan before any host is touched: every change of every instance (see pathPolicyProblem,
 * relativePath, set-aside names, bytes against digests, sensitive files without bytes), an errored
 * instance without changes, unique instance names, a Balancer section only in a plan that covers the
 * Balancer, no empty requirements except in a Balancer-only plan, and `groups`/`summary` equal to what the
 * instances give.
 * Throws ApiError invalid-input naming the instance, the file and the field of the first problem.
 */
export function checkPlanConsistency(plan: PlanDocument, label: string): void {
  const names = new Set<string>();
  for (const instance of plan.instances) {
    if (names.has(instance.name)) refuse(label, `instance ${instance.name} is listed twice`);
    names.add(instance.name);
    if (instance.status === 'error' && instance.changes.length > 0)
      refuse(label, `${instance.name}: field changes: an instance that could not be planned has no changes`);
    for (const allowed of instance.allowedPaths ?? []) {
      const shape = pathShapeProblem(allowed, instance.os);
      if (shape !== undefined) refuse(label, `${instance.name}: field allowedPaths (${allowed}): ${shape}`);
    }
    instance.changes.forEach((change, index) => checkChange(label, instance, change, index));
  }
  if (plan.balancer !== undefined) checkBalancer(label, plan.balancer);
  // What the plan covers must agree with what it holds: apply re-derives with the same scope.
  if (plan.balancer !== undefined && plan.balancerIncluded === false)
    refuse(label, 'field balancer: the plan says the Balancer was left out (balancerIncluded false), yet it has a Balancer section');
  if (plan.requirements.length === 0 && plan.balancerIncluded !== true)
    refuse(label, 'field requirements is empty: only a plan of the Balancer alone (balancerIncluded true) plans no requirement');
  const groups = firstDifference(plan.groups, groupDiffs(plan.instances), 'groups');
  if (groups) refuse(label, `field ${groups.path} is ${groups.saved}, but the changes give ${groups.expected}`);
  const summary = firstDifference(plan.summary, planSummary(plan.instances, plan.balancer), 'summary');
  if (summary) refuse(label, `field ${summary.path} is ${summary.saved}, but the changes give ${summary.expected}`);
}

/** The kinds whose bytes are a licence key or a certificate: never stored in a plan. */
const SENSITIVE_BALANCER_KINDS: ReadonlySet<string> = new Set(['license', 'license-set-aside', 'stored-cert']);

/**
 * Checks the Balancer section (issue 14) as the instances' changes are checked: every path inside the
 * Balancer folder or exactly one of its allowedPaths, relative paths, set-aside names, kl_balancer.conf
 * as the listing's only target, bytes against digests, licence keys and certificates without bytes.
 */
function checkBalancer(label: string, balancer: PlannedBalancer): void {
  const { os, balancerDir } = balancer;
  const dirShape = pathShapeProblem(balancerDir, os);
  if (dirShape !== undefined) refuse(label, `Balancer: field balancerDir (${balancerDir}): ${dirShape}`);
  for (const allowed of balancer.allowedPaths) {
    const shape = pathShapeProblem(allowed, os);
    if (shape !== undefined) refuse(label, `Balancer: field allowedPaths (${allowed}): ${shape}`);
  }
  const sep = os === 'linux' ? '/' : '\\';
  const conf = `${balancerDir.replace(/[\\/]+$/, '')}${sep}bin${sep}kl_balancer.conf`;
  balancer.changes.forEach((change, index) => {
    const where = `Balancer: changes[${index}] (${change.path})`;
    for (const [field, path] of [['path', change.path], ...(change.newPath === undefined ? [] : [['newPath', change.newPath]])] as const) {
      const problem = pathPolicyProblem(path, balancerDir, balancer.allowedPaths, os);
      if (problem !== undefined)
        refuse(
          label,
          `${where} field ${field} may not be written: ${problem.replace('service folder', 'Balancer folder').replace("instance's", "Balancer's")}`,
        );
    }
    checkRelativePath(label, where, change, balancerDir, os);
    if (change.kind === 'listing' && (os === 'windows' ? change.path.toLowerCase() !== conf.toLowerCase() : change.path !== conf))
      refuse(label, `${where} field path: the instance list is kl_balancer.conf, ${conf}`);
    checkSetAside(label, where, change, change.kind === 'license-set-aside');
    if (SENSITIVE_BALANCER_KINDS.has(change.kind) && change.sensitive === undefined)
      refuse(label, `${where} field sensitive: a licence key or certificate is recorded by size and SHA-256 only`);
    const bytes = storedBytes(label, where, change);
    if (bytes === undefined) return;
    if (sha256Hex(bytes) !== change.afterSha256)
      refuse(label, `the new bytes of the Balancer's ${change.path} do not match their SHA-256 (the plan was altered)`);
  });
}

/** What the checks below read of a change, an instance's or the Balancer's. */
interface CheckedChange {
  readonly path: string;
  readonly relativePath: string;
  readonly kind: string;
  readonly newPath?: string | undefined;
  readonly beforeSha256?: string | null | undefined;
  readonly afterSha256: string;
  readonly afterBase64: string;
  readonly sensitive?: { readonly sha256: string } | undefined;
}

/** `relativePath` must be what the path gives below its root folder. */
function checkRelativePath(label: string, where: string, change: CheckedChange, root: string | null, os: PlannedInstance['os']): void {
  const relative = relativeToServiceDir(change.path, root, os);
  if (change.relativePath !== relative)
    refuse(label, `${where} field relativePath is ${JSON.stringify(change.relativePath)}, but the path gives ${JSON.stringify(relative)}`);
}

/** A set-aside goes to `<path>.ctha-set-aside` and keeps its bytes; no other change has a newPath. */
function checkSetAside(label: string, where: string, change: CheckedChange, isSetAside: boolean): void {
  if (isSetAside) {
    const expected = `${change.path}${SET_ASIDE_SUFFIX}`;
    if (change.newPath !== expected)
      refuse(
        label,
        `${where} field newPath is ${JSON.stringify(change.newPath ?? null)}, but a set-aside goes to ${JSON.stringify(expected)}`,
      );
    if (change.beforeSha256 !== change.afterSha256)
      refuse(label, `${where} field afterSha256: a set-aside keeps the file's bytes, so it must equal beforeSha256`);
  } else if (change.newPath !== undefined) refuse(label, `${where} field newPath is set on a ${change.kind} change`);
}

/** The bytes a change stores, canonical base64; undefined for a sensitive change, whose bytes are never stored. */
function storedBytes(label: string, where: string, change: CheckedChange): Buffer | undefined {
  if (change.sensitive !== undefined) {
    // Sensitive bytes are never stored: apply takes them from its re-derivation.
    if (change.afterBase64 !== '') refuse(label, `${where} field afterBase64: a sensitive file's bytes are never stored in a plan`);
    if (change.sensitive.sha256 !== change.afterSha256) refuse(label, `${where} field sensitive.sha256 differs from afterSha256`);
    return undefined;
  }
  const bytes = Buffer.from(change.afterBase64, 'base64');
  if (bytes.toString('base64') !== change.afterBase64) refuse(label, `${where} field afterBase64 is not canonical base64`);
  return bytes;
}
