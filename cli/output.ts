/** Writes a line for the user to standard output (the CLI's results). */
export function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a line for the user to standard error (problems and progress). */
export function err(text: string): void {
  process.stderr.write(`${text}\n`);
}
