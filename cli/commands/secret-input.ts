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
