// The Balancer's fixes (issue 14 item 3): the reference licence key and the instances' current HTTPS
// certificates copied to the Balancer host, planned from the live bytes with digests and the path policy.
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import type { AlertsMode } from '../../../shared/project/schema.js';
import { balancerChecks } from '../../../shared/report/balancer-checks.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import { lexicalRefusal, pathPolicy } from '../../cybertrace/discovery/path-policy.js';
import type { PathPolicy } from '../../cybertrace/discovery/path-policy.js';
import type { ClusterRun } from '../run/run-types.js';
import { balancerListingEdit } from './balancer-listing.js';

/** One file to write on the Balancer host. */
export interface BalancerChange {
  /**
   * `listing`: kl_balancer.conf's Instances fixed; `license`: a reference key copied in; `license-set-aside`:
   * a key the instances do not have, moved out of `*.key`; `stored-cert`: an instance's certificate over Balancer's stale copy.
   */
  readonly kind: 'listing' | 'license' | 'license-set-aside' | 'stored-cert';
  /** For `listing`: the unified diff of kl_balancer.conf. */
  readonly unifiedDiff?: string;
  readonly path: string;
  /** For a set-aside: the new name (no longer ending in `.key`, so Balancer does not load it). */
  readonly newPath?: string;
  /** SHA-256 of the file the plan read; null when it does not exist yet. */
  readonly beforeSha256: string | null;
  readonly afterSha256: string;
  /** The new bytes, in memory only: a licence key is never written to a plan file, a log or the report. */
  readonly bytes: Buffer;
  /** Why, with the REFERENCE section. */
  readonly reason: string;
  /** The instance the bytes come from. */
  readonly from?: string;
  /** A stored certificate changes what Balancer trusts: applied only when the engineer confirms it (REFERENCE 3.6). */
  readonly needsConfirmation: boolean;
}

/** The Balancer's part of a plan: its changes in order, and why others could not be planned. */
export interface BalancerPlan {
  readonly balancerDir: string;
  readonly policy: PathPolicy;
  readonly changes: readonly BalancerChange[];
  readonly problems: readonly string[];
}

type Host = NonNullable<NonNullable<AuditReport['balancer']['facts']>['host']>;

async function readBytes(dialect: HostDialect, path: string): Promise<Buffer | undefined> {
  const gathered = await dialect.gather({ files: [path] });
  return gathered.files.get(dialect.paths.check(path));
}

/**
 * Plans the Balancer's fixes from an audit made in the same run (its Balancer host read): for an instance
 * Balancer does not list (or lists with another port), kl_balancer.conf's Instances edited; for a licence
 * drift, the reference instance's `*.key` files copied into Balancer's licence folder and Balancer's other
 * keys set aside; for each stale stored certificate, the instance's `httpsrv/kl_feed_service_cert.pem`
 * copied over `CertDirPath/<Instance>_<port>.pem` (REFERENCE 3.6 steps 3-4). Missing stored certificates
 * are not planned: Balancer stores them itself on first connection; stale ones only unless
 * `replaceStaleCerts` is false (then held back as a problem naming the option). Every target passes the path policy
 * of the Balancer folder (the project's licenseDir allowed); anything that cannot be read is a problem, not a guess.
 */
export async function planBalancerChanges(
  run: Pick<ClusterRun, 'balancer' | 'members' | 'project'>,
  report: AuditReport,
  alertsMode?: AlertsMode,
  options: { readonly replaceStaleCerts?: boolean } = {},
): Promise<BalancerPlan | undefined> {
  const host = report.balancer.facts?.host;
  const member = run.balancer;
  if (host === undefined) return undefined;
  const problems: string[] = [];
  if (member === undefined || !member.ok)
    return {
      balancerDir: host.balancerDir,
      policy: pathPolicy(host.balancerDir, {}),
      changes: [],
      problems: ['the Balancer host is not open in this run'],
    };
  const allowed = host.license.source === 'project' && host.license.path !== undefined ? [host.license.path] : [];
  const policy = pathPolicy(host.balancerDir, { allowedPaths: allowed });
  const checks = balancerChecks(report, alertsMode);
  const changes: BalancerChange[] = [];
  if (checks.listing.state === 'drift') {
    const listing = await listingChange(member.dialect, report, host, problems);
    if (listing !== undefined) changes.push(listing);
  }
  if (checks.license.state === 'drift') changes.push(...(await licenseChanges(run, report, host, problems)));
  for (const item of checks.storedCerts.instances.filter((entry) => entry.state === 'stale')) {
    // Balancer replaces a stored certificate only when told to (REFERENCE 3.6): so does the plan.
    if (options.replaceStaleCerts === false) {
      problems.push(
        `${item.instance}: Balancer's stored certificate ${item.file ?? ''} is stale (Balancer answers HTTP 500 for it); not planned: plan with --replace-stale-balancer-certs to replace it (REFERENCE 3.6)`,
      );
      continue;
    }
    const change = await certChange(run, host, item.instance, item.file, problems);
    if (change !== undefined) changes.push(change);
  }
  const kept = changes.filter((change) => {
    const refusal = [change.path, ...(change.newPath ? [change.newPath] : [])]
      .map((path) => lexicalRefusal(member.dialect, policy, path))
      .find((reason) => reason !== undefined);
    if (refusal !== undefined) problems.push(`${change.path}: not planned, ${refusal}`);
    return refusal === undefined;
  });
  return { balancerDir: host.balancerDir, policy, changes: kept, problems };
}

