// Issue 12 item 4: the wizard's evidence and `ctha report`'s come from the same run records through the same
// mapping. One emulated lab on 127.0.240.10-12 (one Linux, one Windows instance); pre-checks, audit and probe
// run once through the contract (createEngine + the in-process client, as the CLI reaches its engine) by a
// wizard store; the same results go into the CLI's verificationRunFacts; both evidences are compared field by
// field. Excluded, and why:
//  - `times`: the pre-checks have no times of their own, so each front end stamps its own clock around the
//    call (the wizard inside the store, `ctha report` inside runVerification); they differ by the call's
//    overhead. Checked instead: the same end, and the wizard's start not after its first remote operation.
// `cluster.projectSha256` is compared: the wizard keeps the digest project.open/save gave (the file after the
// pre-checks pinned the keys, reloaded), `ctha report` the file's digest after its run.
// Run-specific ids (the audit's runId, the probe's event id) are not excluded: both evidences are made from
// the same results, so any difference in them would be a real one.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import { readProjectFile } from '../../../engine/project/project-file.js';
import type { VerificationRun } from '../../../engine/report/verification-run.js';
import { probeEndpoints, verificationRunFacts } from '../../../engine/report/verification-run.js';
import type { TranscriptEntry } from '../../../engine/ssh/transcript/entry.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { sessionEvidence, sessionFacts } from '../../../renderer/report/session-evidence.js';
import { createAppStore } from '../../../renderer/store/create-app-store.js';
import type { CthaApi } from '../../../shared/contract/api.js';
import { createClient } from '../../../shared/contract/client.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import type { EvidenceInputDraft } from '../../../shared/report/evidence.js';
import { EvidenceInputSchema } from '../../../shared/report/evidence.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';
import { withReq3Attested } from '../audit/audit-lab.js';
import { reqRulesOf } from '../../../shared/probe/req-rules-of.js';

type Output<K extends keyof CthaApi> = CthaApi[K] extends (...args: never[]) => Promise<infer O> ? O : never;
type Input<K extends keyof CthaApi> = CthaApi[K] extends (input: infer I) => Promise<unknown> ? I : never;

const LINUX_CONF = '/opt/kaspersky/ktfs/etc/kl_feed_service.conf';
let lab: TestLab;
let projectPath: string;
let balancerConf: string;

beforeAll(async () => {
  lab = startLab('127.0.240.10', ['--linux', '1', '--windows', '1', '--backend', 'emulated']);
  projectPath = lab.file.projectPath;
  // Attested requirement 3 so the evidence has attestations to carry; both front ends read this file.
  writeFileSync(projectPath, `${JSON.stringify(withReq3Attested((await readProjectFile(projectPath)).project), null, 2)}\n`);
  balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
}, 240_000);

afterAll(() => lab?.down(), 60_000);

/** The contract's client, with every prompt answered (lab password, every new host key accepted) and the three runs' inputs and outputs kept. */
function recordingClient() {
  const client = createClient(createInProcessBridge(createEngine({ frontEnd: 'electron' })));
  const password = lab.file.credentials.password;
  client.onEvent((event) => {
    if (event.name !== 'prompt') return;
    const prompt = event.payload;
    const answer =
      prompt.kind === 'password'
        ? { kind: 'password' as const, secret: password }
        : prompt.kind === 'host-key-review'
          ? { kind: 'host-key-review' as const, acceptedKeys: prompt.keys.filter((key) => key.status === 'new').map(hostKeyTupleOf) }
          : { kind: 'cancel' as const };
    void client['prompt.answer']({ promptId: prompt.promptId, answer }).catch(() => undefined);
  });
  const seen: {
    prechecks?: Output<'prechecks.run'>;
    prechecksStartedAt?: string;
    prechecksFinishedAt?: string;
    audit?: Output<'audit.run'>;
    probeInput?: Input<'probe.run'>;
    probe?: Output<'probe.run'>;
  } = {};
  const api: CthaApi = {
    ...client,
    'prechecks.run': async (input) => {
      // As runVerification stamps them: just before and just after the pre-checks.
      seen.prechecksStartedAt = new Date().toISOString();
      seen.prechecks = await client['prechecks.run'](input);
      seen.prechecksFinishedAt = new Date().toISOString();
      return seen.prechecks;
    },
    'audit.run': async (input) => (seen.audit = await client['audit.run'](input)),
    'probe.run': async (input) => {
      seen.probeInput = input;
      return (seen.probe = await client['probe.run'](input));
    },
  };
  return { api, seen };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} did not run`);
  return value;
}

function valid(evidence: EvidenceInputDraft, who: string): EvidenceInputDraft {
  const parsed = EvidenceInputSchema.safeParse(evidence);
  if (!parsed.success) throw new Error(`${who}'s evidence is refused: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
  return evidence;
}

// The fields compared: everything but the exclusion the header explains.
function comparable(evidence: EvidenceInputDraft): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...evidence, cluster: { ...evidence.cluster } };
  delete copy.times;
  return copy;
}

