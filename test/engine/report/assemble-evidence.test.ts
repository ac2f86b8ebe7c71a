// shared/report/assemble-evidence.ts: the one mapping from a run's results to the evidence input, on the
// wizard's sample results (so the renderer can switch to it) and on hand-made apply outcomes.
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../renderer/store/project-draft.js';
import type { ApplyReport, InstanceApplyResult } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { RunFacts } from '../../../shared/report/assemble-evidence.js';
import { assembleEvidence, evidenceGaps, unattributedChanges } from '../../../shared/report/assemble-evidence.js';
import { EvidenceInputSchema } from '../../../shared/report/evidence.js';
import { computeVerdict } from '../../../shared/report/verdict.js';
import { sampleProject } from '../../renderer/fake-api.js';
import { sampleApplyReport } from '../../renderer/samples/apply-sample.js';
import { sampleAuditReport } from '../../renderer/samples/audit-sample.js';
import { samplePlan } from '../../renderer/samples/plan-sample.js';
import { sampleProbeResult } from '../../renderer/samples/probe-sample.js';

const SHA = (c: string): string => c.repeat(64);
const CONF = '/opt/kaspersky/ktfs/etc/kl_feed_service.conf';

function threeInstanceProject() {
  const project = sampleProject();
  return { ...project, instances: [...project.instances, { ...project.instances[0]!, name: 'ct3', host: '10.0.0.13' }] };
}

function facts(patch: Partial<RunFacts> = {}): RunFacts {
  return {
    engineer: ' Erika Engineer ',
    project: threeInstanceProject(),
    prechecks: [{ check: 'reachable', instance: 'ct1', status: 'pass', severity: 'blocker', evidence: 'ok' }],
    audit: sampleAuditReport(),
    applies: [{ report: sampleApplyReport(), plan: samplePlan() }],
    probe: sampleProbeResult(),
    ...patch,
  };
}

