import type { z } from 'zod';
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { ClusterProbeResult } from '../../shared/probe/probe-result.js';
import type { ChangeRecord } from '../../shared/report/change-record.js';
import type { EvidenceInputSchema } from '../../shared/report/evidence.js';
import type { EvidenceFinding } from '../../shared/report/finding.js';
import type { ProbeRecord } from '../../shared/report/probe-record.js';
import type { EvidenceTranscriptEntry } from '../../shared/report/transcript-entry.js';
import type { Draft } from '../store/project-draft.js';

/** The evidence a report is built from, as the engine's report.build reads it. */
export type EvidenceInput = z.input<typeof EvidenceInputSchema>;

/** What the wizard knows of this session, each part only if it belongs to the project open now. */
export interface SessionFacts {
  readonly engineer: string;
  readonly project: Draft;
  readonly prechecks: readonly PrecheckResult[];
  readonly audit: AuditReport | undefined;
  /** True when an apply changed hosts after the audit. */
  readonly auditStale: boolean;
  /** Every apply of the session with the plan it applied, oldest first. */
  readonly applies: readonly { readonly report: ApplyReport; readonly plan: PlanDocument }[];
  readonly probe: ClusterProbeResult | undefined;
  readonly probeStale: boolean;
}

/**
 * The session as an evidence input: the project's cluster and instances, the pre-checks, the last
 * audit's findings and transcript, the apply's file changes and the probe. Only what the engine
 * returned is used; nothing is filled in.
 */
export function sessionEvidence(facts: SessionFacts): EvidenceInput {
  const { project, audit } = facts;
  const times = [audit?.startedAt, audit?.finishedAt, ...facts.applies.map((run) => run.report.startedAt), facts.probe?.startedAt].filter((time): time is string => time !== undefined).sort();
  const factsOf = (name: string) => audit?.instances.find((instance) => instance.instance === name)?.facts;
  return {
    evidenceFormatVersion: 1,
    engineer: { name: facts.engineer.trim() },
    cluster: {
      name: project.name,
      referenceInstance: project.referenceInstance,
      reqRuleName: project.reqRuleName,
      ...(project.balancer === undefined ? {} : { balancer: { name: project.balancer.name, host: project.balancer.host, port: project.balancer.port } }),
    },
    instances: project.instances.map((instance) => {
      const found = factsOf(instance.name);
      const serviceDir = found?.serviceDir.value ?? instance.serviceDir;
      const version = found?.version.value ?? (found?.layout.value === undefined ? undefined : `layout ${found.layout.value}`);
      return {
        name: instance.name,
        host: instance.host,
        port: instance.port,
        os: instance.os,
        user: instance.user,
        ...(serviceDir === undefined ? {} : { serviceDir }),
        ...(version === undefined ? {} : { cybertraceVersion: version }),
      };
    }),
    // Without any run there is no time to state; the builder then refuses, which is right.
    times: { startedAt: times[0] ?? '', finishedAt: times.at(-1) ?? '' },
    hostKeys: project.hostKeys.map((key) => ({ ...key })),
    prechecks: [...facts.prechecks],
    findings: audit === undefined ? [] : audit.findings.findings.map(toEvidenceFinding),
    changes: facts.applies.flatMap((run) => changeRecords(run.report, run.plan)),
    probes: facts.probe === undefined ? [] : facts.probe.results.map(toProbeRecord),
    attestations: project.attestations.map((attestation) => ({ ...attestation })),
    waivers: project.waivers.map((waiver) => ({ ...waiver })),
    transcript: audit === undefined ? [] : audit.transcript.map(toTranscriptEntry),
  };
}

/** What the report would lack or misstate if built from this session now, worst first; empty when the session is complete. */
export function evidenceGaps(facts: SessionFacts): string[] {
  const gaps: string[] = [];
  if (facts.engineer.trim() === '') gaps.push('No engineer name: the report names who signs it.');
  if (facts.audit === undefined) gaps.push('No audit of this project: the report would have no findings.');
  else if (facts.auditStale) gaps.push('The audit predates the last apply: audit again so the findings show the hosts as they are now.');
  if (facts.probe === undefined) gaps.push('No probe: the report would say the probe was not run.');
  else if (facts.probeStale) gaps.push('The probe predates the last apply: probe again.');
  if (facts.prechecks.length === 0) gaps.push('No pre-check results in this session.');
  return gaps;
}

