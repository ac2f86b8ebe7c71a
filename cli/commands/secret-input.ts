import { createInterface } from 'node:readline';

/** Reads a secret from the terminal without echoing it; rejects when there is no terminal to ask on. */
export function readSecretFromTerminal(question: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new Error('no terminal to ask for a secret on; use --password-env VAR'));
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Mute echo: readline writes typed characters through _writeToOutput.
    const muted = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stderr.write(question);
    muted._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
