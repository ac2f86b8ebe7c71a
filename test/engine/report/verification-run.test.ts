// runVerification against an emulated lab on 127.0.127.10-12 (one Linux, one Windows instance, no drift):
// pre-checks, audit and the probe of the discovered input ports in one call, prompts asked once per login,
// the secrets answered kept; an instance whose input port cannot be read is probed on the fallback port
// only when one is given, and the evidence says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectFile } from '../../../engine/project/project-file.js';
import type { VerificationRun } from '../../../engine/report/verification-run.js';
import { runVerification, verificationRunFacts } from '../../../engine/report/verification-run.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import type { Project } from '../../../shared/project/schema.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import { EvidenceInputSchema } from '../../../shared/report/evidence.js';
import type { EvidenceInput } from '../../../shared/report/evidence.js';
import { computeVerdict } from '../../../shared/report/verdict.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';
import { withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

const LINUX_CONF = '/opt/kaspersky/ktfs/etc/kl_feed_service.conf';
let lab: TestLab;
let project: Project;
let balancerConf: string;

function evidenceOf(run: VerificationRun): EvidenceInput {
  const parsed = EvidenceInputSchema.safeParse(assembleEvidence(verificationRunFacts(run, { engineer: 'Test Engineer' })));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

beforeAll(async () => {
  lab = startLab('127.0.127.10', ['--linux', '1', '--windows', '1', '--backend', 'emulated']);
  project = (await readProjectFile(lab.file.projectPath)).project;
  balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
}, 240_000);

afterAll(() => lab?.down(), 60_000);

describe('runVerification on an emulated lab', () => {
  it('runs pre-checks, audit and the probe of each discovered input port; asks each password once; keeps the secrets', async () => {
    const answers = runDeps(lab.file.credentials.password);
    const run = await runVerification(withReq3Attested(project), answers.deps, { balancerConf, reviewWindowMs: 300, deadlineMs: 5000 });
    // One run: one review, one login per instance, shared by the pre-checks and the audit.
    expect(answers.reviews).toHaveLength(1);
    expect(answers.passwordPrompts()).toBe(2);
    expect(run.accepted).toHaveLength(2);
    const linux = lab.instance('ct-linux-1').address;
    const windows = lab.instance('ct-win-1').address;
    expect(run.project.hostKeys.map((key) => key.host).sort()).toEqual([linux, windows].sort());
    expect(run.secrets).toEqual([lab.file.credentials.password]);

    expect(run.prechecks.filter((result) => result.status === 'fail')).toEqual([]);
    expect(new Set(run.prechecks.map((result) => result.instance).filter((name) => name !== undefined))).toEqual(
      new Set(['ct-linux-1', 'ct-win-1']),
    );
    expect(run.precheckTranscript.length).toBeGreaterThan(2);
    expect(Date.parse(run.prechecksStartedAt)).toBeLessThanOrEqual(Date.parse(run.prechecksFinishedAt));
    expect(run.audit.verdict).toBe('consistent');

    expect(run.endpoints).toEqual([
      { instance: 'ct-linux-1', host: linux, port: 9999, source: 'discovered', evidence: 'ConnectionString 0.0.0.0:9999' },
      { instance: 'ct-win-1', host: windows, port: 9999, source: 'discovered', evidence: 'ConnectionString 0.0.0.0:9999' },
    ]);
    expect(run.probe?.results.map((result) => [result.instance, result.host, result.port, result.ok])).toEqual([
      ['ct-linux-1', linux, 9999, true],
      ['ct-win-1', windows, 9999, true],
    ]);

    const evidence = evidenceOf(run);
    expect(evidence.findings).toHaveLength(18);
    expect(evidence.transcript.length).toBe(run.precheckTranscript.length + run.audit.transcript.length);
    expect(JSON.stringify(evidence)).not.toContain(lab.file.credentials.password);
    expect(Date.parse(evidence.times.startedAt)).toBe(Date.parse(run.prechecksStartedAt));
    expect(computeVerdict(evidence)).toMatchObject({ outcome: 'pass', reasons: [] });
  }, 120_000);

  it('an instance whose input port cannot be read is probed on the fallback port (said in the evidence), or not at all', async () => {
    const local = lab.local('ct-linux-1', LINUX_CONF);
    const original = readFileSync(local);
    const text = original.toString('utf8');
    expect(text).toContain('<ConnectionString>0.0.0.0:9999</ConnectionString>');
    // The running service keeps its port; only what the audit reads loses it.
    writeFileSync(local, text.replace('<ConnectionString>0.0.0.0:9999</ConnectionString>', '<ConnectionString>0.0.0.0</ConnectionString>'));
    try {
      const opened = withReq3Attested(project);
      const fallback = await runVerification(opened, runDeps(lab.file.credentials.password).deps, {
        balancerConf,
        reviewWindowMs: 300,
        fallbackPort: 9999,
      });
      expect(fallback.endpoints[0]).toEqual({
        instance: 'ct-linux-1',
        host: lab.instance('ct-linux-1').address,
        port: 9999,
        source: 'fallback',
        evidence: 'ConnectionString "0.0.0.0" is not ip:port',
      });
      expect(fallback.endpoints[1]?.source).toBe('discovered');
      expect(fallback.probe?.results.every((result) => result.ok)).toBe(true);
      const probes = evidenceOf(fallback).probes;
      expect(probes.find((probe) => probe.instance === 'ct-linux-1')?.detail).toMatch(
        /; port 9999 given by the engineer, not discovered: ConnectionString "0.0.0.0" is not ip:port$/,
      );
      expect(probes.find((probe) => probe.instance === 'ct-win-1')?.detail).not.toMatch(/given by the engineer/);

      const none = await runVerification(opened, runDeps(lab.file.credentials.password).deps, { balancerConf, reviewWindowMs: 300 });
      expect(none.endpoints[0]).toEqual({
        instance: 'ct-linux-1',
        host: lab.instance('ct-linux-1').address,
        source: 'none',
        evidence: 'ConnectionString "0.0.0.0" is not ip:port',
      });
      expect(none.probe?.results.map((result) => result.instance)).toEqual(['ct-win-1']);
      const verdict = computeVerdict(evidenceOf(none));
      expect(verdict.outcome).toBe('incomplete');
      expect(verdict.reasons).toContain('probe on ct-linux-1: not run');
    } finally {
      writeFileSync(local, original);
    }
  }, 120_000);
});