// The audit's values are readonly JSON and the evidence's mutable JSON: the same data, typed twice.
function asJson(value: AuditReport['findings']['findings'][number]['observed']): EvidenceFinding['observed'] {
  return value as EvidenceFinding['observed'];
}

function toEvidenceFinding(finding: AuditReport['findings']['findings'][number]): EvidenceFinding {
  return {
    requirement: finding.requirement,
    instance: finding.instance,
    status: finding.status,
    observed: asJson(finding.observed),
    ...(finding.reference === null ? {} : { expected: asJson(finding.reference) }),
    verifiedBy: finding.verifiedBy,
    detail: finding.detail,
    compared: finding.compared,
    sources: finding.evidence.map((file) => ({ path: file.path, sha256: file.sha256 })),
  };
}

// One record per file the apply touched or tried to; a file never written changed nothing and is left out.
function changeRecords(apply: ApplyReport, plan: PlanDocument): ChangeRecord[] {
  const records: ChangeRecord[] = [];
  for (const instance of apply.instances) {
    const planned = plan.instances.find((entry) => entry.name === instance.instance);
    for (const file of instance.files) {
      if (file.status === 'not-written') continue;
      // Every applied file is a change of the plan apply returned; its requirements come from there.
      const requirements = planned?.changes.find((change) => change.path === file.path)?.requirements ?? [];
      const outcome = file.status === 'written' ? 'applied' : file.status === 'restored' ? 'rolled-back' : 'failed';
      // What the host holds at the path now: the new bytes, the original again, or nothing (a set-aside moved it; a new file rolled back was removed).
      const after = file.status === 'written' ? (file.kind === 'set-aside' ? null : file.afterSha256) : file.status === 'restored' ? file.beforeSha256 : null;
      const notes = [file.kind === 'set-aside' && file.newPath !== undefined ? `set aside to ${file.newPath}` : undefined, file.status === 'unknown' ? 'state unknown after a failed rollback; see the backup' : undefined, file.detail].filter((note) => note !== undefined);
      records.push({
        instance: instance.instance,
        path: file.path,
        kind: file.kind,
        requirements: [...requirements],
        beforeSha256: file.beforeSha256,
        afterSha256: after,
        backupPath: file.backupPath ?? null,
        outcome,
        at: instance.startedAt,
        ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
      });
    }
  }
  return records;
}

function toProbeRecord(result: ClusterProbeResult['results'][number]): ProbeRecord {
  return {
    instance: result.instance,
    target: `${result.host}:${result.port}`,
    status: result.ok ? 'pass' : 'fail',
    at: result.startedAt,
    pingMs: result.latencies.pongMs ?? null,
    lookupMs: result.latencies.lookupFinishedMs ?? null,
    eventId: result.requestId,
    detail: result.failure === undefined ? `PONG, then "${result.requestId} LookupFinished" with every reply tagged` : `${result.failure.kind}: ${result.failure.message}`,
    replies: [...result.lines],
  };
}

const TRANSCRIPT_KEYS = ['instance', 'target', 'kind', 'op', 'command', 'path', 'toPath', 'exitCode', 'signal', 'startedAt', 'durationMs', 'bytesIn', 'bytesOut', 'secretStdin', 'note', 'errorCode', 'error'] as const;

// The audit's transcript entries carry the engine's full record; the evidence takes the fields its schema names.
function toTranscriptEntry(entry: AuditReport['transcript'][number]): EvidenceTranscriptEntry {
  const picked: Record<string, unknown> = {};
  for (const key of TRANSCRIPT_KEYS) if ((entry as Record<string, unknown>)[key] !== undefined) picked[key] = (entry as Record<string, unknown>)[key];
  return picked as EvidenceTranscriptEntry;
}
