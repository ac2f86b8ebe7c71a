import { parseArgs } from 'node:util';
import { blockerFailed } from '../../engine/prechecks/result.js';
import { runPrechecks } from '../../engine/prechecks/run-prechecks.js';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import { PRECHECKS } from '../../shared/prechecks/catalogue.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { out } from '../output.js';
import { cliRunDepsFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { UsageError } from './usage-error.js';

/** `ctha check <cluster> [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--json] [--password-env VAR]`: exit 0 all pass, 2 a blocker failed, 1 error. */
export async function runCheck(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...RUN_FLAG_OPTIONS, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('check takes exactly one project file');
  const opened = await readProjectFile(file);
  // The command line is a front end like the wizard: it answers the engine's prompt events.
  const deps = cliRunDepsFromFlags(values, 'check');
  const run = await runPrechecks(opened.project, deps);
  if (run.accepted.length > 0) await writeProjectFile(opened.path, run.project);
  if (values.json) out(JSON.stringify({ project: opened.path, results: run.results, pinned: run.accepted, transcript: run.transcript }, null, 2));
  else printTable(run.results, run.accepted.length, opened.path);
  return blockerFailed(run.results) ? 2 : 0;
}

function printTable(results: readonly PrecheckResult[], pinned: number, path: string): void {
  for (const result of results) {
    const mark = result.status === 'pass' ? 'PASS' : result.status === 'skipped' ? 'SKIP' : result.severity === 'blocker' ? 'FAIL' : 'WARN';
    out(`${mark}  ${(result.instance ?? '(cluster)').padEnd(14)} ${PRECHECKS[result.check].title}: ${result.evidence}`);
    if (result.status === 'fail' && result.fixHint) out(`      fix: ${result.fixHint}`);
  }
  if (pinned > 0) out(`${pinned} host key(s) accepted and pinned in ${path}`);
}
