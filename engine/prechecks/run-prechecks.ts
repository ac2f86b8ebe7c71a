import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { PinnedHostKey, Project } from '../../shared/project/schema.js';
import type { PromptBroker } from '../api/prompt-broker.js';
import { HostKeyReview } from '../ssh/host-keys/host-key-review.js';
import { pinKeys } from '../ssh/host-keys/pin-keys.js';
import type { AskHostKeyReview } from '../ssh/host-keys/review-answer.js';
import type { TranscriptEntry } from '../ssh/transcript/entry.js';
import { MemoryTranscript } from '../ssh/transcript/memory-transcript.js';
import { Redactor } from '../ssh/transcript/redactor.js';
import { instancePrechecks } from './instance-prechecks.js';
import { sameVersion } from './same-version.js';

/** Who answers the run's questions: host-key review, passwords and passphrases. */
export interface PrecheckDeps {
  readonly ask: PromptBroker['ask'];
  /** Overrides how the host-key review is answered (the CLI's --accept-host-key / --accept-new-host-keys). */
  readonly askHostKeys?: AskHostKeyReview;
}

/** What a pre-check run found, the keys newly accepted, and the project with them pinned. */
export interface PrecheckRun {
  readonly results: PrecheckResult[];
  readonly accepted: readonly PinnedHostKey[];
  readonly project: Project;
  readonly transcript: readonly TranscriptEntry[];
}

/** Runs every pre-check on every instance in parallel, then the cluster-wide ones; never throws for a host's failure. */
export async function runPrechecks(project: Project, deps: PrecheckDeps): Promise<PrecheckRun> {
  const redactor = new Redactor();
  const transcript = new MemoryTranscript(redactor);
  const review = new HostKeyReview({
    pinned: project.hostKeys,
    ask: deps.askHostKeys ?? ((question) => deps.ask(question)),
    expected: project.instances.map((instance) => ({ instance: instance.name, host: instance.host, port: instance.port })),
  });
  try {
    const outcomes = await Promise.all(
      project.instances.map((instance) => instancePrechecks(instance, review, { ask: deps.ask, transcript, redactor })),
    );
    const results = outcomes.flatMap((outcome) => outcome.results);
    results.push(sameVersion(project.instances.map((instance, index) => ({ name: instance.name, ...outcomes[index] }))));
    return { results, accepted: review.accepted, project: pinKeys(project, review.accepted), transcript: transcript.entries() };
  } finally {
    review.close();
  }
}
