// The facts a signed verification report states about a real cluster, gathered in one call: the
// pre-checks, the audit (which also discovers each instance's input port) and the live probe of those
// ports. Every secret a person answered along the way is kept so the report builder can refuse a
// bundle that contains one.
import type { AuditReport } from '../../shared/contract/ops/audit.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { ProbePortChoice } from '../../shared/probe/probe-port.js';
import { chooseProbePort, DEFAULT_PROBE_DEADLINE_MS } from '../../shared/probe/probe-port.js';
import type { ClusterProbeResult } from '../../shared/probe/probe-result.js';
import { reqRulesOf } from '../../shared/probe/req-rules-of.js';
import type { PinnedHostKey, Project } from '../../shared/project/schema.js';
import type { AppliedRun, ProbeEndpointNote, RunFacts } from '../../shared/report/assemble-evidence.js';
import { fallbackProbeNotes } from '../../shared/report/assemble-evidence.js';
import type { PromptBroker } from '../api/prompt-broker.js';
import { runPrechecksOnRun } from '../prechecks/run-prechecks-on-run.js';
import { probeCluster } from '../probe/probe-cluster.js';
import type { SessionTimeouts } from '../ssh/session/index.js';
import type { TranscriptEntry } from '../ssh/transcript/entry.js';
import { auditCluster } from '../steps/audit/audit-cluster.js';
import { auditReport } from '../steps/audit/audit-report.js';
import { openStepRun } from '../steps/plan/run-plan.js';
import type { ClusterRunDeps } from '../steps/run/run-types.js';

/** Default deadline of each instance's probe (PING and the test event together). */
export const DEFAULT_VERIFICATION_PROBE_DEADLINE_MS = DEFAULT_PROBE_DEADLINE_MS;

/** How the verification run reads and probes the cluster. */
export interface VerificationRunOptions {
  /** A local kl_balancer.conf; otherwise the project's Balancer host is read over SSH when it has one. */
  readonly balancerConf?: string;
  /** A value the instances' feeds hold, sent in the probe's test event (checks the id on detections too). */
  readonly indicator?: string;
  /** Input port probed where the audit could not read one; without it such an instance is not probed. */
  readonly fallbackPort?: number;
  /** Deadline of each instance's probe (default 5 s). */
  readonly deadlineMs?: number;
  /** SSH session bounds (tests shorten them). */
  readonly timeouts?: Partial<SessionTimeouts>;
  /** How long a host-key review waits for more hosts before asking. */
  readonly reviewWindowMs?: number;
}

/** Where one instance was probed, and how that port was known (the rule: shared/probe/probe-port.ts). */
export type ProbeEndpointChoice = ProbePortChoice;

/** What the verification run found, and what it asked. */
export interface VerificationRun {
  /** The project with the host keys accepted in this run pinned (the caller saves it when `accepted` is not empty). */
  readonly project: Project;
  readonly accepted: readonly PinnedHostKey[];
  readonly prechecks: readonly PrecheckResult[];
  readonly prechecksStartedAt: string;
  readonly prechecksFinishedAt: string;
  /**
   * The run's remote operations up to the end of the pre-checks (the one login per host included), secrets
   * redacted; the audit's report holds the rest of the same run's transcript, so each entry is in one of them.
   */
  readonly precheckTranscript: readonly TranscriptEntry[];
  readonly audit: AuditReport;
  readonly endpoints: readonly ProbeEndpointChoice[];
  /** Absent when no instance had a port to probe. */
  readonly probe: ClusterProbeResult | undefined;
  /** Every password, passphrase and keyboard-interactive answer given during the run (never to be written anywhere). */
  readonly secrets: readonly string[];
}

/**
 * Opens one cluster run (the Balancer host too when its kl_balancer.conf is read over SSH) and, on its
 * sessions, runs the pre-checks, the audit, then the live probe of each instance's discovered input port;
 * closes the run. Every host is logged in to once, through one host-key review. A host that cannot be
 * reached never stops the run: its pre-checks fail, its findings are unknown, its probe fails or is not run.
 */