function valid(input: unknown) {
  const parsed = EvidenceInputSchema.safeParse(input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

// An apply report of one instance with the given outcome and files (the rest of the sample kept).
function applyOf(instance: Partial<InstanceApplyResult> & Pick<InstanceApplyResult, 'instance' | 'outcome' | 'files'>): ApplyReport {
  const base = sampleApplyReport();
  return {
    ...base,
    instances: [
      {
        message: `${instance.instance}: ${instance.outcome}`,
        restarted: false,
        steps: [],
        startedAt: '2025-05-01T10:06:00.000Z',
        durationMs: 10,
        ...instance,
      },
    ],
  };
}

describe('assembleEvidence', () => {
  it('is an evidence input the builder accepts, with the project digest and the engineer trimmed', () => {
    const evidence = valid(assembleEvidence(facts({ projectSha256: SHA('c') })));
    expect(evidence.engineer.name).toBe('Erika Engineer');
    expect(evidence.cluster).toEqual({ name: 'Customer cluster', referenceInstance: 'ct1', reqRuleName: 'REQ', projectSha256: SHA('c') });
    expect(evidence.findings).toHaveLength(18);
    expect(evidence.instances.map((instance) => [instance.name, instance.serviceDir, instance.cybertraceVersion])).toEqual([
      ['ct1', '/opt/kaspersky/ktfs', 'layout 4.x'],
      ['ct2', 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace', 'layout 4.x'],
      ['ct3', undefined, undefined],
    ]);
  });

  it('takes a readonly wizard draft as the project (the renderer can import it as is)', () => {
    const draft: Draft = threeInstanceProject();
    expect(assembleEvidence(facts({ project: draft })).instances).toHaveLength(3);
  });

  it("records each written or restored file with what the host holds now, its backup and the plan's requirements", () => {
    const changes = valid(assembleEvidence(facts())).changes;
    expect(changes).toEqual([
      {
        instance: 'ct3',
        path: CONF,
        kind: 'edit',
        requirements: ['req8'],
        beforeSha256: SHA('1'),
        afterSha256: SHA('1'),
        backupPath: `${CONF}.ctha-backup-20250501T100600Z`,
        outcome: 'rolled-back',
        at: '2025-05-01T10:06:00.000Z',
      },
      {
        instance: 'ct2',
        path: CONF,
        kind: 'edit',
        requirements: ['req8'],
        beforeSha256: SHA('1'),
        afterSha256: SHA('2'),
        backupPath: `${CONF}.ctha-backup-20250501T100600Z`,
        outcome: 'applied',
        at: '2025-05-01T10:06:00.000Z',
      },
    ]);
  });

  it('does not call a file written by an apply that failed or was interrupted applied', () => {
    for (const outcome of ['failed', 'interrupted'] as const) {
      const report = applyOf({
        instance: 'ct2',
        outcome,
        message: 'ct2: the service did not answer; rollback incomplete',
        files: [
          {
            path: CONF,
            kind: 'edit',
            beforeSha256: SHA('1'),
            afterSha256: SHA('2'),
            backupPath: `${CONF}.bak`,
            status: 'written',
            original: 'backup',
          },
        ],
      });
      const evidence = valid(assembleEvidence(facts({ applies: [{ report, plan: samplePlan() }] })));
      expect(evidence.changes[0]).toMatchObject({
        outcome: 'failed',
        afterSha256: SHA('2'),
        note: `written, but the apply of ct2 ended ${outcome}: ct2: the service did not answer; rollback incomplete`,
      });
      expect(computeVerdict(evidence).outcome).toBe('fail');
    }
  });

  it('keeps a set-aside (nothing at the path now) and a file in an unknown state as failed', () => {
    const report = applyOf({
      instance: 'ct2',
      outcome: 'failed',
      files: [
        {
          path: `${CONF}.x`,
          kind: 'set-aside',
          newPath: `${CONF}.x.old`,
          beforeSha256: SHA('3'),
          afterSha256: SHA('3'),
          status: 'unknown',
          original: 'set-aside',
          detail: 'rename back failed',
        },
      ],
    });
    const plan = samplePlan();
    plan.instances[1]!.changes.push({
      ...plan.instances[1]!.changes[0]!,
      path: `${CONF}.x`,
      kind: 'set-aside',
      newPath: `${CONF}.x.old`,
      requirements: ['req4'],
      beforeSha256: SHA('3'),
      afterSha256: SHA('3'),
    });
    const [change] = valid(assembleEvidence(facts({ applies: [{ report, plan }] }))).changes;
    expect(change).toMatchObject({ kind: 'set-aside', requirements: ['req4'], afterSha256: null, backupPath: null, outcome: 'failed' });
    expect(change?.note).toBe(`set aside to ${CONF}.x.old; state unknown after a failed rollback; see the backup; rename back failed`);
  });

  it('records what a resumed run finished, with the requirements of the older plan it came from', () => {
    const older: PlanDocument = { ...samplePlan(), createdAt: '2025-04-30T09:00:00.000Z' };
    older.instances[1]!.changes[0] = { ...older.instances[1]!.changes[0]!, requirements: ['req6', 'req8'], afterSha256: SHA('7') };
    const report = applyOf({
      instance: 'ct2',
      outcome: 'unchanged',
      files: [],
      resumed: {
        outcome: 'completed',
        message: 'the pending restart was done',
        journalState: 'written',
        steps: [],
        files: [
          {
            path: CONF,
            kind: 'edit',
            beforeSha256: SHA('1'),
            afterSha256: SHA('7'),
            backupPath: `${CONF}.b`,
            status: 'written',
            original: 'backup',
          },
        ],
      },
    });
    const without = facts({ applies: [{ report, plan: samplePlan() }] });
    expect(unattributedChanges(without)).toEqual([{ instance: 'ct2', path: CONF, planCreatedAt: '2025-05-01T10:05:00.000Z' }]);
    const evidence = valid(assembleEvidence({ ...without, plans: [older] }));
    expect(evidence.changes).toEqual([
      expect.objectContaining({
        instance: 'ct2',
        requirements: ['req6', 'req8'],
        outcome: 'applied',
        afterSha256: SHA('7'),
        note: 'finished from an interrupted earlier apply (journal state written): the pending restart was done',
      }),
    ]);
  });

  it('without the plan a change has no requirements: listed as unattributed, named in the gaps, refused by the schema', () => {
    const bare = facts({ applies: [{ report: sampleApplyReport() }] });
    expect(unattributedChanges(bare).map((change) => change.instance)).toEqual(['ct3', 'ct2']);
    expect(evidenceGaps(bare)).toEqual([
      `2 changed file(s) without the plan that states their requirements (first: ${CONF} on ct3, plan made 2025-05-01T10:05:00.000Z).`,
    ]);
    const parsed = EvidenceInputSchema.safeParse(assembleEvidence(bare));
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'changes.0.requirements',
      'changes.1.requirements',
    ]);
  });

  it("spans the run from the first start (the pre-checks) to the last end (the probe's start plus its duration)", () => {
    expect(assembleEvidence(facts()).times).toEqual({ startedAt: '2025-05-01T10:00:00.000Z', finishedAt: '2025-05-01T10:10:00.045Z' });
    expect(assembleEvidence(facts({ extraTimes: ['2025-05-01T09:58:00.000Z', 'not a time'] })).times.startedAt).toBe(
      '2025-05-01T09:58:00.000Z',
    );
    expect(assembleEvidence(facts({ audit: undefined, applies: [], probe: undefined })).times).toEqual({ startedAt: '', finishedAt: '' });
  });

  it("probe records say how the instance was probed, with the engineer's port noted", () => {
    const probes = valid(
      assembleEvidence(
        facts({ probeNotes: [{ instance: 'ct1', note: 'port 9999 given by the engineer, not discovered: no ConnectionString' }] }),
      ),
    ).probes;
    expect(probes.map((probe) => [probe.instance, probe.target, probe.status, probe.pingMs, probe.lookupMs, probe.eventId])).toEqual([
      ['ct2', '10.0.0.12:9999', 'fail', 4, null, '4711'],
      ['ct1', '10.0.0.11:9999', 'pass', 3.2, 21.6, '4711'],
    ]);
    expect(probes[0]?.detail).toBe('id-prefix: reply "category=Demo LookupFinished" does not start with 4711');
    expect(probes[1]?.detail).toBe(
      'PONG, then "4711 LookupFinished" with every reply tagged (0 detection(s); neutral test event, so detections were not exercised); port 9999 given by the engineer, not discovered: no ConnectionString',
    );
    expect(probes[1]?.replies).toEqual(['4711 LookupFinished']);
  });

  it("puts the pre-checks' transcript before the audit's, keeping only the fields the evidence names", () => {
    const precheck = {
      instance: 'ct1',
      target: '10.0.0.11:22',
      kind: 'connect' as const,
      op: 'connect' as const,
      startedAt: '2025-05-01T09:59:00.000Z',
      durationMs: 30,
      bytesIn: 0,
      bytesOut: 0,
    };
    const transcript = valid(assembleEvidence(facts({ transcript: [{ ...precheck, ...({ internal: 'dropped' } as object) }] }))).transcript;
    expect(transcript).toEqual([
      precheck,
      {
        instance: 'ct1',
        target: '10.0.0.11:22',
        kind: 'exec',
        op: 'exec',
        command: 'uname -s',
        exitCode: 0,
        startedAt: '2025-05-01T10:00:00.100Z',
        durationMs: 12,
        bytesIn: 6,
        bytesOut: 0,
      },
    ]);
  });

  it("findings keep the audit's values, sources, and how a value was obtained", () => {
    const audit = sampleAuditReport();
    const target = audit.findings.findings.find((finding) => finding.requirement === 'req1' && finding.instance === 'ct2')!;
    Object.assign(target, { note: 'digest of the file bytes: not X.509' });
    const findings = valid(assembleEvidence(facts({ audit }))).findings;
    expect(findings.find((finding) => finding.requirement === 'req1' && finding.instance === 'ct2')?.detail).toBe(
      'same as the reference (digest of the file bytes: not X.509)',
    );
    expect(findings.find((finding) => finding.requirement === 'req8' && finding.instance === 'ct2')).toMatchObject({
      status: 'drift',
      compared: 'drift',
      expected: { enabled: 'true', text: '%REQ% LookupFinished' },
      sources: [{ path: CONF, sha256: SHA('b') }],
    });
    expect(findings.find((finding) => finding.requirement === 'alerts' && finding.instance === 'ct1')).not.toHaveProperty('expected');
  });

  it("copies the project's pinned keys, attestations and waivers", () => {
    const project = {
      ...threeInstanceProject(),
      hostKeys: [{ host: '10.0.0.11', port: 22, type: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` }],
      attestations: [
        {
          requirement: 'req3' as const,
          instance: 'ct1',
          note: 'indicator lists compared by hand',
          engineer: 'Erika',
          date: '2025-05-01T09:00:00Z',
        },
      ],
      waivers: [
        {
          requirement: 'alerts' as const,
          instance: 'ct2',
          justification: 'alerts go to the SIEM directly',
          engineer: 'Erika',
          date: '2025-05-01T09:00:00Z',
        },
      ],
    };
    const evidence = valid(assembleEvidence(facts({ project })));
    expect([evidence.hostKeys, evidence.attestations, evidence.waivers]).toEqual([project.hostKeys, project.attestations, project.waivers]);
  });

  it('lists what is missing or out of date', () => {
    expect(evidenceGaps(facts())).toEqual([]);
    expect(evidenceGaps(facts({ engineer: ' ', audit: undefined, probe: undefined, prechecks: [], applies: [] }))).toEqual([
      'No engineer name: the report names who signs it.',
      'No audit of this project: the report would have no findings.',
      'No probe: the report would say the probe was not run.',
      'No pre-check results in this session.',
    ]);
    expect(evidenceGaps(facts({ auditStale: true, probeStale: true }))).toEqual([
      'The audit predates the last apply: audit again so the findings show the hosts as they are now.',
      'The probe predates the last apply: probe again.',
    ]);
  });
});
