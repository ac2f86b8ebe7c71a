// The one mapping from a commissioning run's results (pre-checks, audit, applies, probe) to the report's
// evidence input. The wizard's session and `ctha report` both go through it, so a report says the same
// thing whichever front end made it. Only what the engine returned is used; nothing is filled in.
import type { AuditReport } from '../contract/ops/audit.js';
import type { AppliedFile, ApplyReport, InstanceApplyResult } from '../plan/apply-report.js';
import type { PlanDocument } from '../plan/plan-document.js';
import type { PrecheckResult } from '../prechecks/catalogue.js';
import type { ProbePortChoice } from '../probe/probe-port.js';
import type { ClusterProbeResult } from '../probe/probe-result.js';
import type { z } from 'zod';
import type { AlertsMode, AttestationSchema, PinnedHostKey, WaiverSchema } from '../project/schema.js';
import type { RequirementId } from '../requirements/ids.js';
import type { ChangeRecord } from './change-record.js';
import type { EvidenceInputDraft } from './evidence.js';
import { balancerApplyRecords } from './balancer-apply-record.js';
import { evidenceBalancer } from './evidence-balancer.js';
import type { EvidenceFinding } from './finding.js';
import type { ProbeRecord } from './probe-record.js';
import type { EvidenceTranscriptEntry } from './transcript-entry.js';

/** The parts of a project the evidence states (a validated Project and the wizard's readonly draft both fit). */
export interface EvidenceProject {
  readonly name: string;
  readonly referenceInstance: string;
  readonly reqRuleName: string;
  /** Where service alerts go; the Balancer's alerts check applies only to `balancer`. */
  readonly alerts?: AlertsMode | undefined;
  readonly balancer?: { readonly name: string; readonly host: string; readonly port: number } | undefined;
  readonly instances: readonly {
    readonly name: string;
    readonly host: string;
    readonly port: number;
    readonly os: 'linux' | 'windows';
    readonly user: string;
    readonly serviceDir?: string | undefined;
  }[];
  readonly hostKeys: readonly Readonly<PinnedHostKey>[];
  readonly attestations: readonly Readonly<z.output<typeof AttestationSchema>>[];
  readonly waivers: readonly Readonly<z.output<typeof WaiverSchema>>[];
}

/** One apply as `ctha apply --json` or `apply.run` returns it, with the plan it applied when known. */
export interface AppliedRun {
  readonly report: ApplyReport;
  /** The plan the report applied: where each change's requirements are stated. */
  readonly plan?: PlanDocument | undefined;
}

/** Why the probe of an instance went where it did, when that needs saying (a port that was not discovered). */
export interface ProbeEndpointNote {
  readonly instance: string;
  readonly note: string;
}

/**
 * The notes of the instances probed on a port nobody discovered (the engineer's), one rule for both front
 * ends: a probed port other than the one the audit read is the engineer's, and the evidence says why.
 */
export function fallbackProbeNotes(
  choices: readonly Pick<ProbePortChoice, 'instance' | 'port' | 'source' | 'evidence'>[],
): ProbeEndpointNote[] {
  return choices
    .filter((choice) => choice.source === 'fallback')
    .map((choice) => ({
      instance: choice.instance,
      note: `port ${choice.port} given by the engineer, not discovered: ${choice.evidence}`,
    }));
}

/** Everything a run produced that the report states. */
export interface RunFacts {
  /** Who signs the report. */
  readonly engineer: string;
  readonly project: EvidenceProject;
  /** SHA-256 of the project file the run used, when the front end read it from disk. */
  readonly projectSha256?: string | undefined;
  readonly prechecks: readonly PrecheckResult[];
  /** The final audit: its findings are the report's. */
  readonly audit: AuditReport | undefined;
  /** Every apply of the run, oldest first; each change is recorded. */
  readonly applies: readonly AppliedRun[];
  /** More plans a change's requirements may be looked up in (a resumed change belongs to an older plan). */
  readonly plans?: readonly PlanDocument[] | undefined;
  /** The last probe of the cluster. */
  readonly probe: ClusterProbeResult | undefined;
  /** Added to the probe record of the instance named (for example "port from --port: not discovered"). */
  readonly probeNotes?: readonly ProbeEndpointNote[] | undefined;
  /** Remote operations outside the audit (the pre-checks' sessions), already redacted; put before the audit's. */
  readonly transcript?: readonly EvidenceTranscriptEntry[] | undefined;
  /** When runs without times of their own started and ended (the pre-checks). */
  readonly extraTimes?: readonly string[] | undefined;
  /** The wizard's: the audit predates the last apply. */
  readonly auditStale?: boolean | undefined;
  /** The wizard's: the probe predates the last apply. */
  readonly probeStale?: boolean | undefined;
}

