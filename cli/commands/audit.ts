// `ctha audit`: the requirements x instances table of a cluster, or the report as JSON.
import { parseArgs } from 'node:util';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import { runAuditOnce } from '../../engine/steps/audit/run-audit.js';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { FindingStatus } from '../../shared/requirements/finding.js';
import { REQUIREMENT_TITLES } from '../../shared/requirements/ids.js';
import { out } from '../output.js';
import { cliRunDepsFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { UsageError } from './usage-error.js';


/** Exit code of an audit: 0 consistent, 2 drift or not shown consistent (unknown). */
export function auditExitCode(report: AuditReport): number {
  return report.verdict === 'consistent' ? 0 : 2;
}

/** `ctha audit <cluster> [--json] [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR] [--balancer-conf FILE]`: exit 0 consistent, 2 drift or unknown, 1 error. */
export async function runAudit(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...RUN_FLAG_OPTIONS, json: { type: 'boolean' }, 'balancer-conf': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('audit takes exactly one project file');
  const opened = await readProjectFile(file);
  const deps = cliRunDepsFromFlags(values, 'audit');
  const balancerConf = values['balancer-conf'];
  const run = await runAuditOnce(opened.project, deps, balancerConf === undefined ? {} : { balancerConf });
  if (run.accepted.length > 0) await writeProjectFile(opened.path, run.project);
  if (values.json) out(JSON.stringify({ project: opened.path, report: run.report, pinned: run.accepted }, null, 2));
  else {
    for (const line of auditTable(run.report)) out(line);
    if (run.accepted.length > 0) out(`${run.accepted.length} host key(s) accepted and pinned in ${opened.path}`);
  }
  return auditExitCode(run.report);
}

const MARK: Readonly<Record<FindingStatus, string>> = { match: 'match', drift: 'DRIFT', unknown: 'unknown', attested: 'attested', waived: 'waived' };

/** The report as text: a requirements x instances table, the groups of identical values, then what needs attention. */
export function auditTable(report: AuditReport): string[] {
  const names = report.instances.map((instance) => instance.instance);
  const widths = names.map((name) => Math.max(name.length + (name === report.referenceInstance ? 1 : 0), 8));
  const label = 46;
  const cell = (text: string, index: number): string => text.padEnd(widths[index] ?? 8);
  const lines = [`Audit of ${report.project}: ${report.verdict.toUpperCase()} (reference ${report.referenceInstance}, marked *)`, ''];
  lines.push(`${''.padEnd(label)}  ${names.map((name, index) => cell(name === report.referenceInstance ? `${name}*` : name, index)).join('  ')}`);
  for (const { requirement, groups, referenceOffTarget } of report.findings.requirements) {
    const statuses = names.map((name) => report.findings.findings.find((finding) => finding.requirement === requirement && finding.instance === name)?.status ?? 'unknown');
    const title = `${requirement.padEnd(6)} ${REQUIREMENT_TITLES[requirement]}`;
    lines.push(`${(title.length > label ? `${title.slice(0, label - 1)}…` : title).padEnd(label)}  ${statuses.map((status, index) => cell(MARK[status], index)).join('  ')}`);
    if (groups.length > 1) lines.push(`${''.padEnd(7)}identical values: ${groups.map((group) => group.instances.join(' = ') + (group.key === 'unknown' ? ' (unknown)' : '')).join('  |  ')}`);
    if (referenceOffTarget !== undefined) lines.push(`${''.padEnd(7)}the reference itself is off the documented value: ${referenceOffTarget}`);
  }
  const attention = report.findings.findings.filter((finding) => finding.status !== 'match');
  if (attention.length > 0) {
    lines.push('', 'Details:');
    for (const finding of attention) lines.push(`  ${MARK[finding.status].padEnd(8)} ${finding.instance} ${finding.requirement}: ${finding.detail}`);
  }
  const failed = report.instances.filter((instance) => !instance.audited || instance.refusedFiles.length > 0);
  if (failed.length > 0) {
    lines.push('', 'Instances:');
    for (const instance of failed) {
      if (instance.failure) lines.push(`  ${instance.instance}: not audited (${instance.failure.stage}): ${instance.failure.reason}`);
      for (const refused of instance.refusedFiles) lines.push(`  ${instance.instance}: ${refused.path} refused, left untouched: ${refused.reason}`);
    }
  }
  const { balancer } = report;
  lines.push('', `Balancer: ${balancer.source ?? 'no kl_balancer.conf'}${balancer.error ? `: ${balancer.error}` : ''}`);
  lines.push(`  alerts target: ${balancer.alertTarget.value ? `${balancer.alertTarget.value.host}:${balancer.alertTarget.value.cybertracePort}` : 'unknown'} (${balancer.alertTarget.evidence})`);
  for (const check of balancer.portChecks) lines.push(`  ${check.state.padEnd(10)} ${check.instance}: ${check.evidence}`);
  if (balancer.notInProject.length > 0) lines.push(`  Balancer also sends to ${balancer.notInProject.join(', ')}, which the project does not list`);
  for (const problem of balancer.facts?.problems ?? []) lines.push(`  kl_balancer.conf: ${problem}`);
  const counts = Object.entries(report.counts).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ');
  lines.push('', `${counts}. Exit ${auditExitCode(report)}: ${report.verdict === 'consistent' ? 'consistent' : report.verdict === 'drift' ? 'drift found' : 'consistency not shown (unknown findings)'}.`);
  return lines;
}
