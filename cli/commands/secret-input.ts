import { createInterface } from 'node:readline';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';

/** Reads one line from the terminal, echoed or not; rejects when there is no terminal to ask on. */
export function readLineFromTerminal(question: string, options: { readonly echo: boolean }): Promise<string> {
  if (!process.stdin.isTTY)
    return Promise.reject(new Error('no terminal to ask on; use --password-env VAR for passwords (one-time codes need a terminal)'));
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Mute echo: readline writes typed characters through _writeToOutput.
    if (!options.echo) (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      if (!options.echo) process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** Reads a secret from the terminal without echoing it; rejects when there is no terminal to ask on. */
export function readSecretFromTerminal(question: string): Promise<string> {
  return readLineFromTerminal(question, { echo: false });
}

/**
 * Answers a server's keyboard-interactive round on the terminal: its name and instructions on stderr,
 * then each question in turn, masked unless the server allows echo. Answers go back to the engine
 * only (never printed, never logged).
 */
export async function answerKeyboardInteractive(prompt: Extract<Prompt, { kind: 'kbd-interactive' }>): Promise<PromptAnswer> {
  const header = [`${prompt.user}@${prompt.host} (${prompt.instance}) asks:`, prompt.name, prompt.instructions]
    .map((text) => text.trim())
    .filter(Boolean);
  process.stderr.write(`${header.join('\n')}\n`);
  const answers: string[] = [];
  for (const question of prompt.prompts)
    answers.push(
      await readLineFromTerminal(question.prompt.endsWith(' ') ? question.prompt : `${question.prompt} `, { echo: question.echo }),
    );
  return { kind: 'kbd-interactive', answers };
}

/** Where answerPassword reads and writes (the terminal; tests pass their own). */
export interface PasswordIo {
  readonly readSecret: (question: string) => Promise<string>;
  readonly readLine: (question: string) => Promise<string>;
  readonly err: (line: string) => void;
}

/**
 * Answers a `password` prompt: from `fromEnv` (--password-env) when given, else on the terminal without
 * echo. A re-ask after a refusal shows the server's refusal first; a refused --password-env password is not
 * sent again (rejects: the same text would only be refused again, and each try counts against the account).
 * An SSH login password typed at the terminal may be kept for every instance with the same user (y/N).
 */
export async function answerPassword(
  prompt: Extract<Prompt, { kind: 'password' }>,
  fromEnv: string | undefined,
  io: PasswordIo,
): Promise<Extract<PromptAnswer, { kind: 'password' }>> {
  const login = prompt.purpose === 'ssh';
  const who = `${prompt.user}@${prompt.host} (${prompt.instance}, ${prompt.purpose})`;
  if (prompt.retryReason !== undefined) {
    if (fromEnv !== undefined) throw new Error(`the password from --password-env was refused for ${who}: ${prompt.retryReason}`);
    io.err(`Refused: ${prompt.retryReason}`);
  }
  // One environment password stands for every host: kept user-wide so that no host asks again.
  if (fromEnv !== undefined) return { kind: 'password', secret: fromEnv, ...(login ? { scope: 'user' as const } : {}) };
  const secret = await io.readSecret(`Password for ${who}: `);
  if (!login) return { kind: 'password', secret };
  const every = await io.readLine(`Use it for every instance with user ${prompt.user}? [y/N] `);
  return { kind: 'password', secret, scope: /^y(es)?$/i.test(every.trim()) ? 'user' : 'host' };
}
