// Test helpers for the report: the independent checkers (openssl, pdfsig), byte tampering, PDF stream inflation.
import { spawnSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';

/** Why a binary cannot be used, or undefined when it can. */
export function missingBinary(name: string, versionArg = '-v'): string | undefined {
  const run = spawnSync(name, [versionArg], { encoding: 'utf8', timeout: 10_000 });
  return run.error ? `${name} is not installed (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})` : undefined;
}

/** Runs a program with arguments in a folder; bounded. */
export function run(command: string, args: readonly string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, [...args], { encoding: 'utf8', timeout: 60_000, ...(cwd ? { cwd } : {}) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy with one byte changed (xor 0x01: the smallest change, still a different byte). */
export function flipByte(bytes: Uint8Array, position: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[position] = (copy[position] as number) ^ 0x01;
  return copy;
}

/** Spread positions over a length, plus the first and last byte. */
export function samplePositions(length: number, count: number): number[] {
  const positions = new Set<number>([0, length - 1]);
  for (let index = 1; index < count; index += 1) positions.add(Math.floor((index * length) / count));
  return [...positions].sort((a, b) => a - b);
}

/** Every Flate stream of a PDF, inflated (content streams, the attachment, fonts), joined as Latin-1 text. */
export function inflatedStreams(pdf: Uint8Array): { text: string; count: number } {
  const source = Buffer.from(pdf).toString('latin1');
  let text = '';
  let count = 0;
  for (const match of source.matchAll(/\/Filter\s*\/FlateDecode[\s\S]*?>>\s*stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = source.indexOf('endstream', start);
    try {
      text += `${inflateSync(Buffer.from(source.slice(start, end), 'latin1')).toString('latin1')}\n`;
      count += 1;
    } catch {
      // A stream with trailing whitespace before endstream still inflates; anything else is not ours to read.
    }
  }
  return { text, count };
}
