// runVerification logs in to every instance exactly once (issue 12 item 2), on a lab at 127.0.236.10-12:
// one Linux instance on real OpenSSH (its sshd.log, LogLevel VERBOSE, records every accepted login) and one
// emulated Windows instance (the emulated host keeps no login log and exposes no hook, so there the run's
// own transcript is the count: one `connect` entry per session opened).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectFile } from '../../../engine/project/project-file.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import { runVerification, verificationRunFacts } from '../../../engine/report/verification-run.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';
import { withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

let lab: TestLab;

// sshd's "Accepted <method> for <user> from ..." lines: one per successful login (OpenSSH, LogLevel VERBOSE).
function acceptedLogins(name: string): number {
  const log = readFileSync(join(lab.instance(name).stateDir, 'sshd.log'), 'utf8');
  return log.split('\n').filter((line) => /\bAccepted \S+ for \S+ from /.test(line)).length;
}

beforeAll(() => {
  lab = startLab('127.0.236.10', ['--linux', '1', '--windows', '1', '--backend', 'openssh']);
}, 240_000);

afterAll(() => lab?.down(), 60_000);

describe('runVerification logs in once per instance', () => {
  it('pre-checks, audit and probe share one session per instance: one sshd login, one connect entry, one review', async () => {
    expect(lab.instance('ct-linux-1').backend).toBe('openssh');
    const project = withReq3Attested((await readProjectFile(lab.file.projectPath)).project);
    const before = acceptedLogins('ct-linux-1');
    const answers = runDeps(lab.file.credentials.password);
    const balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
    const run = await runVerification(project, answers.deps, { balancerConf, reviewWindowMs: 300, deadlineMs: 5000 });

    expect(run.prechecks.filter((result) => result.status !== 'pass')).toEqual([]);
    expect(run.audit.verdict).toBe('consistent');
    expect(run.probe?.results.every((result) => result.ok)).toBe(true);
    expect(answers.reviews).toHaveLength(1);
    expect(answers.passwordPrompts()).toBe(2);

    // The lab's side: sshd accepted exactly one login during the whole run.
    expect(acceptedLogins('ct-linux-1') - before).toBe(1);
    // The run's side: the evidence's transcript (one run's) holds one connect per instance.
    const evidence = assembleEvidence(verificationRunFacts(run, { engineer: 'Test Engineer' }));
    const connects = (evidence.transcript ?? []).filter((entry) => entry.op === 'connect').map((entry) => entry.instance);
    expect(connects.sort()).toEqual(['ct-linux-1', 'ct-win-1']);
    // Pre-checks and audit both read over that one session.
    const execsOf = (entries: readonly { instance: string; kind: string }[]) =>
      entries.filter((entry) => entry.instance === 'ct-linux-1' && entry.kind !== 'connect').length;
    expect(execsOf(run.precheckTranscript)).toBeGreaterThan(0);
    expect(execsOf(run.audit.transcript)).toBeGreaterThan(0);
  }, 180_000);
});