/** A changed file no plan states the requirements of: the evidence cannot record it truthfully without the plan. */
export interface UnattributedChange {
  readonly instance: string;
  readonly path: string;
  /** When the plan the apply report applied was made (how to find that plan). */
  readonly planCreatedAt: string;
}

/**
 * The run as an evidence input: the project's cluster, instances, pinned keys, attestations and
 * waivers; the pre-checks; the audit's findings (with the files' digests); every file an apply wrote,
 * restored or left unknown; each apply's Balancer part; the probe; the transcripts. Validation is the builder's (EvidenceInputSchema):
 * a change whose requirements no plan gives is left with none, which the schema refuses; check
 * `unattributedChanges` first to say so clearly.
 */
export function assembleEvidence(facts: RunFacts): EvidenceInputDraft {
  const { project, audit } = facts;
  const factsOf = (name: string) => audit?.instances.find((instance) => instance.instance === name)?.facts;
  const times = runTimes(facts);
  return {
    evidenceFormatVersion: 1,
    engineer: { name: facts.engineer.trim() },
    cluster: {
      name: project.name,
      referenceInstance: project.referenceInstance,
      reqRuleName: project.reqRuleName,
      ...(facts.projectSha256 === undefined ? {} : { projectSha256: facts.projectSha256 }),
      ...(project.balancer === undefined
        ? {}
        : { balancer: { name: project.balancer.name, host: project.balancer.host, port: project.balancer.port } }),
    },
    instances: project.instances.map((instance) => {
      const found = factsOf(instance.name);
      const serviceDir = found?.serviceDir.value ?? instance.serviceDir;
      // No file on the host states CyberTrace's version; the configuration layout is what is known.
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
    times,
    hostKeys: project.hostKeys.map((key) => ({ ...key })),
    prechecks: facts.prechecks.map((result) => ({ ...result })),
    findings: audit === undefined ? [] : audit.findings.findings.map(toEvidenceFinding),
    changes: facts.applies.flatMap((run) => changeRecords(run, facts.plans ?? [])),
    probes: facts.probe === undefined ? [] : facts.probe.results.map((result) => toProbeRecord(result, facts.probeNotes ?? [])),
    attestations: project.attestations.map((attestation) => ({ ...attestation })),
    waivers: project.waivers.map((waiver) => ({ ...waiver })),
    transcript: [...(facts.transcript ?? []), ...(audit?.transcript ?? [])].map(toTranscriptEntry),
    ...balancerSection(audit, project.alerts),
    ...balancerApplies(facts.applies),
  };
}

// Present only when an apply had a Balancer part, so evidence of a cluster without one is unchanged.
function balancerApplies(applies: readonly AppliedRun[]): Pick<EvidenceInputDraft, 'balancerApplies'> {
  const records = balancerApplyRecords(applies);
  return records.length === 0 ? {} : { balancerApplies: records };
}

function balancerSection(audit: AuditReport | undefined, alerts: AlertsMode | undefined): Pick<EvidenceInputDraft, 'balancer'> {
  const balancer = evidenceBalancer(audit, alerts ?? 'not-required');
  return balancer === undefined ? {} : { balancer };
}

/** Files the applies changed (or tried to) whose requirements none of the given plans states. */
export function unattributedChanges(facts: Pick<RunFacts, 'applies' | 'plans'>): UnattributedChange[] {
  const missing: UnattributedChange[] = [];
  for (const run of facts.applies) {
    for (const { instance, file } of touchedFiles(run.report)) {
      if (requirementsOf(run, facts.plans ?? [], instance.instance, file).length === 0) {
        missing.push({ instance: instance.instance, path: file.path, planCreatedAt: run.report.planCreatedAt });
      }
    }
  }
  return missing;
}

/** What the report would lack or misstate if built from these facts now, worst first; empty when complete. */
export function evidenceGaps(facts: RunFacts): string[] {
  const gaps: string[] = [];
  if (facts.engineer.trim() === '') gaps.push('No engineer name: the report names who signs it.');
  if (facts.audit === undefined) gaps.push('No audit of this project: the report would have no findings.');
  else if (facts.auditStale === true)
    gaps.push('The audit predates the last apply: audit again so the findings show the hosts as they are now.');
  if (facts.probe === undefined) gaps.push('No probe: the report would say the probe was not run.');
  else if (facts.probeStale === true) gaps.push('The probe predates the last apply: probe again.');
  if (facts.prechecks.length === 0) gaps.push('No pre-check results in this session.');
  const unattributed = unattributedChanges(facts);
  if (unattributed.length > 0) {
    gaps.push(
      `${unattributed.length} changed file(s) without the plan that states their requirements (first: ${unattributed[0]?.path} on ${unattributed[0]?.instance}, plan made ${unattributed[0]?.planCreatedAt}).`,
    );
  }
  return gaps;
}

// The run spans from the first start to the last end of anything it did; ends are start + duration.
function runTimes(facts: RunFacts): { startedAt: string; finishedAt: string } {
  const instants: number[] = [];
  const add = (iso: string | undefined, plusMs = 0): void => {
    const at = iso === undefined ? Number.NaN : Date.parse(iso);
    if (Number.isFinite(at)) instants.push(at + Math.max(0, Math.round(plusMs)));
  };
  add(facts.audit?.startedAt);
  add(facts.audit?.finishedAt);
  for (const run of facts.applies) {
    add(run.report.startedAt);
    add(run.report.startedAt, run.report.durationMs);
  }
  add(facts.probe?.startedAt);
  add(facts.probe?.startedAt, facts.probe?.durationMs);
  for (const time of facts.extraTimes ?? []) add(time);
  if (instants.length === 0) return { startedAt: '', finishedAt: '' };
  return { startedAt: new Date(Math.min(...instants)).toISOString(), finishedAt: new Date(Math.max(...instants)).toISOString() };
}

// The audit's values are readonly JSON and the evidence's mutable JSON: the same data, typed twice.
function asJson(value: AuditReport['findings']['findings'][number]['observed']): EvidenceFinding['observed'] {
  return value as EvidenceFinding['observed'];
}

function toEvidenceFinding(finding: AuditReport['findings']['findings'][number]): EvidenceFinding {
  // How a value was obtained (a fallback digest) is part of what an auditor must read.
  const detail = finding.note === undefined ? finding.detail : `${finding.detail} (${finding.note})`;
  return {
    requirement: finding.requirement,
    instance: finding.instance,
    status: finding.status,
    observed: asJson(finding.observed),
    ...(finding.reference === null ? {} : { expected: asJson(finding.reference) }),
    verifiedBy: finding.verifiedBy,
    detail,
    compared: finding.compared,
    sources: finding.evidence.map((file) => ({ path: file.path, sha256: file.sha256 })),
  };
}

interface TouchedFile {
  readonly instance: InstanceApplyResult;
  readonly file: AppliedFile;
  /** Set for a file an interrupted earlier run left, which this run finished or undid. */
  readonly resumed?: NonNullable<InstanceApplyResult['resumed']>;
}

// A file never written changed nothing and is left out; a resumed run's files come first, as they happened first.
function touchedFiles(report: ApplyReport): TouchedFile[] {
  return report.instances.flatMap((instance) => [
    ...(instance.resumed?.files ?? [])
      .filter((file) => file.status !== 'not-written')
      .map((file) => ({ instance, file, resumed: instance.resumed })),
    ...instance.files.filter((file) => file.status !== 'not-written').map((file) => ({ instance, file })),
  ]);
}

// The requirements a change was for: the applied plan's change at that path, else any given plan's change with the same path and new bytes.
function requirementsOf(run: AppliedRun, plans: readonly PlanDocument[], instance: string, file: AppliedFile): RequirementId[] {
  const own = run.plan?.instances
    .find((entry) => entry.name === instance)
    ?.changes.find((change) => change.path === file.path && change.afterSha256 === file.afterSha256);
  if (own !== undefined) return [...own.requirements];
  for (const plan of plans) {
    const found = plan.instances
      .find((entry) => entry.name === instance)
      ?.changes.find((change) => change.path === file.path && change.afterSha256 === file.afterSha256);
    if (found !== undefined) return [...found.requirements];
  }
  return [];
}

const SETTLED: ReadonlySet<InstanceApplyResult['outcome']> = new Set(['applied', 'unchanged']);

// One record per file the apply touched or tried to, saying what the host holds at the path now.
function changeRecords(run: AppliedRun, plans: readonly PlanDocument[]): ChangeRecord[] {
  return touchedFiles(run.report).map(({ instance, file, resumed }) => {
    // A file written by an apply that did not finish (failed, interrupted, a resume that failed) is not a
    // completed change: the service was not confirmed ready with it, and the journal still lists it.
    const finished = resumed === undefined ? SETTLED.has(instance.outcome) : resumed.outcome === 'completed';
    const outcome = file.status === 'written' ? (finished ? 'applied' : 'failed') : file.status === 'restored' ? 'rolled-back' : 'failed';
    // What the host holds at the path now: the new bytes, the original again, or nothing (a set-aside moved it; a new file rolled back was removed).
    const after =
      file.status === 'written'
        ? file.kind === 'set-aside'
          ? null
          : file.afterSha256
        : file.status === 'restored'
          ? file.beforeSha256
          : null;
    const notes = [
      resumed === undefined
        ? undefined
        : `finished from an interrupted earlier apply (journal state ${resumed.journalState}): ${resumed.message}`,
      file.kind === 'set-aside' && file.newPath !== undefined ? `set aside to ${file.newPath}` : undefined,
      file.status === 'unknown' ? 'state unknown after a failed rollback; see the backup' : undefined,
      file.status === 'written' && !finished
        ? `written, but the apply of ${instance.instance} ended ${resumed === undefined ? instance.outcome : `with its resume ${resumed.outcome}`}: ${resumed === undefined ? instance.message : resumed.message}`
        : undefined,
      file.detail,
    ].filter((note) => note !== undefined);
    return {
      instance: instance.instance,
      path: file.path,
      kind: file.kind,
      requirements: requirementsOf(run, plans, instance.instance, file),
      beforeSha256: file.beforeSha256,
      afterSha256: after,
      backupPath: file.backupPath ?? null,
      outcome,
      at: instance.startedAt,
      ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
    };
  });
}

function toProbeRecord(result: ClusterProbeResult['results'][number], notes: readonly ProbeEndpointNote[]): ProbeRecord {
  const outcome =
    result.failure === undefined
      ? `PONG, then "${result.requestId} LookupFinished" with every reply tagged (${result.detections} detection(s); ${result.withIndicator ? 'test indicator sent' : 'neutral test event, so detections were not exercised'})`
      : `${result.failure.kind}: ${result.failure.message}`;
  const extra = notes.filter((note) => note.instance === result.instance).map((note) => note.note);
  return {
    instance: result.instance,
    target: `${result.host}:${result.port}`,
    status: result.ok ? 'pass' : 'fail',
    at: result.startedAt,
    pingMs: result.latencies.pongMs ?? null,
    lookupMs: result.latencies.lookupFinishedMs ?? null,
    eventId: result.requestId,
    detail: [outcome, ...extra].join('; '),
    replies: [...result.lines],
  };
}

const TRANSCRIPT_KEYS = [
  'instance',
  'target',
  'kind',
  'op',
  'command',
  'path',
  'toPath',
  'exitCode',
  'signal',
  'startedAt',
  'durationMs',
  'bytesIn',
  'bytesOut',
  'secretStdin',
  'note',
  'errorCode',
  'error',
] as const;

// Transcript entries may carry more than the evidence schema names; the evidence takes the fields it names.
function toTranscriptEntry(entry: object): EvidenceTranscriptEntry {
  const picked: Record<string, unknown> = {};
  for (const key of TRANSCRIPT_KEYS)
    if ((entry as Record<string, unknown>)[key] !== undefined) picked[key] = (entry as Record<string, unknown>)[key];
  return picked as EvidenceTranscriptEntry;
}
