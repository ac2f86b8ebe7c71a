// A cluster run's progress and transcript events on the emulated lab: connect, audit, a rolling apply
// with a restart (and a refused start rolled back), the probe; every payload checked against the
// contract. Addresses: 127.0.215.10-12 (emulated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from '../../../engine/probe/probe-cluster.js';
import { readProjectFile } from '../../../engine/project/project-file.js';
import { applyPlan } from '../../../engine/steps/apply/apply-plan.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { ApplyJournal } from '../../../engine/steps/journal/apply-journal.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRunDeps } from '../../../engine/steps/run/run-types.js';
import type { EngineEvent, ProgressEvent, TranscriptEvent } from '../../../shared/contract/events.js';
import { eventSchemas } from '../../../shared/contract/events.js';
import type { HandEdit } from '../apply/lab-fixture.js';
import type { TestLab } from '../../support/lab.js';
import { handPlan, replaceOnce } from '../apply/lab-fixture.js';
import { startLab } from '../../support/lab.js';
import { runDeps } from '../audit/run-deps.js';

const NAMES = ['ct-linux-1', 'ct-linux-2', 'ct-linux-3'];
const FROM = '<RecordFieldContextFormat>%ParamName%=%ParamValue%</RecordFieldContextFormat>';
const TO = '<RecordFieldContextFormat>%ParamName%: %ParamValue%</RecordFieldContextFormat>';
const serviceConfEdit = (instance: string): HandEdit => ({
  instance,
  path: (files) => files.serviceConf,
  edit: replaceOnce(FROM, TO),
  restart: true,
});

/** Deps that collect every event the run emits. */
function collecting(lab: TestLab): { deps: ClusterRunDeps; events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  return { deps: { ...runDeps(lab.file.credentials.password).deps, emit: (event) => events.push(event) }, events };
}

/** The runId of a progress or transcript event (undefined for any other event). */
const runIdOf = (event: EngineEvent): string | undefined =>
  event.name === 'progress' || event.name === 'transcript' ? event.payload.runId : undefined;
const progressOf = (events: readonly EngineEvent[]): ProgressEvent[] =>
  events.flatMap((event) => (event.name === 'progress' ? [event.payload] : []));
const transcriptOf = (events: readonly EngineEvent[]): TranscriptEvent[] =>
  events.flatMap((event) => (event.name === 'transcript' ? [event.payload] : []));
const stepEvents = (events: readonly ProgressEvent[], step: string, instance?: string): ProgressEvent[] =>
  events.filter((event) => event.step === step && (instance === undefined || event.instance === instance));

/** Every payload passes its contract schema unchanged (strict: nothing added, nothing missing). */
function expectContract(events: readonly EngineEvent[]): void {
  for (const event of events) {
    const parsed = eventSchemas[event.name].safeParse(event.payload);
    expect(parsed.success, `${event.name}: ${JSON.stringify(event.payload)}`).toBe(true);
    expect(parsed.data).toEqual(event.payload);
  }
}

/** started then exactly one end per instance; the ends count 1..total in order. */
function expectTally(events: readonly ProgressEvent[], step: string, names: readonly string[]): void {
  const all = stepEvents(events, step).filter((event) => event.instance !== undefined);
  for (const name of names) {
    const mine = all.filter((event) => event.instance === name);
    expect(
      mine.map((event) => event.state === 'started'),
      `${step} on ${name}`,
    ).toEqual([true, false]);
  }
  const ends = all.filter((event) => event.state !== 'started');
  expect(ends.map((event) => event.done)).toEqual(names.map((_, index) => index + 1));
  expect(new Set(all.map((event) => event.total))).toEqual(new Set([names.length]));
}

