// One run over the whole cluster: every instance (and the Balancer host when asked) opened in parallel, once.
import type { Project } from '../../../shared/project/schema.js';
import { PASSWORD_TRIES } from '../../ssh/session/index.js';
import { HostKeyReview } from '../../ssh/host-keys/host-key-review.js';
import { pinKeys } from '../../ssh/host-keys/pin-keys.js';
import { MemoryTranscript } from '../../ssh/transcript/memory-transcript.js';
import { Redactor } from '../../ssh/transcript/redactor.js';
import { openRunHost } from './open-run-host.js';
import { createRunProgress } from './run-progress.js';
import { RunControl, cancelledError } from './run-control.js';
import type { Prompt } from '../../../shared/contract/events.js';
import type { AskPerson, PromptQuestion } from '../../../shared/contract/prompt-ask.js';
import type { BalancerHost, ClusterRun, ClusterRunDeps, ClusterRunOptions, RunHost, RunOutcome } from './run-types.js';

/**
 * Opens one session and dialect per instance, all in parallel, through a single host-key review (all new
 * keys on one screen), with one transcript and redactor for the run. A host that cannot be opened is an
 * outcome with its reason, never an exception; the sessions stay open until close().
 */
export async function openClusterRun(project: Project, deps: ClusterRunDeps, options: ClusterRunOptions = {}): Promise<ClusterRun> {
  const unknownNames = (options.instances ?? []).filter((name) => !project.instances.some((instance) => instance.name === name));
  if (unknownNames.length > 0)
    throw new Error(`no instance named ${unknownNames.map((name) => JSON.stringify(name)).join(', ')} in the project`);
  const chosen =
    options.instances === undefined
      ? project.instances
      : project.instances.filter((instance) => options.instances?.includes(instance.name));
  const redactor = new Redactor();
  const transcript = new MemoryTranscript(redactor);
  const progress = createRunProgress(deps.emit, {
    redact: (text) => redactor.redact(text),
    ...(deps.control === undefined ? (deps.runId === undefined ? {} : { runId: deps.runId }) : { runId: deps.control.runId }),
  });
  // Without an operation's switch the run has one of its own that nobody cancels.
  const control = deps.control ?? new RunControl(progress.runId);
  const stopTranscript = transcript.onEntry((entry) => progress.transcript(entry));
  const balancerHost: BalancerHost | undefined = options.balancer ? project.balancer : undefined;
  const review = new HostKeyReview({
    pinned: project.hostKeys,
    ask: deps.askHostKeys ?? ((question) => deps.ask({ ...question, runId: progress.runId })),
    expected: [
      ...chosen.map((host) => ({ instance: host.name, host: host.host, port: host.port })),
      ...(balancerHost
        ? [{ instance: balancerHost.name, host: balancerHost.host, port: balancerHost.port, role: 'balancer' as const }]
        : []),
    ],
    ...(options.reviewWindowMs === undefined ? {} : { windowMs: options.reviewWindowMs }),
  });
  const hostDeps = {
    ask: tagWithRun(deps.ask, progress.runId),
    // A refused password is re-asked for that host alone, up to PASSWORD_TRIES logins.
    passwordAttempts: PASSWORD_TRIES,
    transcript,
    redactor,
    ...(deps.passwordRefused ? { passwordRefused: deps.passwordRefused } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  };
  const connecting = progress.tally('connect', chosen.length + (balancerHost ? 1 : 0));
  const open = async <H extends RunHost>(host: H): Promise<RunOutcome<H>> => {
    connecting.start(host.name, `${host.user}@${host.host}:${host.port}`);
    const outcome = await openRunHost(host, review, hostDeps, control);
    connecting.end(
      host.name,
      outcome.ok,
      outcome.ok ? `${outcome.dialect.os}, privilege ${outcome.privilege.detected}` : `${outcome.stage}: ${outcome.reason}`,
    );
    return outcome;
  };
  let members: RunOutcome[];
  let balancer: RunOutcome<BalancerHost> | undefined;
  try {
    [members, balancer] = await Promise.all([
      Promise.all(chosen.map((instance) => open(instance))),
      balancerHost ? open(balancerHost) : Promise.resolve(undefined),
    ]);
  } catch (error) {
    stopTranscript();
    throw error;
  } finally {
    // Every host has answered: no later connection of this run may add a key without a new review.
    review.close();
  }
  const accepted = review.accepted;
  const opened = [...members, ...(balancer ? [balancer] : [])];
  if (control.cancelled) {
    // Cancelled while logging in: nothing of the step has started; the sessions opened meanwhile are closed.
    await Promise.all(opened.map((outcome) => (outcome.ok ? outcome.session.close() : undefined)));
    stopTranscript();
    throw cancelledError('the run was cancelled while logging in to the hosts; no step was started');
  }
  let closed: Promise<void> | undefined;
  return {
    runId: progress.runId,
    progress,
    project: pinKeys(project, accepted),
    members,
    ...(balancer ? { balancer } : {}),
    accepted,
    control,
    transcript,
    redactor,
    ask: deps.ask,
    member: (name) => members.find((outcome) => outcome.instance.name === name),
    close: () => {
      // The sessions' closing entries still reach the front end; nothing after that does.
      closed ??= Promise.all(opened.map((outcome) => (outcome.ok ? outcome.session.close() : undefined))).then(() => {
        stopTranscript();
      });
      return closed;
    },
  };
}

// The hosts' login questions carry the run's id, so that one Cancel closes every prompt of this run (PromptBroker).
function tagWithRun(ask: ClusterRunDeps['ask'], runId: string): AskPerson {
  const tagged = (question: PromptQuestion<Prompt['kind']>) =>
    ask(
      (question.kind === 'password' || question.kind === 'passphrase' || question.kind === 'kbd-interactive'
        ? { ...question, runId }
        : question) as PromptQuestion<Prompt['kind']>,
    );
  return tagged as AskPerson;
}