/** One run of pre-checks, audit and probe by a wizard store over the contract; the same results as `ctha report`'s facts (its fallback port: the wizard's port field). */
async function runBoth() {
  const { api, seen } = recordingClient();
  const store = createAppStore(api);
  await store.getState().open(projectPath);
  store.getState().setBalancerConf(balancerConf);
  await store.getState().runPrechecks();
  expect(store.getState().precheckStatus).toBe('done');
  await store.getState().runAudit();
  expect(store.getState().auditStatus).toBe('done');
  await store.getState().runProbe();
  expect(store.getState().probeStatus).toBe('done');
  store.getState().setReportField('reportEngineer', 'Test Engineer');
  const wizard = valid(sessionEvidence(required(sessionFacts(store.getState()), 'the wizard session')), 'the wizard');

  // The CLI's side: the same results as runVerification would hold them, through verificationRunFacts.
  const prechecks = required(seen.prechecks, 'prechecks.run');
  const audit = required(seen.audit, 'audit.run');
  const bytes = readFileSync(projectPath);
  const project = (await readProjectFile(projectPath)).project;
  const endpoints = probeEndpoints(project, audit.report, Number(store.getState().probePort));
  // The wizard probed where `ctha report` would have (the one rule of shared/probe/probe-port.ts), with the
  // same REQ placement from the audit (shared/probe/req-rules-of.ts), as runVerification does.
  expect(required(seen.probeInput, 'probe.run').endpoints).toEqual(
    endpoints.map(({ instance, host, port }) => ({ instance, host, port, ...reqRulesOf(audit.report, instance) })),
  );
  const run: VerificationRun = {
    project,
    accepted: [...prechecks.pinned, ...audit.pinned],
    prechecks: prechecks.results,
    prechecksStartedAt: required(seen.prechecksStartedAt, 'prechecks.run'),
    prechecksFinishedAt: required(seen.prechecksFinishedAt, 'prechecks.run'),
    // The contract carries the engine's TranscriptEntry as loose objects (shared/contract/operations.ts).
    precheckTranscript: (prechecks.transcript ?? []) as unknown as TranscriptEntry[],
    audit: audit.report,
    endpoints,
    probe: seen.probe,
    secrets: [],
  };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const cli = valid(assembleEvidence(verificationRunFacts(run, { engineer: 'Test Engineer', projectSha256: sha256 })), 'ctha report');
  return { wizard, cli, prechecks, audit, sha256 };
}

/** Field by field (a difference names its field), then what each exclusion can still be checked for. */
function expectSameEvidence(wizard: EvidenceInputDraft, cli: EvidenceInputDraft, sha256: string): void {
  const [left, right] = [comparable(wizard), comparable(cli)];
  expect(Object.keys(left).sort()).toEqual(Object.keys(right).sort());
  for (const key of Object.keys(right)) expect(left[key], `evidence field ${key}`).toEqual(right[key]);
  expect(cli.cluster.projectSha256).toBe(sha256);
  expect(wizard.cluster.projectSha256).toBe(sha256);
  expect(wizard.times?.finishedAt).toBe(cli.times?.finishedAt);
  // Each front end stamps its own start around the same pre-checks call, so only causality is checked:
  // the wizard's start is not after the first remote operation it records.
  expect(Date.parse(wizard.times?.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(wizard.transcript?.[0]?.startedAt ?? ''));
}

describe('evidence parity on an emulated lab', () => {
  it('the wizard and `ctha report` state the same evidence of one run of pre-checks, audit and probe', async () => {
    const { wizard, cli, prechecks, audit, sha256 } = await runBoth();
    // Not a comparison of two empty reports: the run's every part is there, the pre-checks' transcript first.
    expect(prechecks.pinned).toHaveLength(2);
    expect(wizard.prechecks?.length).toBeGreaterThan(0);
    expect(wizard.findings).toHaveLength(18);
    expect(wizard.probes?.map((probe) => [probe.instance, probe.status])).toEqual([
      ['ct-linux-1', 'pass'],
      ['ct-win-1', 'pass'],
    ]);
    expect(wizard.hostKeys).toHaveLength(2);
    expect(wizard.attestations).toHaveLength(2);
    const precheckOps = prechecks.transcript?.length ?? 0;
    expect(precheckOps).toBeGreaterThan(2);
    expect(wizard.transcript).toHaveLength(precheckOps + audit.report.transcript.length);
    expect(wizard.transcript?.slice(0, precheckOps)).toEqual(cli.transcript?.slice(0, precheckOps));
    expectSameEvidence(wizard, cli, sha256);
  }, 180_000);

  it("an instance probed on the engineer's port (its own unreadable) is noted the same way by both", async () => {
    const local = lab.local('ct-linux-1', LINUX_CONF);
    const original = readFileSync(local);
    const text = original.toString('utf8');
    expect(text).toContain('<ConnectionString>0.0.0.0:9999</ConnectionString>');
    // The running service keeps its port; only what the audit reads loses it.
    writeFileSync(local, text.replace('<ConnectionString>0.0.0.0:9999</ConnectionString>', '<ConnectionString>0.0.0.0</ConnectionString>'));
    try {
      const { wizard, cli, sha256 } = await runBoth();
      const linux = wizard.probes?.find((probe) => probe.instance === 'ct-linux-1');
      expect(linux?.detail).toMatch(/; port 9999 given by the engineer, not discovered: ConnectionString "0.0.0.0" is not ip:port$/);
      expect(wizard.probes?.find((probe) => probe.instance === 'ct-win-1')?.detail).not.toMatch(/given by the engineer/);
      expectSameEvidence(wizard, cli, sha256);
    } finally {
      writeFileSync(local, original);
    }
  }, 180_000);
});
