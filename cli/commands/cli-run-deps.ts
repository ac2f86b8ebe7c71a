// How the command line answers the engine's prompts: one set of rules for every command that opens hosts.
import { EventHub } from '../../engine/api/event-hub.js';
import { PromptBroker } from '../../engine/api/prompt-broker.js';
import type { ClusterRunDeps } from '../../engine/steps/run/run-types.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import { err } from '../output.js';
import type { AcceptHostKeyFlag } from './host-key-flags.js';
import { answerHostKeyReview, parseAcceptHostKeyFlags } from './host-key-flags.js';
import { answerKeyboardInteractive, readLineFromTerminal, readSecretFromTerminal } from './secret-input.js';

/** How the command line answers the engine's prompts (the same rules as `ctha check`). */
export interface CliPromptOptions {
  /** Name of the environment variable holding the password; the terminal is asked otherwise. */
  readonly passwordEnv: string | undefined;
  readonly acceptNewHostKeys: boolean;
  /** The fingerprints the engineer checked out of band (--accept-host-key NAME=SHA256:...). */
  readonly acceptHostKeys?: readonly AcceptHostKeyFlag[];
  /** The command, for messages. */
  readonly command: string;
}

/**
 * Run deps whose prompts the command line answers: passwords from the named environment variable or
 * the terminal without echo (never argv), keyboard-interactive rounds on the terminal, new host keys
 * listed on stderr and accepted only when --accept-host-key names their fingerprint or the person picks
 * them at a terminal after --accept-new-host-keys (host-key-flags.ts), changed keys never.
 */
export function cliRunDeps(options: CliPromptOptions): ClusterRunDeps {
  const events = new EventHub();
  const broker = new PromptBroker(events, 5 * 60_000);
  const answer = async (prompt: Prompt): Promise<PromptAnswer> => {
    switch (prompt.kind) {
      case 'password':
      case 'passphrase': {
        const fromEnv = options.passwordEnv === undefined ? undefined : process.env[options.passwordEnv];
        const what = prompt.kind === 'password' ? `${prompt.user}@${prompt.host} (${prompt.instance}, ${prompt.purpose})` : prompt.keyPath;
        const secret = fromEnv ?? (await readSecretFromTerminal(`${prompt.kind === 'password' ? 'Password' : 'Passphrase'} for ${what}: `));
        return { kind: prompt.kind, secret };
      }
      case 'certificate-review':
        // Certificates are pinned on the command line with --pin or --accept-cert, never by a blind yes.
        for (const certificate of prompt.certificates) err(`New certificate: ${certificate.instance} ${certificate.host}:${certificate.port} ${certificate.fingerprint}`);
        return { kind: 'certificate-review', acceptedFingerprints: [] };
      case 'kbd-interactive':
        // One-time codes and other questions only a person at the terminal can answer.
        return answerKeyboardInteractive(prompt);
      case 'host-key-review':
        return answerHostKeyReview(
          prompt,
          { acceptNewHostKeys: options.acceptNewHostKeys, acceptHostKeys: options.acceptHostKeys ?? [], command: options.command },
          { isTerminal: process.stdin.isTTY === true, readLine: (question) => readLineFromTerminal(question, { echo: true }), err },
        );
    }
  };
  events.subscribe((event) => {
    if (event.name !== 'prompt') return;
    void answer(event.payload).then(
      (reply) => broker.answer(event.payload.promptId, reply),
      (error: unknown) => {
        err(`ctha ${options.command}: ${error instanceof Error ? error.message : String(error)}`);
        broker.answer(event.payload.promptId, { kind: 'cancel' });
      },
    );
  });
  return { ask: broker.ask.bind(broker) };
}


/** The parseArgs options of every command that logs in to hosts: how new host keys and passwords are answered. */
export const RUN_FLAG_OPTIONS = {
  'accept-new-host-keys': { type: 'boolean' },
  'accept-host-key': { type: 'string', multiple: true },
  'password-env': { type: 'string' },
} as const;

/** The parsed RUN_FLAG_OPTIONS. */
export interface RunFlagValues {
  readonly 'accept-new-host-keys'?: boolean;
  readonly 'accept-host-key'?: readonly string[];
  readonly 'password-env'?: string;
}

/** Run deps from the parsed RUN_FLAG_OPTIONS of `command`; a malformed --accept-host-key throws a UsageError before any host is opened. */
export function cliRunDepsFromFlags(values: RunFlagValues, command: string): ClusterRunDeps {
  return cliRunDeps({
    passwordEnv: values['password-env'],
    acceptNewHostKeys: values['accept-new-host-keys'] === true,
    acceptHostKeys: parseAcceptHostKeyFlags(values['accept-host-key']),
    command,
  });
}
