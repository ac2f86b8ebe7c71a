// The Balancer's fixes as the plan document records them (issue 14): paths, digests, lengths, the diff of
// kl_balancer.conf from its bytes, and a licence key or certificate as size and SHA-256 only.
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import type { PlannedBalancer, PlannedBalancerChange } from '../../../shared/plan/plan-document.js';
import { relativeToServiceDir } from '../../../shared/plan/group-diffs.js';
import type { BalancerHost } from '../run/run-types.js';
import type { BalancerChange, BalancerPlan } from './balancer-changes.js';
import { holdsPrivateKey, sensitiveDisplay, sensitiveFacts } from './sensitive-file.js';

/** Addresses that mean "every interface": Balancer is then asked on the project's Balancer host. */
const WILDCARDS = new Set(['', '0.0.0.0', '::', '*', '[::]']);

/** Where Balancer must answer after its start: its `Balancer` address (the project's host when a wildcard) and matching_port. */
export function balancerEndpoint(report: AuditReport, host: BalancerHost): PlannedBalancer['endpoint'] {
  const balancer = report.balancer.facts?.balancer;
  if (balancer?.matchingPort === undefined) return null;
  return { host: WILDCARDS.has(balancer.address.trim()) ? host.host : balancer.address.trim(), port: balancer.matchingPort };
}

/** A licence key, a certificate or anything with a private key is never stored or shown as bytes. */
function isSensitive(change: BalancerChange): boolean {
  return change.kind !== 'listing' || holdsPrivateKey(change.bytes);
}

/** The document's form of one change; a set-aside's size is the audit's (its bytes are not read). */
function plannedChange(change: BalancerChange, plan: BalancerPlan, os: 'linux' | 'windows', setAsideSize: number): PlannedBalancerChange {
  const basename = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const base = {
    kind: change.kind,
    path: change.path,
    relativePath: relativeToServiceDir(change.path, plan.balancerDir, os),
    ...(change.newPath === undefined ? {} : { newPath: change.newPath }),
    beforeSha256: change.beforeSha256,
    afterSha256: change.afterSha256,
    reason: change.reason,
    ...(change.from === undefined ? {} : { from: change.from }),
    needsConfirmation: change.needsConfirmation,
  };
  if (!isSensitive(change)) return { ...base, unifiedDiff: change.unifiedDiff ?? '', afterBase64: change.bytes.toString('base64') };
  const facts =
    change.kind === 'license-set-aside' ? { size: setAsideSize, sha256: change.afterSha256 } : sensitiveFacts(new Uint8Array(change.bytes));
  const shown = sensitiveDisplay(
    {
      path: change.path,
      kind: change.kind === 'license-set-aside' ? 'set-aside' : 'copy',
      beforeSha256: change.beforeSha256 ?? undefined,
      afterSha256: change.afterSha256,
      ...(change.newPath === undefined ? {} : { newPath: change.newPath }),
    },
    facts,
    basename,
  );
  return { ...base, unifiedDiff: shown.unifiedDiff, afterBase64: '', sensitive: facts };
}

/** The Balancer section of a plan document from the in-memory plan (bytes of sensitive files left out). */
export function plannedBalancer(
  plan: BalancerPlan,
  report: AuditReport,
  host: BalancerHost,
  options: { readonly replaceStaleCerts: boolean },
): PlannedBalancer {
  const licenseFiles = report.balancer.facts?.host?.license.files ?? [];
  const name = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const sizeOf = (path: string): number => licenseFiles.find((file) => file.name === name(path))?.size ?? 0;
  return {
    host: host.host,
    os: host.os,
    balancerDir: plan.balancerDir,
    allowedPaths: [...plan.policy.allowedPaths],
    endpoint: balancerEndpoint(report, host),
    replaceStaleCerts: options.replaceStaleCerts,
    changes: plan.changes.map((change) => plannedChange(change, plan, host.os, sizeOf(change.path))),
    problems: [...plan.problems],
  };
}
