// `run.cancel` on the emulated lab, through the contract (createEngine + the in-process client): a rolling apply
// cancelled during its first instance's write finishes that instance and starts no other; an audit or a plan cancelled
// while it runs ends with `cancelled` (no plan file); a parallel apply leaves each instance applied or not started; an unknown or ended run is not accepted. Lab on 127.0.176.10-14 (this file only).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import { ApplyJournal } from '../../../engine/steps/journal/apply-journal.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import type { CthaApi } from '../../../shared/contract/api.js';
import { createClient } from '../../../shared/contract/client.js';
import { ApiError } from '../../../shared/contract/errors.js';
import type { EngineEvent, PromptAnswer } from '../../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';
import type { Project } from '../../../shared/project/schema.js';

let lab: TestLab;
let balancerConf: string;

beforeAll(() => {
  // The reference ct-linux-1 has no drift; the three others each have one to fix, so a rolling apply changes three instances.
  lab = startLab('127.0.176.10', ['--linux', '4', '--windows', '0', '--backend', 'emulated', '--drift', 'finished-disabled']);
  balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
}, 240_000);

afterAll(() => lab?.down(), 60_000);

/** One engine and its client; every prompt answered (new keys accepted, the lab's password); `onEvent` sees every event as it is emitted. */
function engineWith(onEvent: (event: EngineEvent, client: CthaApi) => void = () => undefined) {
  const engine = createEngine({ frontEnd: 'electron' });
  const client: CthaApi = createClient(createInProcessBridge(engine));
  const events: EngineEvent[] = [];
  engine.events.subscribe((event) => {
    events.push(event);
    onEvent(event, client);
    if (event.name !== 'prompt') return;
    const prompt = event.payload;
    const answer: PromptAnswer =
      prompt.kind === 'password'
        ? { kind: 'password', secret: lab.file.credentials.password }
        : prompt.kind === 'host-key-review'
          ? { kind: 'host-key-review', acceptedKeys: prompt.keys.filter((key) => key.status === 'new').map(hostKeyTupleOf) }
          : { kind: 'cancel' };
    void client['prompt.answer']({ promptId: prompt.promptId, answer }).catch(() => undefined);
  });
  return { engine, client, events };
}

/** The operation's rejection (the test fails if it resolved). */
async function rejection(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the operation resolved; a cancelled error was expected');
}

/** The findings in drift per instance of an audit. */
function driftByInstance(report: Awaited<ReturnType<CthaApi['audit.run']>>['report']): Map<string, number> {
  const drift = new Map<string, number>();
  for (const finding of report.findings.findings)
    if (finding.status === 'drift') drift.set(finding.instance, (drift.get(finding.instance) ?? 0) + 1);
  return drift;
}

