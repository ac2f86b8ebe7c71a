// `ctha audit`: the requirements x instances table of a cluster, or the report as JSON.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { FindingStatus } from '../../shared/requirements/finding.js';
import { REQUIREMENT_TITLES } from '../../shared/requirements/ids.js';
import { balancerSectionLines } from '../../shared/report/balancer-text.js';
import { out } from '../output.js';
import { discoveryFactLines } from './audit-facts.js';
import { cliPromptAnswererFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/** Exit code of an audit: 0 consistent, 2 drift or not shown consistent (unknown), 1 when no instance could be read at all. */
export function auditExitCode(report: AuditReport): number {
  if (report.instances.length > 0 && report.instances.every((instance) => !instance.audited)) return 1;
  return report.verdict === 'consistent' ? 0 : 2;
}

/** The instances the audit could not read, each with the stage it failed at and why (empty when every one was read). */
export function unreadInstances(report: AuditReport): string[] {
  return report.instances
    .filter((instance) => !instance.audited)
    .map(
      (instance) => `${instance.instance} (${instance.failure ? `${instance.failure.stage}: ${instance.failure.reason}` : 'not audited'})`,
    );
}

/**
 * `ctha audit <cluster> [--json] [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR] [--balancer-conf FILE]`:
 * exit 0 consistent, 2 drift or unknown, 1 error or no instance could be read (wrong password, unreachable, host key not accepted).
 */
export async function runAudit(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...RUN_FLAG_OPTIONS, json: { type: 'boolean' }, 'balancer-conf': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('audit takes exactly one project file');
  const answer = cliPromptAnswererFromFlags(values, 'audit');
  const session = openEngineSession({ command: 'audit', answer, progress: { json: values.json === true } });
  const balancerConf = values['balancer-conf'];
  let result;
  try {
    result = await session.api['audit.run']({ path: file, ...(balancerConf === undefined ? {} : { balancerConf }) });
  } finally {
    session.close();
  }
  const { report, pinned, projectSaved } = result;
  const path = resolve(file);
  if (values.json) out(JSON.stringify({ project: path, report, pinned }, null, 2));
  else {
    for (const line of auditText(report)) out(line);
    if (projectSaved) out(`${pinned.length} host key(s) accepted and pinned in ${path}`);
  }
  return auditExitCode(report);
}

/**
 * The audit as text. Instances that could not be read are named first, with the reason, and again in the
 * last line; when none could be read there is no table (every cell would be "unknown") and the exit is 1.
 */
export function auditText(report: AuditReport): string[] {
  const unread = unreadInstances(report);
  if (unread.length === 0) return auditTable(report);
  const first = `Could not read ${unread.length} of ${report.instances.length} instance(s): ${unread.join('; ')}`;
  if (unread.length < report.instances.length) {
    const table = auditTable(report);
    const last = table.pop() ?? '';
    return [first, '', ...table, `${last} Not read: ${unread.join('; ')}`];
  }
  return [first, '', `Exit 1: no instance of ${report.project} could be read, so nothing was audited. ${unread.join('; ')}`];
}

const MARK: Readonly<Record<FindingStatus, string>> = {
  match: 'match',
  drift: 'DRIFT',
  unknown: 'unknown',
  attested: 'attested',
  waived: 'waived',
};

/** The report as text: a requirements x instances table, the groups of identical values, then what needs attention. */
export function auditTable(report: AuditReport): string[] {
  const names = report.instances.map((instance) => instance.instance);
  const widths = names.map((name) => Math.max(name.length + (name === report.referenceInstance ? 1 : 0), 8));
  const label = 46;
  const cell = (text: string, index: number): string => text.padEnd(widths[index] ?? 8);
  const lines = [`Audit of ${report.project}: ${report.verdict.toUpperCase()} (reference ${report.referenceInstance}, marked *)`, ''];
  lines.push(
    `${''.padEnd(label)}  ${names.map((name, index) => cell(name === report.referenceInstance ? `${name}*` : name, index)).join('  ')}`,
  );
  for (const { requirement, groups, referenceOffTarget } of report.findings.requirements) {
    const statuses = names.map(
      (name) =>
        report.findings.findings.find((finding) => finding.requirement === requirement && finding.instance === name)?.status ?? 'unknown',
    );
    const title = `${requirement.padEnd(6)} ${REQUIREMENT_TITLES[requirement]}`;
    lines.push(
      `${(title.length > label ? `${title.slice(0, label - 1)}…` : title).padEnd(label)}  ${statuses.map((status, index) => cell(MARK[status], index)).join('  ')}`,
    );
    if (groups.length > 1)
      lines.push(
        `${''.padEnd(7)}identical values: ${groups.map((group) => group.instances.join(' = ') + (group.key === 'unknown' ? ' (unknown)' : '')).join('  |  ')}`,
      );
    if (referenceOffTarget !== undefined)
      lines.push(`${''.padEnd(7)}the reference itself is off the documented value: ${referenceOffTarget}`);
  }
  const attention = report.findings.findings.filter((finding) => finding.status !== 'match');
  if (attention.length > 0) {
    lines.push('', 'Details:');
    for (const finding of attention)
      lines.push(`  ${MARK[finding.status].padEnd(8)} ${finding.instance} ${finding.requirement}: ${finding.detail}`);
  }
  const failed = report.instances.filter((instance) => !instance.audited || instance.refusedFiles.length > 0);
  if (failed.length > 0) {
    lines.push('', 'Instances:');
    for (const instance of failed) {
      if (instance.failure) lines.push(`  ${instance.instance}: not audited (${instance.failure.stage}): ${instance.failure.reason}`);
      for (const refused of instance.refusedFiles)
        lines.push(`  ${instance.instance}: ${refused.path} refused, left untouched: ${refused.reason}`);
    }
  }
  const { balancer } = report;
  lines.push('', `Balancer: ${balancer.source ?? 'no kl_balancer.conf'}${balancer.error ? `: ${balancer.error}` : ''}`);
  lines.push(
    `  alerts target: ${balancer.alertTarget.value ? `${balancer.alertTarget.value.host}:${balancer.alertTarget.value.cybertracePort}` : 'unknown'} (${balancer.alertTarget.evidence})`,
  );
  for (const check of balancer.portChecks) lines.push(`  ${check.state.padEnd(10)} ${check.instance}: ${check.evidence}`);
  if (balancer.notInProject.length > 0)
    lines.push(`  Balancer also sends to ${balancer.notInProject.join(', ')}, which the project does not list`);
  for (const problem of balancer.facts?.problems ?? []) lines.push(`  kl_balancer.conf: ${problem}`);
  // Read on the Balancer host itself: licence, stored instance certificates, service (docs/BALANCER.md).
  if (balancer.facts?.host !== undefined) lines.push(...balancerSectionLines(report).map((line) => `  ${line}`));
  lines.push('', ...discoveryFactLines(report));
  const counts = Object.entries(report.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  lines.push(
    '',
    `${counts}. Exit ${auditExitCode(report)}: ${report.verdict === 'consistent' ? 'consistent' : report.verdict === 'drift' ? 'drift found' : 'consistency not shown (unknown findings)'}.`,
  );
  return lines;
}
