// One run over the whole cluster: every instance (and the Balancer host when asked) opened in parallel, once.
import type { Project } from '../../../shared/project/schema.js';
import { HostKeyReview } from '../../ssh/host-keys/host-key-review.js';
import { pinKeys } from '../../ssh/host-keys/pin-keys.js';
import { MemoryTranscript } from '../../ssh/transcript/memory-transcript.js';
import { Redactor } from '../../ssh/transcript/redactor.js';
import { openRunHost } from './open-run-host.js';
import type { BalancerHost, ClusterRun, ClusterRunDeps, ClusterRunOptions, RunOutcome } from './run-types.js';

/**
 * Opens one session and dialect per instance, all in parallel, through a single host-key review (all new
 * keys on one screen), with one transcript and redactor for the run. A host that cannot be opened is an
 * outcome with its reason, never an exception; the sessions stay open until close().
 */
export async function openClusterRun(project: Project, deps: ClusterRunDeps, options: ClusterRunOptions = {}): Promise<ClusterRun> {
  const unknownNames = (options.instances ?? []).filter((name) => !project.instances.some((instance) => instance.name === name));
  if (unknownNames.length > 0) throw new Error(`no instance named ${unknownNames.map((name) => JSON.stringify(name)).join(', ')} in the project`);
  const chosen = options.instances === undefined ? project.instances : project.instances.filter((instance) => options.instances?.includes(instance.name));
  const redactor = new Redactor();
  const transcript = new MemoryTranscript(redactor);
  const balancerHost: BalancerHost | undefined = options.balancer ? project.balancer : undefined;
  const review = new HostKeyReview({
    pinned: project.hostKeys,
    ask: deps.askHostKeys ?? ((question) => deps.ask(question)),
    expected: [
      ...chosen.map((host) => ({ instance: host.name, host: host.host, port: host.port })),
      ...(balancerHost ? [{ instance: balancerHost.name, host: balancerHost.host, port: balancerHost.port, role: 'balancer' as const }] : []),
    ],
    ...(options.reviewWindowMs === undefined ? {} : { windowMs: options.reviewWindowMs }),
  });
  const hostDeps = { ask: deps.ask, transcript, redactor, ...(options.timeouts ? { timeouts: options.timeouts } : {}) };
  let members: RunOutcome[];
  let balancer: RunOutcome<BalancerHost> | undefined;
  try {
    [members, balancer] = await Promise.all([
      Promise.all(chosen.map((instance) => openRunHost(instance, review, hostDeps))),
      balancerHost ? openRunHost(balancerHost, review, hostDeps) : Promise.resolve(undefined),
    ]);
  } finally {
    // Every host has answered: no later connection of this run may add a key without a new review.
    review.close();
  }
  const accepted = review.accepted;
  const open = [...members, ...(balancer ? [balancer] : [])];
  let closed: Promise<void> | undefined;
  return {
    project: pinKeys(project, accepted),
    members,
    ...(balancer ? { balancer } : {}),
    accepted,
    transcript,
    redactor,
    ask: deps.ask,
    member: (name) => members.find((outcome) => outcome.instance.name === name),
    close: () => {
      closed ??= Promise.all(open.map((outcome) => (outcome.ok ? outcome.session.close() : undefined))).then(() => undefined);
      return closed;
    },
  };
}
