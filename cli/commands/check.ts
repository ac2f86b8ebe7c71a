import { parseArgs } from 'node:util';
import { EventHub } from '../../engine/api/event-hub.js';
import { PromptBroker } from '../../engine/api/prompt-broker.js';
import { blockerFailed } from '../../engine/prechecks/result.js';
import { runPrechecks } from '../../engine/prechecks/run-prechecks.js';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import { PRECHECKS } from '../../shared/prechecks/catalogue.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { err, out } from '../output.js';
import { readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

/** `ctha check <cluster> [--accept-new-host-keys] [--json] [--password-env VAR]`: exit 0 all pass, 2 a blocker failed, 1 error. */
export async function runCheck(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { 'accept-new-host-keys': { type: 'boolean' }, json: { type: 'boolean' }, 'password-env': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('check takes exactly one project file');
  const opened = await readProjectFile(file);
  const envName = values['password-env'];
  const events = new EventHub();
  const broker = new PromptBroker(events, 5 * 60_000);
  // The command line is a front end like the wizard: it answers the engine's prompt events.
  const answer = async (prompt: Prompt): Promise<PromptAnswer> => {
    switch (prompt.kind) {
      case 'password':
      case 'passphrase': {
        // The secret comes from the variable the user named, or from the terminal; never from argv.
        const fromEnv = envName === undefined ? undefined : process.env[envName];
        const what = prompt.kind === 'password' ? `${prompt.user}@${prompt.host} (${prompt.instance}, ${prompt.purpose})` : prompt.keyPath;
        const secret = fromEnv ?? (await readSecretFromTerminal(`${prompt.kind === 'password' ? 'Password' : 'Passphrase'} for ${what}: `));
        return { kind: prompt.kind, secret };
      }
      case 'host-key-review': {
        for (const key of prompt.keys) err(`${key.status === 'new' ? 'New' : 'CHANGED'} host key: ${key.instance} ${key.host}:${key.port} ${key.keyType} ${key.fingerprint}`);
        const accept = values['accept-new-host-keys'] === true;
        if (!accept) err('Not accepted: compare the fingerprints out of band, then run again with --accept-new-host-keys (or review them in the wizard).');
        return { kind: 'host-key-review', acceptedFingerprints: accept ? prompt.keys.filter((key) => key.status === 'new').map((key) => key.fingerprint) : [] };
      }
    }
  };
  events.subscribe((event) => {
    if (event.name !== 'prompt') return;
    void answer(event.payload).then(
      (reply) => broker.answer(event.payload.promptId, reply),
      (error: unknown) => {
        err(`ctha check: ${error instanceof Error ? error.message : String(error)}`);
        broker.answer(event.payload.promptId, { kind: 'cancel' });
      },
    );
  });
  const run = await runPrechecks(opened.project, { ask: broker.ask.bind(broker) });
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
