// The vocabulary of one cluster run: which hosts are connected for the whole run, and why the others are not.
import type { EngineEvent } from '../../../shared/contract/events.js';
import type { Instance, PinnedHostKey, Project } from '../../../shared/project/schema.js';
import type { PromptBroker } from '../../api/prompt-broker.js';
import type { HostDialect, PrivilegeReport } from '../../hosts/dialect/index.js';
import type { AskHostKeyReview } from '../../ssh/host-keys/review-answer.js';
import type { SessionTimeouts, SshSession } from '../../ssh/session/index.js';
import type { MemoryTranscript } from '../../ssh/transcript/memory-transcript.js';
import type { Redactor } from '../../ssh/transcript/redactor.js';
import type { RunControl } from './run-control.js';
import type { RunProgress } from './run-progress.js';
import type { RunRegistry } from './run-registry.js';

/** A host the run logs in to: an instance, or the Balancer host (same connection fields). */
export type RunHost = Pick<Instance, 'name' | 'host' | 'port' | 'os' | 'user' | 'auth' | 'privilege'>;

/** How far opening a host got before it failed. */
export type RunStage = 'connect' | 'host-key' | 'authentication' | 'os-shell';

/** A host connected for the whole run: one session, its dialect, and the privilege found there. */
export interface RunMember<H extends RunHost = Instance> {
  readonly ok: true;
  readonly instance: H;
  readonly session: SshSession;
  readonly dialect: HostDialect;
  /** Detected once; a host without privilege stays a member (reading may not need it), apply must check. */
  readonly privilege: PrivilegeReport;
}

/** A host the run could not open, with the stage and the specific reason (already redacted). */
export interface RunFailure<H extends RunHost = Instance> {
  readonly ok: false;
  readonly instance: H;
  readonly stage: RunStage;
  readonly reason: string;
}

/** One host's outcome of opening the run. */
export type RunOutcome<H extends RunHost = Instance> = RunMember<H> | RunFailure<H>;

/** The Balancer host as a run host (project.balancer). */
export type BalancerHost = NonNullable<Project['balancer']>;

/** Who answers the run's questions: host-key review, passwords and passphrases (as PrecheckDeps). */
export interface ClusterRunDeps {
  readonly ask: PromptBroker['ask'];
  /** Overrides how the host-key review is answered (the CLI's --accept-host-key / --accept-new-host-keys). */
  readonly askHostKeys?: AskHostKeyReview;
  /** Where the run sends its `progress` and `transcript` events (the engine's EventHub); none: silent. */
  readonly emit?: (event: EngineEvent) => void;
  /** The run's id in its events (default: a new random UUID); a caller that announces the run first sets it. */
  readonly runId?: string;
  /** Told when a host refuses the login password, so the engine's credential memory forgets it (PromptBroker.credentials.refused). */
  readonly passwordRefused?: (user: string, host: string) => void;
  /** The engine's running runs: an operation registers its run there so that `run.cancel` can reach it (cancellableRun). */
  readonly runs?: RunRegistry;
  /** This operation's cancel switch (set by cancellableRun, with runId); none: the run cannot be cancelled. */
  readonly control?: RunControl;
}

/** Options of openClusterRun. */
export interface ClusterRunOptions {
  /** Also log in to project.balancer (to read kl_balancer.conf), in the same host-key review. */
  readonly balancer?: boolean;
  /** Names of the instances to open (default: every instance of the project); an unknown name throws. */
  readonly instances?: readonly string[];
  /** Session bounds (tests shorten them). */
  readonly timeouts?: Partial<SessionTimeouts>;
  /** How long the batched host-key review waits for more hosts before asking (default 5 s). */
  readonly reviewWindowMs?: number;
}

/** One run over a cluster: a session per instance reused by audit, plan and apply; close() ends them all. */
export interface ClusterRun {
  /** Names this run in every `progress` and `transcript` event it sends. */
  readonly runId: string;
  /** The run's event emitter: every step on the run reports through it (silent without deps.emit). */
  readonly progress: RunProgress;
  /** The project with the keys accepted in this run pinned (the caller saves it when `accepted` is not empty). */
  readonly project: Project;
  /** One outcome per opened instance (every project instance unless options.instances says otherwise), in project order. */
  readonly members: readonly RunOutcome[];
  /** The Balancer host's outcome, when asked for and the project has one. */
  readonly balancer?: RunOutcome<BalancerHost>;
  /** Host keys accepted in this run's review. */
  readonly accepted: readonly PinnedHostKey[];
  /** Every remote operation of the run, secrets redacted. */
  readonly transcript: MemoryTranscript;
  /** Knows the run's secrets; redact anything leaving the engine with it. */
  readonly redactor: Redactor;
  /** The run's cancel switch: steps check it before each host's next piece of work and protect their writes with it. */
  readonly control: RunControl;
  /** The same `ask` the run was opened with, for later questions of the run (confirmations). */
  readonly ask: PromptBroker['ask'];
  /** The outcome of the instance with this name. */
  member(name: string): RunOutcome | undefined;
  /** Closes every session; safe to call twice. */
  close(): Promise<void>;
}
