// Issue 13 item 8 against the emulated lab, through the contract (createEngine + the in-process client, as every
// front end reaches its engine): SSH passwords asked once per user@host across pre-checks, audit, plan, apply,
// probe and report.run; once in all with the user-wide answer; a wrong password re-asked for that host alone, with the refusal;
// one Cancel ending the run's questions; the password never in an event or an output. Lab on 127.0.224.10-13
// (Balancer .10, instances .11-.13), this file only.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import { EventHub } from '../../../engine/api/event-hub.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import { identityToP12 } from '../../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRunDeps } from '../../../engine/steps/run/run-types.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import type { CthaApi } from '../../../shared/contract/api.js';
import { createClient } from '../../../shared/contract/client.js';
import type { EngineEvent, Prompt, PromptAnswer } from '../../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import type { Project } from '../../../shared/project/schema.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

type LoginPrompt = Extract<Prompt, { kind: 'password' }>;

const P12_PASSPHRASE = 'credentials test passphrase';
let lab: TestLab;
let p12: string;
let balancerConf: string;
let project: Project;

beforeAll(async () => {
  lab = startLab('127.0.224.10', ['--linux', '2', '--windows', '1', '--backend', 'emulated', '--drift', 'finished-disabled']);
  balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
  // Password logins whatever the lab's default project says: this file is about them.
  project = JSON.parse(readFileSync(lab.file.projectPath, 'utf8')) as Project;
  project = { ...project, instances: project.instances.map((instance) => ({ ...instance, auth: { method: 'password' } })) };
  writeFileSync(lab.file.projectPath, `${JSON.stringify(project, null, 2)}\n`);
  p12 = join(lab.dir, 'engineer.p12');
  writeFileSync(p12, identityToP12(await createSelfSignedIdentity('Test Engineer'), P12_PASSPHRASE));
}, 240_000);

afterAll(() => lab?.down(), 60_000);

/** One engine and its client; `answerLogin` answers each SSH password prompt (new host keys accepted, anything else cancelled). */
function engineWith(answerLogin: (prompt: LoginPrompt, index: number) => PromptAnswer) {
  const client: CthaApi = createClient(createInProcessBridge(createEngine({ frontEnd: 'electron' })));
  const events: EngineEvent[] = [];
  const logins: LoginPrompt[] = [];
  client.onEvent((event) => {
    events.push(event);
    if (event.name !== 'prompt') return;
    const prompt = event.payload;
    let answer: PromptAnswer;
    if (prompt.kind === 'password' && prompt.purpose === 'ssh') {
      logins.push(prompt);
      answer = answerLogin(prompt, logins.length - 1);
    } else if (prompt.kind === 'passphrase') answer = { kind: 'passphrase', secret: P12_PASSPHRASE };
    else if (prompt.kind === 'host-key-review')
      answer = { kind: 'host-key-review', acceptedKeys: prompt.keys.filter((key) => key.status === 'new').map(hostKeyTupleOf) };
    else answer = { kind: 'cancel' };
    void client['prompt.answer']({ promptId: prompt.promptId, answer }).catch(() => undefined);
  });
  return { client, events, logins };
}

const loginsOf = (prompts: readonly LoginPrompt[]): string[] => prompts.map((prompt) => `${prompt.user}@${prompt.host}`).sort();
const everyLogin = (): string[] => project.instances.map((instance) => `${instance.user}@${instance.host}`).sort();

// Connect outcomes per instance of the runs seen: the progress events' `connect` step, done or failed.
function connectStates(events: readonly EngineEvent[]): Map<string, string[]> {
  const states = new Map<string, string[]>();
  for (const event of events)
    if (
      event.name === 'progress' &&
      event.payload.step === 'connect' &&
      event.payload.instance !== undefined &&
      event.payload.state !== 'started'
    )
      states.set(event.payload.instance, [...(states.get(event.payload.instance) ?? []), event.payload.state]);
  return states;
}