describe('run.cancel (emulated lab, through the contract)', () => {
  it('an unknown run id is not accepted, and a blank one is refused as invalid input', async () => {
    const { client } = engineWith();
    await expect(client['run.cancel']({ runId: 'no-such-run' })).resolves.toEqual({ accepted: false });
    const blank = await rejection(client['run.cancel']({ runId: '  ' }));
    expect(blank.code).toBe('invalid-input');
  });

  it('an audit cancelled as its first instance starts ends with `cancelled`; its id is not accepted after it ended', async () => {
    let runId: string | undefined;
    let answered: Promise<{ accepted: boolean }> | undefined;
    const { client, events } = engineWith((event, api) => {
      if (answered === undefined && event.name === 'progress' && event.payload.step === 'audit' && event.payload.state === 'started') {
        runId = event.payload.runId;
        answered = api['run.cancel']({ runId });
      }
    });
    const error = await rejection(client['audit.run']({ path: lab.file.projectPath, balancerConf }));
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/^The audit was cancelled by the engineer/);
    expect(await answered).toEqual({ accepted: true });
    // Every instance's audit stopped at its next remote operation, saying why; none went on to a result.
    const audits = events.filter(
      (event) =>
        event.name === 'progress' && event.payload.step === 'audit' && event.payload.runId === runId && event.payload.state !== 'started',
    );
    expect(audits.length).toBe(4);
    for (const event of audits) {
      expect(event.name === 'progress' && event.payload.state).toBe('failed');
      expect(event.name === 'progress' && event.payload.detail).toMatch(
        /the run was cancelled; ct-linux-\d's next operation was not started/,
      );
    }
    await expect(client['run.cancel']({ runId: runId ?? '' })).resolves.toEqual({ accepted: false });
  }, 120_000);

  it("a cancel while the run's password prompts are open closes them and starts no step", async () => {
    // A copy of the project that logs in with passwords, so that the run asks before it can start.
    const project = JSON.parse(readFileSync(lab.file.projectPath, 'utf8')) as Project;
    const path = join(lab.dir, 'password-login.ctha.json');
    writeFileSync(
      path,
      `${JSON.stringify({ ...project, instances: project.instances.map((instance) => ({ ...instance, auth: { method: 'password' } })) }, null, 2)}\n`,
    );
    const engine = createEngine({ frontEnd: 'electron' });
    const client: CthaApi = createClient(createInProcessBridge(engine));
    const events: EngineEvent[] = [];
    let answered: Promise<{ accepted: boolean }> | undefined;
    engine.events.subscribe((event) => {
      events.push(event);
      if (event.name !== 'prompt') return;
      const prompt = event.payload;
      // Host keys are accepted; the first password prompt is left open and its run cancelled instead.
      if (prompt.kind === 'host-key-review')
        void client['prompt.answer']({
          promptId: prompt.promptId,
          answer: { kind: 'host-key-review', acceptedKeys: prompt.keys.filter((key) => key.status === 'new').map(hostKeyTupleOf) },
        });
      else if (prompt.kind === 'password' && prompt.runId !== undefined) answered ??= client['run.cancel']({ runId: prompt.runId });
    });
    const error = await rejection(client['audit.run']({ path, balancerConf }));
    expect(await answered).toEqual({ accepted: true });
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('the run was cancelled while logging in to the hosts; no step was started');
    const prompts = events.flatMap((event) =>
      event.name === 'prompt' && event.payload.kind === 'password' ? [event.payload.promptId] : [],
    );
    expect(prompts.length).toBeGreaterThan(0);
    const closed = events.flatMap((event) => (event.name === 'prompt.closed' ? [[event.payload.promptId, event.payload.reason]] : []));
    for (const promptId of prompts) expect(closed).toContainEqual([promptId, 'cancelled']);
    expect(engine.prompts.pendingCount).toBe(0);
    // No instance was audited.
    expect(
      events.some((event) => event.name === 'progress' && event.payload.step === 'audit' && event.payload.instance !== undefined),
    ).toBe(false);
  }, 120_000);

  it('a cancel while the host-key review is open closes it, refuses its keys and pins nothing', async () => {
    // A copy of the project that pins no key, so that the run asks for every host's key first.
    const project = JSON.parse(readFileSync(lab.file.projectPath, 'utf8')) as Project;
    const path = join(lab.dir, 'no-pins.ctha.json');
    writeFileSync(path, `${JSON.stringify({ ...project, hostKeys: [] }, null, 2)}\n`);
    const engine = createEngine({ frontEnd: 'electron' });
    const client: CthaApi = createClient(createInProcessBridge(engine));
    const events: EngineEvent[] = [];
    let answered: Promise<{ accepted: boolean }> | undefined;
    engine.events.subscribe((event) => {
      events.push(event);
      // The review is left open and its run cancelled instead.
      if (event.name === 'prompt' && event.payload.kind === 'host-key-review' && event.payload.runId !== undefined)
        answered ??= client['run.cancel']({ runId: event.payload.runId });
    });
    const error = await rejection(client['audit.run']({ path, balancerConf }));
    expect(await answered).toEqual({ accepted: true });
    expect(error.code).toBe('cancelled');
    const reviews = events.flatMap((event) =>
      event.name === 'prompt' && event.payload.kind === 'host-key-review' ? [event.payload.promptId] : [],
    );
    expect(reviews).toHaveLength(1);
    const closed = events.flatMap((event) => (event.name === 'prompt.closed' ? [[event.payload.promptId, event.payload.reason]] : []));
    expect(closed).toContainEqual([reviews[0], 'cancelled']);
    expect(engine.prompts.pendingCount).toBe(0);
    expect((JSON.parse(readFileSync(path, 'utf8')) as Project).hostKeys).toEqual([]);
  }, 120_000);

  it('a plan cancelled while the instances are audited ends with `cancelled` and writes no plan file', async () => {
    let answered: Promise<{ accepted: boolean }> | undefined;
    const { client } = engineWith((event, api) => {
      if (answered === undefined && event.name === 'progress' && event.payload.step === 'audit' && event.payload.state === 'started')
        answered = api['run.cancel']({ runId: event.payload.runId });
    });
    const out = join(lab.dir, 'cancelled-plan.json');
    const error = await rejection(client['plan.create']({ path: lab.file.projectPath, balancerConf, out }));
    expect(await answered).toEqual({ accepted: true });
    expect(error.code).toBe('cancelled');
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('a rolling apply cancelled during the first instance write finishes it (written, restarted, ready) and starts no other', async () => {
    const path = lab.file.projectPath;
    const before = await engineWith().client['audit.run']({ path, balancerConf });
    expect([...driftByInstance(before.report).keys()].sort()).toEqual(['ct-linux-2', 'ct-linux-3', 'ct-linux-4']);

    let answered: Promise<{ accepted: boolean }> | undefined;
    const { client, events } = engineWith((event, api) => {
      if (answered === undefined && event.name === 'progress' && event.payload.step === 'write' && event.payload.state === 'started') {
        answered = api['run.cancel']({ runId: event.payload.runId });
      }
    });
    const error = await rejection(client['apply.run']({ path, balancerConf, rolling: true, readyDeadlineMs: 30_000 }));
    expect(await answered).toEqual({ accepted: true });
    expect(error.code).toBe('cancelled');
    expect(error.message).toContain('no instance was left half-written');
    expect(error.message).toContain('Done: ct-linux-2 (applied)');
    expect(error.message).toContain('Not started: ct-linux-1, ct-linux-3, ct-linux-4.');
    expect(error.issues?.map((issue) => [issue.path, issue.message.split(':')[0]])).toEqual([
      ['instances.ct-linux-1', 'skipped'],
      ['instances.ct-linux-2', 'applied'],
      ['instances.ct-linux-3', 'skipped'],
      ['instances.ct-linux-4', 'skipped'],
    ]);
    // The instance whose write had started went on to its start and readiness; no other instance wrote anything.
    const steps = events.flatMap((event) =>
      event.name === 'progress' && event.payload.state !== 'started' ? [`${event.payload.instance ?? '-'} ${event.payload.step}`] : [],
    );
    expect(steps).toContain('ct-linux-2 ready');
    expect(steps.filter((step) => /^ct-linux-[134] (stop|write|start)$/.test(step))).toEqual([]);
    // Nothing half-done: the journal holds no entry, ct-linux-2 is fixed, the two others untouched (their drift unchanged).
    expect((await ApplyJournal.open(path)).entries()).toEqual([]);
    const after = await engineWith().client['audit.run']({ path, balancerConf });
    const drift = driftByInstance(after.report);
    expect(drift.has('ct-linux-2')).toBe(false);
    expect(drift.get('ct-linux-3')).toBe(driftByInstance(before.report).get('ct-linux-3'));
    expect(drift.get('ct-linux-4')).toBe(driftByInstance(before.report).get('ct-linux-4'));
  }, 300_000);
  it('a parallel apply cancelled at its first write leaves every instance either applied or not started, never half-written', async () => {
    const path = lab.file.projectPath;
    // After the rolling test, ct-linux-3 and ct-linux-4 still have their drift; they start at once in parallel.
    let answered: Promise<{ accepted: boolean }> | undefined;
    const { client } = engineWith((event, api) => {
      if (answered === undefined && event.name === 'progress' && event.payload.step === 'write' && event.payload.state === 'started')
        answered = api['run.cancel']({ runId: event.payload.runId });
    });
    const error = await rejection(client['apply.run']({ path, balancerConf, rolling: false, readyDeadlineMs: 30_000 }));
    expect(await answered).toEqual({ accepted: true });
    expect(error.code).toBe('cancelled');
    const outcomes = new Map(error.issues?.map((issue) => [issue.path.replace('instances.', ''), issue.message.split(':')[0]]));
    // The instance whose write started ended applied; each instance is applied, unchanged or not started.
    expect([...outcomes.values()].filter((outcome) => outcome === 'applied').length).toBeGreaterThanOrEqual(1);
    for (const [instance, outcome] of outcomes) expect(['applied', 'unchanged', 'skipped'], instance).toContain(outcome);
    expect((await ApplyJournal.open(path)).entries()).toEqual([]);
    const drift = driftByInstance((await engineWith().client['audit.run']({ path, balancerConf })).report);
    for (const [instance, outcome] of outcomes) {
      if (outcome === 'applied') expect(drift.has(instance), instance).toBe(false);
      if (outcome === 'skipped' && (instance === 'ct-linux-3' || instance === 'ct-linux-4'))
        expect(drift.has(instance), instance).toBe(true);
    }
  }, 300_000);
});
