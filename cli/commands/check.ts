// `ctha check`: the pre-checks of every instance, as a table or JSON.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { blockerFailed } from '../../engine/api/create-engine.js';
import { PRECHECKS } from '../../shared/prechecks/catalogue.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { out } from '../output.js';
import { cliPromptAnswererFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { openEngineSession } from './engine-session.js';
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
  // The command line is a front end like the wizard: it answers the engine's prompt events.
  const answer = cliPromptAnswererFromFlags(values, 'check');
  const session = openEngineSession({ command: 'check', answer, progress: { json: values.json === true } });
  let run;
  try {
    run = await session.api['prechecks.run']({ path: file });
  } finally {
    session.close();
  }
  const path = resolve(file);
  if (values.json)
    out(JSON.stringify({ project: path, results: run.results, pinned: run.pinned, transcript: run.transcript ?? [] }, null, 2));
  else printTable(run.results, run.projectSaved ? run.pinned.length : 0, path);
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
