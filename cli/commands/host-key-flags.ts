// How the command line answers a host-key review: only keys whose fingerprint the engineer passed
// (--accept-host-key NAME=SHA256:...), or ticked by number at a terminal; never "whatever appears".
import { parsePastedFingerprint, pastedMatches } from '../../engine/api/create-engine.js';
import type { HostKeyTuple, Prompt, PromptAnswer } from '../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../shared/contract/events.js';
import { UsageError } from './usage-error.js';

type Review = Extract<Prompt, { kind: 'host-key-review' }>;
type Shown = Review['keys'][number];

/** The NAME that `--accept-host-key` uses for the project's Balancer host. */
export const BALANCER_NAME = 'balancer';

/** One `--accept-host-key NAME=SHA256:...` the engineer passed. */
export interface AcceptHostKeyFlag {
  /** An instance name, or `balancer`. */
  readonly name: string;
  readonly fingerprint: string;
  /** When the value named the type too (`NAME=ssh-rsa SHA256:...`), the key must be of it. */
  readonly keyType?: string;
}

/** Reads every `--accept-host-key` value; a malformed one is a usage error naming it (nothing is asked or accepted). */
export function parseAcceptHostKeyFlags(values: readonly string[] | undefined): AcceptHostKeyFlag[] {
  return (values ?? []).map((value) => {
    const equals = value.indexOf('=');
    const name = equals < 0 ? '' : value.slice(0, equals).trim();
    if (name === '')
      throw new UsageError(`--accept-host-key "${value}": expected NAME=SHA256:... (NAME is an instance name, or "${BALANCER_NAME}")`);
    const pasted = parsePastedFingerprint(value.slice(equals + 1));
    if (!pasted.ok) throw new UsageError(`--accept-host-key ${name}=...: ${pasted.message}`);
    return { name, fingerprint: pasted.fingerprint, ...(pasted.keyType === undefined ? {} : { keyType: pasted.keyType }) };
  });
}

/** How the review reaches the person: stderr, and a terminal line reader when there is a terminal. */
export interface ReviewIo {
  readonly isTerminal: boolean;
  readonly readLine: (question: string) => Promise<string>;
  readonly err: (text: string) => void;
}

/** What the engineer said on the command line about new host keys. */
export interface HostKeyFlags {
  readonly acceptNewHostKeys: boolean;
  readonly acceptHostKeys: readonly AcceptHostKeyFlag[];
  /** The command, for messages. */
  readonly command: string;
}

const nameMatches = (flag: AcceptHostKeyFlag, key: Shown): boolean =>
  flag.name === key.instance || (flag.name === BALANCER_NAME && key.role === 'balancer');
const flagOf = (key: Shown): string => `--accept-host-key ${key.role === 'balancer' ? BALANCER_NAME : key.instance}=${key.fingerprint}`;
const where = (key: Shown): string => `${key.instance} (${key.host}:${key.port})`;

/**
 * Answers one review: with --accept-host-key, exactly the keys whose name and fingerprint match; with
 * --accept-new-host-keys alone, the person picks rows at a terminal, and off a terminal nothing is
 * accepted and the message says which fingerprints to check and pass; changed keys never.
 */
export async function answerHostKeyReview(prompt: Review, flags: HostKeyFlags, io: ReviewIo): Promise<PromptAnswer> {
  const fresh = prompt.keys.filter((key) => key.status === 'new');
  for (const key of prompt.keys) {
    io.err(
      `${key.status === 'new' ? 'New' : 'CHANGED'} host key: ${key.instance} ${key.host}:${key.port} ${key.keyType} ${key.fingerprint}`,
    );
  }
  const none: PromptAnswer = { kind: 'host-key-review', acceptedKeys: [] };
  if (fresh.length === 0) return none;
  if (flags.acceptHostKeys.length > 0) return { kind: 'host-key-review', acceptedKeys: matchFlags(fresh, flags.acceptHostKeys, io) };
  if (!flags.acceptNewHostKeys) {
    io.err(
      'Not accepted: compare the fingerprints out of band, then run again with ' +
        `${fresh.map(flagOf).join(' ')} (or review them in the wizard).`,
    );
    return none;
  }
  if (!io.isTerminal) {
    io.err(
      `ctha ${flags.command}: --accept-new-host-keys accepts only fingerprints you checked, and there is no terminal to ask on. ` +
        `New keys: ${fresh.map((key) => `${where(key)} ${key.keyType} ${key.fingerprint}`).join('; ')}. ` +
        `Compare each with the host's console (ssh-keygen -lf /etc/ssh/ssh_host_<type>_key.pub), then pass them: ${fresh.map(flagOf).join(' ')}`,
    );
    return none;
  }
  return { kind: 'host-key-review', acceptedKeys: await askOnTerminal(prompt.keys, io) };
}

