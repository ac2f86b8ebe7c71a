import { describe, expect, it } from 'vitest';
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import { evidenceGaps, sessionEvidence, sessionFacts } from '../../renderer/report/session-evidence.js';
import type { SessionFacts, SessionState } from '../../renderer/report/session-evidence.js';
import { sampleApplyReport } from './samples/apply-sample.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';
import { sampleSession as session, threeInstanceProject } from './samples/session-sample.js';

describe('session evidence', () => {
  it('is an evidence input the report builder accepts', () => {
    const parsed = EvidenceInputSchema.safeParse(sessionEvidence(session()));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('records each written or restored file with what the host holds now', () => {
    const changes = sessionEvidence(session()).changes ?? [];
    expect(changes.map((change) => [change.instance, change.outcome, change.afterSha256?.[0], change.requirements])).toEqual([
      ['ct3', 'rolled-back', '1', ['req8']],
      ['ct2', 'applied', '2', ['req8']],
    ]);
    expect(changes[1]?.backupPath).toBe('/opt/kaspersky/ktfs/etc/kl_feed_service.conf.ctha-backup-20250501T100600Z');
  });

  it('keeps the changes of every apply, not only the last no-op one', () => {
    const noop = {
      ...sampleApplyReport(),
      changed: false,
      instances: sampleApplyReport().instances.map((instance) => ({ ...instance, outcome: 'unchanged' as const, files: [] })),
    };
    const applies = [
      { report: sampleApplyReport(), plan: samplePlan() },
      { report: noop, plan: samplePlan() },
    ];
    expect(sessionEvidence(session({ applies })).changes).toHaveLength(2);
  });

  it("takes findings, probes and times from the engine's results only", () => {
    const evidence = sessionEvidence(session());
    expect(evidence.findings).toHaveLength(18);
    expect(evidence.findings?.find((finding) => finding.requirement === 'req8' && finding.instance === 'ct2')).toMatchObject({
      status: 'drift',
      compared: 'drift',
      observed: { enabled: 'false', text: '' },
      verifiedBy: 'tool',
      sources: [{ path: '/opt/kaspersky/ktfs/etc/kl_feed_service.conf', sha256: 'b'.repeat(64) }],
    });
    expect(evidence.probes?.map((probe) => [probe.instance, probe.status, probe.pingMs, probe.lookupMs])).toEqual([
      ['ct2', 'fail', 4, null],
      ['ct1', 'pass', 3.2, 21.6],
    ]);
    // The run ends when the probe ended: its start (10:10:00.000) plus its 45 ms.
    expect(evidence.times).toEqual({ startedAt: '2025-05-01T10:00:00.000Z', finishedAt: '2025-05-01T10:10:00.045Z' });
    expect(evidence.probes?.[1]?.detail).toBe(
      'PONG, then "4711 LookupFinished" with every reply tagged (0 detection(s); neutral test event, so detections were not exercised)',
    );
    expect(evidence.instances[0]).toMatchObject({ name: 'ct1', serviceDir: '/opt/kaspersky/ktfs', cybertraceVersion: 'layout 4.x' });
    expect(evidence.transcript).toEqual([
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

  it('lists what is missing or out of date', () => {
    expect(evidenceGaps(session())).toEqual([]);
    expect(evidenceGaps(session({ engineer: ' ', audit: undefined, probe: undefined, prechecks: [] }))).toEqual([
      'No engineer name: the report names who signs it.',
      'No audit of this project: the report would have no findings.',
      'No probe: the report would say the probe was not run.',
      'No pre-check results in this session.',
    ]);
    expect(evidenceGaps(session({ auditStale: true, probeStale: true }))).toEqual([
      'The audit predates the last apply: audit again so the findings show the hosts as they are now.',
      'The probe predates the last apply: probe again.',
    ]);
  });

  it('without any run the input is refused by the schema rather than given invented times', () => {
    const evidence = sessionEvidence(session({ audit: undefined, applies: [], probe: undefined }));
    expect(evidence.times).toEqual({ startedAt: '', finishedAt: '' });
    expect(EvidenceInputSchema.safeParse(evidence).success).toBe(false);
  });
});

describe('session facts from the wizard state', () => {
  const PATH = '/p/x.ctha.json';
  function state(patch: Partial<SessionState> = {}): SessionState {
    return {
      draft: threeInstanceProject(),
      path: PATH,
      reportEngineer: 'Erika Engineer',
      precheckResults: [],
      precheckPath: PATH,
      precheckTranscript: [],
      precheckStartedAt: '',
      precheckFinishedAt: '',
      auditReport: sampleAuditReport(),
      auditPath: PATH,
      auditStale: true,
      applyRuns: [{ report: sampleApplyReport(), plan: samplePlan() }],
      probeResult: sampleProbeResult(),
      probeStale: false,
      dirty: false,
      projectSha256: 'c'.repeat(64),
      ...patch,
    };
  }

  it("state the project file's digest as last opened or saved, and none while the draft has unsaved edits", () => {
    expect(sessionEvidence(sessionFacts(state()) as SessionFacts).cluster.projectSha256).toBe('c'.repeat(64));
    expect(sessionEvidence(sessionFacts(state({ dirty: true })) as SessionFacts).cluster.projectSha256).toBeUndefined();
    expect(sessionEvidence(sessionFacts(state({ projectSha256: undefined })) as SessionFacts).cluster.projectSha256).toBeUndefined();
  });

  it("are the open project's results, with staleness as the store holds it", () => {
    const facts = sessionFacts(state());
    expect(facts?.project.name).toBe('Customer cluster');
    expect(facts?.engineer).toBe('Erika Engineer');
    expect(facts?.audit?.findings.findings).toHaveLength(18);
    expect(facts?.applies).toHaveLength(1);
    expect([facts?.auditStale, facts?.probeStale]).toEqual([true, false]);
  });

  it('leave out an audit of another file and the applies of another project', () => {
    const other = { ...sampleApplyReport(), project: { name: 'Other', path: '/p/other.ctha.json' } };
    const facts = sessionFacts(
      state({
        auditPath: '/p/other.ctha.json',
        applyRuns: [
          { report: other, plan: samplePlan() },
          { report: sampleApplyReport(), plan: samplePlan() },
        ],
      }),
    );
    expect(facts?.audit).toBeUndefined();
    expect(facts?.applies.map((run) => run.report.project.path)).toEqual([PATH]);
    expect(evidenceGaps(facts!)).toContain('No audit of this project: the report would have no findings.');
  });

  it("carry the pre-checks' results, transcript and times only when they are of this project's file", () => {
    const entry = {
      instance: 'ct1',
      target: '10.0.0.11:22',
      kind: 'connect' as const,
      op: 'connect' as const,
      startedAt: '2025-05-01T09:59:00.000Z',
      durationMs: 40,
      bytesIn: 0,
      bytesOut: 0,
    };
    const results = [
      { check: 'reachable' as const, instance: 'ct1', status: 'pass' as const, severity: 'blocker' as const, evidence: 'ok' },
    ];
    const run = {
      precheckResults: results,
      precheckTranscript: [entry],
      precheckStartedAt: '2025-05-01T09:58:00.000Z',
      precheckFinishedAt: '2025-05-01T09:59:30.000Z',
    };
    const own = sessionEvidence(sessionFacts(state(run))!);
    expect(own.prechecks).toEqual(results);
    // The pre-checks' operations come before the audit's, as in `ctha report`.
    expect(own.transcript?.[0]).toEqual(entry);
    expect(own.transcript).toHaveLength(1 + sampleAuditReport().transcript.length);
    expect(own.times?.startedAt).toBe('2025-05-01T09:58:00.000Z');
    const other = sessionFacts(state({ ...run, precheckPath: '/p/other.ctha.json' }))!;
    expect([other.prechecks, other.transcript, other.extraTimes]).toEqual([[], [], []]);
    expect(evidenceGaps(other)).toContain('No pre-check results in this session.');
  });

  it("note a probe on the engineer's port where the audit read none, as `ctha report` does", () => {
    const probes = sessionEvidence(sessionFacts(state())!).probes ?? [];
    // ct1 was probed on the port the audit read; ct2's had no port, so 9999 was the engineer's.
    expect(probes.find((probe) => probe.instance === 'ct1')?.detail).not.toMatch(/given by the engineer/);
    expect(probes.find((probe) => probe.instance === 'ct2')?.detail).toMatch(
      /; port 9999 given by the engineer, not discovered: ConnectionString has no port$/,
    );
    // Without an audit of this file no port was discovered: every probe says so.
    const unaudited = sessionFacts(state({ auditPath: '/p/other.ctha.json' }))!;
    expect(unaudited.probeNotes?.map((note) => note.note)).toEqual([
      'port 9999 given by the engineer, not discovered: the audit did not report this instance',
      'port 9999 given by the engineer, not discovered: the audit did not report this instance',
    ]);
  });

  it('are undefined without an open project', () => {
    expect(sessionFacts(state({ draft: undefined }))).toBeUndefined();
  });
});