async function licenseChanges(
  run: Pick<ClusterRun, 'balancer' | 'members' | 'project'>,
  report: AuditReport,
  host: Host,
  problems: string[],
): Promise<BalancerChange[]> {
  const reference = run.project.referenceInstance;
  const refMember = run.members.find((outcome) => outcome.instance.name === reference);
  const keys = report.instances.find((instance) => instance.instance === reference)?.facts?.licenseDir?.keys ?? [];
  const folder = host.license.path;
  const balancer = run.balancer;
  if (folder === undefined || balancer === undefined || !balancer.ok) {
    problems.push('the Balancer licence folder is not known: nothing planned for the licence');
    return [];
  }
  if (refMember === undefined || !refMember.ok) {
    problems.push(`the reference instance ${reference} is not open: its licence key cannot be copied`);
    return [];
  }
  const { paths } = balancer.dialect;
  const changes: BalancerChange[] = [];
  const wanted = new Set(keys.map((key) => key.sha256));
  for (const key of keys) {
    const bytes = await readBytes(refMember.dialect, key.path);
    if (bytes === undefined || sha256Hex(bytes) !== key.sha256) {
      problems.push(`${reference}:${key.path} changed or vanished since the audit: audit again`);
      continue;
    }
    const target = paths.join(folder, refMember.dialect.paths.basename(key.path));
    const existing = host.license.files.find((file) => file.name === paths.basename(target));
    if (existing?.sha256 === key.sha256) continue;
    changes.push({
      kind: 'license',
      path: target,
      beforeSha256: existing?.sha256 ?? null,
      afterSha256: key.sha256,
      bytes,
      from: reference,
      needsConfirmation: false,
      reason: `Balancer must use the same licence key file as every instance (REFERENCE 3.1 item 4, 3.2): ${reference}'s key copied`,
    });
  }
  for (const file of host.license.files.filter(
    (entry) => !wanted.has(entry.sha256) && !changes.some((change) => paths.basename(change.path) === entry.name),
  )) {
    const path = paths.join(folder, file.name);
    changes.push({
      kind: 'license-set-aside',
      path,
      newPath: `${path}.ctha-set-aside`,
      beforeSha256: file.sha256,
      afterSha256: file.sha256,
      bytes: Buffer.alloc(0),
      needsConfirmation: false,
      reason: `a key no instance has: renamed so that Balancer no longer loads it (only *.key files are keys, REFERENCE 4.4)`,
    });
  }
  return changes;
}

async function certChange(
  run: Pick<ClusterRun, 'members'>,
  host: Host,
  instance: string,
  file: string | undefined,
  problems: string[],
): Promise<BalancerChange | undefined> {
  const web = host.instanceCerts.find((cert) => cert.instance === instance);
  const member = run.members.find((outcome) => outcome.instance.name === instance);
  const folder = host.certDir.path;
  if (file === undefined || folder === undefined || web?.path === undefined || member === undefined || !member.ok) {
    problems.push(
      `${instance}: its stored certificate cannot be replaced (${web?.path === undefined ? 'its HTTPS certificate was not read' : 'the instance or CertDirPath is not known'})`,
    );
    return undefined;
  }
  const bytes = await readBytes(member.dialect, web.path);
  if (bytes === undefined || sha256Hex(bytes) !== web.sha256) {
    problems.push(`${instance}:${web.path} changed or vanished since the audit: audit again`);
    return undefined;
  }
  const stored = host.certDir.files.find((entry) => entry.name === file);
  const target = `${folder}${folder.includes('\\') ? '\\' : '/'}${file}`;
  return {
    kind: 'stored-cert',
    path: target,
    beforeSha256: stored?.sha256 ?? null,
    afterSha256: sha256Hex(bytes),
    bytes,
    from: instance,
    needsConfirmation: true,
    reason: `Balancer's stored certificate for ${instance} is not the instance's current one, so it answers HTTP 500 for it; the documented fix copies the instance's httpsrv/kl_feed_service_cert.pem there with Balancer stopped (REFERENCE 3.6). This changes what Balancer trusts.`,
  };
}

async function listingChange(
  dialect: HostDialect,
  report: AuditReport,
  host: Host,
  problems: string[],
): Promise<BalancerChange | undefined> {
  const facts = report.balancer.facts;
  if (facts === undefined) return undefined;
  const path = dialect.paths.join(dialect.paths.join(host.balancerDir, 'bin'), 'kl_balancer.conf');
  const bytes = await readBytes(dialect, path);
  if (bytes === undefined || sha256Hex(bytes) !== facts.sha256) {
    problems.push(`${path} changed or vanished since the audit: audit again`);
    return undefined;
  }
  const edit = balancerListingEdit(bytes, path, report.balancer.portChecks);
  if (!edit.ok) {
    problems.push(`${path}: ${edit.reason}`);
    return undefined;
  }
  return {
    kind: 'listing',
    path,
    beforeSha256: facts.sha256,
    afterSha256: sha256Hex(edit.bytes),
    bytes: edit.bytes,
    unifiedDiff: edit.unifiedDiff,
    needsConfirmation: true,
    reason: `Balancer must list every instance with its input port as matching_port (REFERENCE 3.3): ${edit.changed.join('; ')}. This changes where Balancer sends events.`,
  };
}