function matchFlags(fresh: readonly Shown[], flags: readonly AcceptHostKeyFlag[], io: ReviewIo): HostKeyTuple[] {
  const accepted: HostKeyTuple[] = [];
  for (const key of fresh) {
    const named = flags.filter((flag) => nameMatches(flag, key));
    if (named.some((flag) => pastedMatches(flag, { type: key.keyType, fingerprint: key.fingerprint }))) {
      accepted.push(hostKeyTupleOf(key));
      continue;
    }
    if (named.length === 0)
      io.err(`Not accepted: ${where(key)} presented ${key.keyType} ${key.fingerprint} and no --accept-host-key names ${key.instance}.`);
    else {
      io.err(
        `Not accepted: ${where(key)} presented ${key.keyType} ${key.fingerprint}, but --accept-host-key gave ${named.map((flag) => `${flag.keyType ? `${flag.keyType} ` : ''}${flag.fingerprint}`).join(', ')}. ` +
          'A different key than the one you checked is a hard stop: compare again on the host console.',
      );
    }
  }
  // A name that matches no new key: already pinned, not in this run, or a typo; said so it is not mistaken for an acceptance.
  for (const flag of flags) {
    if (!fresh.some((key) => nameMatches(flag, key)))
      io.err(`--accept-host-key ${flag.name}=...: no new host key of that name in this run; nothing accepted by it.`);
  }
  return accepted;
}

async function askOnTerminal(keys: readonly Shown[], io: ReviewIo): Promise<HostKeyTuple[]> {
  io.err(
    'Host keys to review. Compare each fingerprint with the one on the host console (ssh-keygen -lf /etc/ssh/ssh_host_<type>_key.pub):',
  );
  const numbered: Shown[] = [];
  const width = (cell: (key: Shown) => string): number => Math.max(...keys.map((key) => cell(key).length));
  const endpoint = (key: Shown): string => `${key.host}:${key.port}`;
  const [nameWidth, endpointWidth, typeWidth] = [width((key) => key.instance), width(endpoint), width((key) => key.keyType)];
  for (const key of keys) {
    if (key.status === 'new') numbered.push(key);
    const mark = key.status === 'new' ? String(numbered.length).padStart(3) : '  -';
    const note =
      key.status === 'changed' ? `  CHANGED${key.pinnedFingerprint ? ` (pinned ${key.pinnedFingerprint})` : ''}: cannot be accepted` : '';
    io.err(
      `${mark}  ${key.instance.padEnd(nameWidth)}  ${endpoint(key).padEnd(endpointWidth)}  ${key.keyType.padEnd(typeWidth)}  ${key.fingerprint}${note}`,
    );
  }
  const reply = (await io.readLine('Trust which keys? Their numbers, separated by commas or spaces (empty: none): ')).trim();
  if (reply === '') return [];
  const chosen = new Set<Shown>();
  for (const word of reply.split(/[\s,]+/).filter(Boolean)) {
    const key = /^\d+$/.test(word) ? numbered[Number(word) - 1] : undefined;
    // A typo must not trust the wrong host: the whole answer is refused and nothing is accepted.
    if (key === undefined)
      throw new Error(`"${word}" is not the number of a new key in the table (1-${numbered.length}); nothing was accepted`);
    chosen.add(key);
  }
  return [...chosen].map((key) => hostKeyTupleOf(key));
}
