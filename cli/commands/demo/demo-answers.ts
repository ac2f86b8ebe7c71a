// How the headless demo answers the engine's prompts: the training lab's host keys checked against the
// lab's own record, the throwaway identity's passphrase from memory, and nothing else.
import { resolve, sep } from 'node:path';
import type { Prompt, PromptAnswer } from '../../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import type { PromptAnswerer } from '../cli-run-deps.js';

/** The throwaway signing identity: where the engine keeps it, and its passphrase (memory only). */
export interface DemoIdentity {
  readonly identityFolder: string;
  readonly passphrase: string;
}

/**
 * Answers the demo's prompts. A host-key review accepts exactly the keys lab.json records for those
 * instances (the lab started the hosts, so it knows their keys; a key that differs is refused and the run
 * stops), printing each accepted fingerprint; the identity's passphrase prompt gets the random one. A
 * password prompt is a bug of the demo lab (it logs in with its key, sudo needs no password): refused.
 */
export function demoAnswerer(lab: Pick<LabFile, 'hosts'>, identity: DemoIdentity, say: (line: string) => void): PromptAnswerer {
  const folder = resolve(identity.identityFolder) + sep;
  return async (prompt: Prompt): Promise<PromptAnswer> => {
    switch (prompt.kind) {
      case 'host-key-review':
        return { kind: 'host-key-review', acceptedKeys: acceptLabKeys(lab, prompt.keys, say) };
      case 'passphrase':
        if (resolve(prompt.keyPath).startsWith(folder)) return { kind: 'passphrase', secret: identity.passphrase };
        throw new Error(`the demo has no passphrase for ${prompt.keyPath}`);
      case 'password':
        throw new Error(
          `${prompt.instance} asked for a ${prompt.purpose} password: the demo lab logs in with its key and needs no sudo password`,
        );
      default:
        throw new Error(`the demo cannot answer a ${prompt.kind} prompt`);
    }
  };
}

type ReviewKeys = Extract<Prompt, { kind: 'host-key-review' }>['keys'];

/** The shown keys that are new and exactly the ones the lab recorded for their instance; each accepted one is said with its fingerprint. */
export function acceptLabKeys(
  lab: Pick<LabFile, 'hosts'>,
  keys: ReviewKeys,
  say: (line: string) => void,
): ReturnType<typeof hostKeyTupleOf>[] {
  const accepted: ReturnType<typeof hostKeyTupleOf>[] = [];
  for (const key of keys) {
    const record = lab.hosts.find((host) => host.instance.name === key.instance);
    if (key.status === 'new' && record !== undefined && record.hostKeyFingerprint === key.fingerprint) {
      accepted.push(hostKeyTupleOf(key));
      say(
        `Accepted the training lab's host key of ${key.instance} (${key.host}:${key.port}) ${key.keyType} ${key.fingerprint}, as lab.json records it`,
      );
    } else {
      say(`NOT accepted: ${key.instance} (${key.host}:${key.port}) ${key.fingerprint} is not the key the lab recorded for it`);
    }
  }
  return accepted;
}