describe('progress and transcript events of a cluster run (emulated lab)', () => {
  let lab: TestLab;
  beforeAll(() => {
    lab = startLab('127.0.215.10', [
      '--linux',
      '3',
      '--windows',
      '0',
      '--backend',
      'emulated',
      '--version',
      '4.4',
      '--drift',
      'none',
      '--fault',
      'ct-linux-3:refuse-start',
    ]);
  }, 240_000);
  afterAll(() => lab?.down(), 60_000);

  it('an audit reports connect and audit per instance (started before done, counted), one transcript event per entry, all within the contract', async () => {
    const opened = await readProjectFile(lab.file.projectPath);
    const { deps, events } = collecting(lab);
    const run = await runAuditOnce(opened.project, deps, { reviewWindowMs: 500 });
    expect(run.report.instances.length).toBe(NAMES.length);
    expectContract(events);
    const progress = progressOf(events);
    expect(new Set(events.map(runIdOf)).size).toBe(1);
    expectTally(progress, 'connect', NAMES);
    for (const name of NAMES) {
      const connect = stepEvents(progress, 'connect', name);
      expect(connect.map((event) => event.state)).toEqual(['started', 'done']);
      // Every instance is connected before its audit starts.
      expect(progress.indexOf(stepEvents(progress, 'audit', name)[0] as ProgressEvent)).toBeGreaterThan(
        progress.indexOf(connect[1] as ProgressEvent),
      );
    }
    expectTally(progress, 'audit', NAMES);
    expect(stepEvents(progress, 'audit').length).toBe(2 * NAMES.length);
    // The transcript events are the report's transcript, entry for entry (closing the sessions may add more after it).
    const transcript = transcriptOf(events);
    expect(run.report.transcript.length).toBeGreaterThan(0);
    expect(transcript.length).toBeGreaterThanOrEqual(run.report.transcript.length);
    expect(transcript.slice(0, run.report.transcript.length).map((event) => [event.instance, event.ms])).toEqual(
      run.report.transcript.map((entry) => [entry.instance, entry.durationMs]),
    );
    expect(transcript.some((event) => event.kind === 'exec' && event.command.length > 0)).toBe(true);
    // The password reaches no event.
    expect(JSON.stringify(events)).not.toContain(lab.file.credentials.password);
  }, 120_000);

  it('a host that refuses the login is one connect failure with its stage and reason', async () => {
    const opened = await readProjectFile(lab.file.projectPath);
    const events: EngineEvent[] = [];
    const deps: ClusterRunDeps = { ...runDeps('not-the-password').deps, emit: (event) => events.push(event) };
    const run = await openClusterRun(opened.project, deps, { reviewWindowMs: 500, instances: ['ct-linux-2'] });
    await run.close();
    expectContract(events);
    const connect = stepEvents(progressOf(events), 'connect', 'ct-linux-2');
    expect(connect.map((event) => event.state)).toEqual(['started', 'failed']);
    expect(connect[1]?.detail).toMatch(/^authentication: /);
    expect(connect[1]).toMatchObject({ done: 1, total: 1, runId: run.runId });
    expect(JSON.stringify(events)).not.toContain('not-the-password');
  }, 60_000);

  it('a rolling apply reports every step per instance in turn; the refused start is one failed step, then the rollback', async () => {
    const opened = await readProjectFile(lab.file.projectPath);
    const { deps, events } = collecting(lab);
    const run = await openClusterRun(opened.project, deps, { reviewWindowMs: 500 });
    try {
      const plan = await handPlan(run, lab, [serviceConfEdit('ct-linux-2'), serviceConfEdit('ct-linux-3')]);
      const before = events.length;
      const report = await applyPlan({
        run,
        plan,
        planSource: 'saved',
        journal: await ApplyJournal.open(lab.file.projectPath),
        options: { readyDeadlineMs: 20_000 },
      });
      expect(report.instances.map((result) => result.outcome)).toEqual(['unchanged', 'applied', 'rolled-back']);
      const applied = events.slice(before);
      expectContract(applied);
      const progress = progressOf(applied);
      expect(progress.every((event) => event.runId === run.runId)).toBe(true);
      // The instance steps are exactly the report's, each started before it ended (a skipped step only ends).
      for (const result of report.instances) {
        const steps = progress.filter((event) => event.instance === result.instance && event.step !== 'apply');
        expect(steps.filter((event) => event.state !== 'started').map((event) => event.step)).toEqual(
          result.steps.map((step) => step.step),
        );
        for (const record of result.steps.filter((step) => step.status !== 'skipped')) {
          const mine = steps.filter((event) => event.step === record.step);
          expect(mine[0]?.state, `${result.instance} ${record.step}`).toBe('started');
        }
      }
      // Rolling: ct-linux-3 is stopped only after ct-linux-2 is ready again; the reference goes last.
      const at = (instance: string, step: string, state: ProgressEvent['state']): number =>
        progress.findIndex((event) => event.instance === instance && event.step === step && event.state === state);
      expect(at('ct-linux-2', 'stop', 'started')).toBeGreaterThanOrEqual(0);
      expect(at('ct-linux-3', 'stop', 'started')).toBeGreaterThan(at('ct-linux-2', 'ready', 'done'));
      expect(at('ct-linux-1', 'apply', 'started')).toBeGreaterThan(at('ct-linux-3', 'apply', 'failed'));
      // The refused start: exactly one failed step on the instance, then the rollback's steps.
      const failedSteps = progress.filter((event) => event.instance === 'ct-linux-3' && event.state === 'failed' && event.step !== 'apply');
      expect(failedSteps.length).toBe(1);
      expect(['start', 'ready']).toContain(failedSteps[0]?.step);
      expect(at('ct-linux-3', 'restore', 'done')).toBeGreaterThan(progress.indexOf(failedSteps[0] as ProgressEvent));
      // The apply step per instance counts 1..3 in rolling order; the run's own apply step ends failed.
      expect(
        stepEvents(progress, 'apply')
          .filter((event) => event.instance !== undefined && event.state !== 'started')
          .map((event) => [event.instance, event.state, event.done]),
      ).toEqual([
        ['ct-linux-2', 'done', 1],
        ['ct-linux-3', 'failed', 2],
        ['ct-linux-1', 'done', 3],
      ]);
      expect(
        stepEvents(progress, 'apply')
          .filter((event) => event.instance === undefined)
          .map((event) => event.state),
      ).toEqual(['started', 'failed']);
      expect(transcriptOf(applied).length).toBeGreaterThan(0);
    } finally {
      await run.close();
    }
  }, 180_000);

  it('a run without emit is silent and leaks nothing into another run; a throwing emit does not stop the run', async () => {
    const opened = await readProjectFile(lab.file.projectPath);
    const { deps, events } = collecting(lab);
    const silent = openClusterRun(opened.project, runDeps(lab.file.credentials.password).deps, { reviewWindowMs: 500 });
    const loud = openClusterRun(opened.project, deps, { reviewWindowMs: 500, instances: ['ct-linux-1'] });
    const [quiet, heard] = await Promise.all([silent, loud]);
    await Promise.all([quiet.close(), heard.close()]);
    expect(quiet.runId).not.toBe(heard.runId);
    expect(quiet.transcript.entries().length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => runIdOf(event) === heard.runId)).toBe(true);
    expect(events.some((event) => event.name === 'transcript' && event.payload.instance !== 'ct-linux-1')).toBe(false);

    let thrown = 0;
    const throwing: ClusterRunDeps = {
      ...runDeps(lab.file.credentials.password).deps,
      emit: () => {
        thrown += 1;
        throw new Error('a broken front end');
      },
    };
    const audit = await runAuditOnce(opened.project, throwing, { reviewWindowMs: 500 });
    expect(thrown).toBeGreaterThan(0);
    expect(audit.report.instances.every((instance) => instance.failure === undefined)).toBe(true);
  }, 120_000);

  it('the probe reports one probe step per instance with its own runId, or the one it is given', async () => {
    const events: EngineEvent[] = [];
    const endpoints = NAMES.map((name) => ({ instance: name, host: lab.instance(name).address, port: 9999 }));
    const result = await probeCluster({ cluster: 'lab', endpoints, deadlineMs: 10_000, emit: (event) => events.push(event) });
    expectContract(events);
    const progress = progressOf(events);
    expectTally(progress, 'probe', NAMES);
    expect(stepEvents(progress, 'probe').length).toBe(2 * NAMES.length);
    for (const entry of result.results) expect(stepEvents(progress, 'probe', entry.instance)[1]?.state).toBe(entry.ok ? 'done' : 'failed');
    expect(new Set(progress.map((event) => event.runId)).size).toBe(1);

    const given: EngineEvent[] = [];
    await probeCluster({
      cluster: 'lab',
      endpoints: endpoints.slice(0, 1),
      deadlineMs: 10_000,
      emit: (event) => given.push(event),
      runId: 'run-42',
    });
    expect(given.length).toBe(2);
    expect(given.every((event) => runIdOf(event) === 'run-42')).toBe(true);
  }, 60_000);
});
