// How the command line answers the engine's prompts: one set of rules for every command that opens hosts.
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import { err } from '../output.js';
import type { AcceptHostKeyFlag } from './host-key-flags.js';
import { answerHostKeyReview, parseAcceptHostKeyFlags } from './host-key-flags.js';
import { answerKeyboardInteractive, answerPassword, readLineFromTerminal, readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

/** Answers one prompt event of the engine; rejecting cancels the prompt (and the operation that asked). */
export type PromptAnswerer = (prompt: Prompt) => Promise<PromptAnswer>;

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
 * Answers the engine's prompts on the command line: passwords from the named environment variable or
 * the terminal without echo (never argv), keyboard-interactive rounds on the terminal, new host keys
 * listed on stderr and accepted only when --accept-host-key names their fingerprint or the person picks
 * them at a terminal after --accept-new-host-keys (host-key-flags.ts), changed keys never.
 */
export function cliPromptAnswerer(options: CliPromptOptions): PromptAnswerer {
  return async (prompt) => {
    switch (prompt.kind) {
      case 'password': {
        const fromEnv = options.passwordEnv === undefined ? undefined : process.env[options.passwordEnv];
        return answerPassword(prompt, fromEnv, {
          readSecret: readSecretFromTerminal,
          readLine: (question) => readLineFromTerminal(question, { echo: true }),
          err,
        });
      }
      case 'passphrase': {
        const fromEnv = options.passwordEnv === undefined ? undefined : process.env[options.passwordEnv];
        return { kind: 'passphrase', secret: fromEnv ?? (await readSecretFromTerminal(`Passphrase for ${prompt.keyPath}: `)) };
      }
      case 'certificate-review':
        // Certificates are pinned on the command line with --pin or --accept-cert, never by a blind yes.
        for (const certificate of prompt.certificates)
          err(`New certificate: ${certificate.instance} ${certificate.host}:${certificate.port} ${certificate.fingerprint}`);
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

/** The value of the variable a `--…-env VAR` flag names; an unset or empty one is a usage error, before any host is contacted. */
export function envFlagValue(flag: string, name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set`);
  return value;
}

/**
 * The prompt answerer of `command` from its parsed RUN_FLAG_OPTIONS. A malformed --accept-host-key and a
 * --password-env naming an unset variable throw a UsageError here, before any host is contacted.
 */
export function cliPromptAnswererFromFlags(values: RunFlagValues, command: string): PromptAnswerer {
  const passwordEnv = values['password-env'];
  if (passwordEnv !== undefined) envFlagValue('--password-env', passwordEnv);
  return cliPromptAnswerer({
    passwordEnv,
    acceptNewHostKeys: values['accept-new-host-keys'] === true,
    acceptHostKeys: parseAcceptHostKeyFlags(values['accept-host-key']),
    command,
  });
}