export async function runVerification(
  project: Project,
  deps: ClusterRunDeps,
  options: VerificationRunOptions = {},
): Promise<VerificationRun> {
  const secrets = new Set<string>();
  const ask = rememberingAsk(deps.ask, secrets);
  const run = await openStepRun(
    project,
    { ...deps, ask },
    {
      ...(options.balancerConf === undefined ? {} : { balancerConf: options.balancerConf }),
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      ...(options.reviewWindowMs === undefined ? {} : { reviewWindowMs: options.reviewWindowMs }),
    },
  );
  try {
    const prechecksStartedAt = new Date().toISOString();
    const prechecks = await runPrechecksOnRun(run);
    const prechecksFinishedAt = new Date().toISOString();
    const precheckTranscript = run.transcript.entries();

    const audited = await auditCluster(run, options.balancerConf === undefined ? {} : { balancerConf: options.balancerConf });
    const audit = auditReport(audited, run.transcript.entries().slice(precheckTranscript.length), run.redactor);

    const endpoints = probeEndpoints(run.project, audit, options.fallbackPort);
    const probed = endpoints.filter((endpoint): endpoint is ProbeEndpointChoice & { port: number } => endpoint.port !== undefined);
    const probe =
      probed.length === 0
        ? undefined
        : await probeCluster({
            cluster: run.project.name,
            endpoints: probed.map(({ instance, host, port }) => ({ instance, host, port, ...reqRulesOf(audit, instance) })),
            deadlineMs: options.deadlineMs ?? DEFAULT_VERIFICATION_PROBE_DEADLINE_MS,
            reqRuleName: run.project.reqRuleName,
            ...(options.indicator === undefined ? {} : { indicator: options.indicator }),
            // The probe reports under the run's id, so a front end shows one run from login to probe.
            ...(deps.emit === undefined ? {} : { emit: deps.emit, runId: run.runId }),
          });

    return {
      project: run.project,
      accepted: run.accepted,
      prechecks,
      prechecksStartedAt,
      prechecksFinishedAt,
      precheckTranscript,
      audit,
      endpoints,
      probe,
      secrets: [...secrets],
    };
  } finally {
    await run.close();
  }
}

/**
 * Each instance's probe endpoint: its host and the port of InputSettings/ConnectionString as the audit
 * read it; the fallback port only where that port is unknown; otherwise not probed.
 */
export function probeEndpoints(project: Project, audit: AuditReport, fallbackPort: number | undefined): ProbeEndpointChoice[] {
  return project.instances.map((instance) =>
    chooseProbePort(
      instance,
      audit.instances.find((entry) => entry.instance === instance.name)?.inputPort ?? {
        evidence: 'the audit did not report this instance',
      },
      fallbackPort,
    ),
  );
}

/** What the verification run adds to the report beyond its own results. */
export interface VerificationExtras {
  readonly engineer: string;
  /** SHA-256 of the project file as it stands after the run (accepted keys pinned). */
  readonly projectSha256?: string;
  readonly applies?: readonly AppliedRun[];
  readonly plans?: readonly PlanDocument[];
}

/** The verification run as the facts the evidence is assembled from (shared/report/assemble-evidence.ts). */
export function verificationRunFacts(run: VerificationRun, extras: VerificationExtras): RunFacts {
  const probeNotes: ProbeEndpointNote[] = fallbackProbeNotes(run.endpoints);
  return {
    engineer: extras.engineer,
    project: run.project,
    projectSha256: extras.projectSha256,
    prechecks: run.prechecks,
    audit: run.audit,
    applies: extras.applies ?? [],
    plans: extras.plans ?? [],
    probe: run.probe,
    probeNotes,
    transcript: run.precheckTranscript,
    extraTimes: [run.prechecksStartedAt, run.prechecksFinishedAt],
  };
}

type Ask = PromptBroker['ask'];
type Question = Parameters<Ask>[0];
type Answer = Awaited<ReturnType<Ask>>;

// Every answer is remembered as a secret, so the report builder can refuse a bundle holding one. Passwords
// and passphrases are asked once per login or key file even if a session is retried; one-time codes each time.
function rememberingAsk(ask: Ask, secrets: Set<string>): Ask {
  const answers = new Map<string, Promise<Answer>>();
  const keep = (answer: Answer): Answer => {
    if (answer.kind === 'password' || answer.kind === 'passphrase') secrets.add(answer.secret);
    if (answer.kind === 'kbd-interactive') for (const secret of answer.answers) if (secret !== '') secrets.add(secret);
    return answer;
  };
  const remembering = (question: Question): Promise<Answer> => {
    const key =
      question.kind === 'password'
        ? ['password', question.instance, question.user, question.host, question.purpose].join('\u0000')
        : question.kind === 'passphrase'
          ? ['passphrase', question.keyPath].join('\u0000')
          : undefined;
    if (key === undefined) return ask(question).then(keep);
    // A re-ask after the server refused the password must reach the person, not this cache.
    const known = question.kind === 'password' && question.retryReason !== undefined ? undefined : answers.get(key);
    if (known !== undefined) return known;
    const asked = ask(question).then(keep);
    answers.set(key, asked);
    // A cancelled prompt is not an answer: the next session may ask again.
    asked.catch(() => answers.delete(key));
    return asked;
  };
  return remembering as Ask;
}