describe('credentials asked once (emulated lab, through the contract)', () => {
  it('one password prompt per user@host across pre-checks, audit, plan, apply, probe and report.run; never in an event or output', async () => {
    const password = lab.file.credentials.password;
    const { client, events, logins } = engineWith(() => ({ kind: 'password', secret: password }));
    const path = lab.file.projectPath;
    const outputs: unknown[] = [];
    outputs.push(await client['prechecks.run']({ path }));
    const afterPrechecks = logins.length;
    outputs.push(await client['audit.run']({ path, balancerConf }));
    const out = join(lab.dir, 'credentials-plan.json');
    outputs.push(await client['plan.create']({ path, requirements: ['req7', 'req8'], out, balancerConf }));
    const applied = await client['apply.run']({ path: out });
    outputs.push(applied);
    expect(applied.report.summary.failed).toBe(0);
    outputs.push(await client['probe.run']({ path }));
    const report = await client['report.run']({
      path,
      engineer: 'Test Engineer',
      outDir: join(lab.dir, 'credentials-report'),
      identity: { kind: 'p12', path: p12 },
      balancerConf,
      knownSecrets: [password],
    });
    outputs.push(report);

    expect(afterPrechecks).toBe(project.instances.length);
    expect(loginsOf(logins)).toEqual(everyLogin());
    // Every later run logged in with the remembered passwords: each instance connected in each of the four SSH runs.
    for (const instance of project.instances)
      expect(connectStates(events).get(instance.name)).toEqual(['done', 'done', 'done', 'done', 'done']);
    // Redaction: the remembered password reached each new run's redactor before use.
    expect(events.some((event) => event.name === 'transcript')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(password);
    expect(JSON.stringify(outputs)).not.toContain(password);
  }, 300_000);

  it('"use for every instance with this user": one prompt in all', async () => {
    const password = lab.file.credentials.password;
    const { client, events, logins } = engineWith(() => ({ kind: 'password', secret: password, scope: 'user' }));
    const path = lab.file.projectPath;
    await client['prechecks.run']({ path });
    await client['audit.run']({ path, balancerConf });
    expect(logins).toHaveLength(1);
    for (const instance of project.instances) expect(connectStates(events).get(instance.name)).toEqual(['done', 'done']);
    expect(JSON.stringify(events)).not.toContain(password);
  }, 300_000);

  it('a wrong password: that host alone is re-asked with the refusal, and its login then succeeds', async () => {
    const password = lab.file.credentials.password;
    const wrongHost = project.instances[1];
    if (!wrongHost) throw new Error('the lab has no second instance');
    let wrongGiven = false;
    const { client, events, logins } = engineWith((prompt) => {
      if (prompt.host === wrongHost.host && !wrongGiven) {
        wrongGiven = true;
        return { kind: 'password', secret: 'not-the-password' };
      }
      return { kind: 'password', secret: password };
    });
    const path = lab.file.projectPath;
    const result = await client['prechecks.run']({ path });
    expect(logins).toHaveLength(project.instances.length + 1);
    const retries = logins.filter((prompt) => prompt.retryReason !== undefined);
    expect(retries.map((prompt) => prompt.host)).toEqual([wrongHost.host]);
    expect(retries[0]?.retryReason).toMatch(/authentication failed for .*; the server refused the password \(attempt 1 of 3\)/);
    // The refused host's first prompt came before its re-ask; the other hosts were asked once each.
    expect(loginsOf(logins)).toEqual([...everyLogin(), `${wrongHost.user}@${wrongHost.host}`].sort());
    for (const instance of project.instances) expect(connectStates(events).get(instance.name)).toEqual(['done']);
    // The refused password is a secret too: registered with the run's redactor before it was sent.
    for (const secret of [password, 'not-the-password']) {
      expect(JSON.stringify(result)).not.toContain(secret);
      expect(JSON.stringify(events)).not.toContain(secret);
    }
  }, 300_000);

  it('one Cancel cancels every password prompt of the run: one prompt shown, every instance not connected', async () => {
    const { client, events, logins } = engineWith(() => ({ kind: 'cancel' }));
    await client['prechecks.run']({ path: lab.file.projectPath }).catch(() => undefined);
    expect(logins).toHaveLength(1);
    const states = connectStates(events);
    for (const instance of project.instances) expect(states.get(instance.name)).toEqual(['failed']);
  }, 300_000);

  it('three refusals: auth-failed for that host alone, and the memory forgot the last one (the next run asks afresh)', async () => {
    const password = lab.file.credentials.password;
    const wrongHost = project.instances[0];
    if (!wrongHost) throw new Error('the lab has no instance');
    const events = new EventHub();
    const broker = new PromptBroker(events, 60_000);
    const logins: LoginPrompt[] = [];
    events.subscribe((event) => {
      if (event.name !== 'prompt' || event.payload.kind !== 'password') return;
      logins.push(event.payload);
      const secret = event.payload.host === wrongHost.host ? `wrong-${logins.length}` : password;
      broker.answer(event.payload.promptId, { kind: 'password', secret });
    });
    // The engine's wiring (create-engine.ts): the run asks through the broker and tells its memory about refusals.
    const deps: ClusterRunDeps = {
      ask: broker.ask.bind(broker),
      passwordRefused: (user, host) => broker.credentials.refused(user, host),
      askHostKeys: async (question) => ({ kind: 'host-key-review', acceptedKeys: question.keys.map(hostKeyTupleOf) }),
    };
    const run = await openClusterRun(project, deps);
    try {
      const failed = run.members.filter((member) => !member.ok);
      expect(failed.map((member) => [member.instance.name, member.ok ? '' : member.stage])).toEqual([[wrongHost.name, 'authentication']]);
      expect(failed[0]?.ok === false ? failed[0].reason : '').toMatch(/authentication failed for/);
      const asked = logins.filter((prompt) => prompt.host === wrongHost.host);
      expect(asked.map((prompt) => prompt.retryReason?.replace(/.*\(attempt (\d) of 3\)$/, '$1'))).toEqual([undefined, '1', '2']);
      expect(logins).toHaveLength(project.instances.length + 2);
    } finally {
      await run.close();
    }
    const next = await openClusterRun(project, deps, { instances: [wrongHost.name] });
    await next.close();
    const again = logins.slice(project.instances.length + 2);
    // Asked afresh (no refusal carried: nothing wrong was tried again), three times as before.
    expect(again[0]).toMatchObject({ host: wrongHost.host });
    expect(again[0]?.retryReason).toBeUndefined();
    expect(again).toHaveLength(3);
  }, 300_000);
});
