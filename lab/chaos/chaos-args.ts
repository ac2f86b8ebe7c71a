// The chaos command line: `--iterations N --seed N --from K --part P --budget-ms MS --keep-going --quiet --dump DIR`.
import type { ChaosPart } from './runner.js';

/** How to call the chaos run. */
export const USAGE =
  'usage: npm run chaos -- [--iterations N] [--seed N] [--from K] [--budget-ms MS] [--part emulated|openssh|both] [--keep-going] [--quiet] [--dump DIR]';

/** The command line, checked. */
export function parseChaosArgs(argv: readonly string[]): {
  seed: number;
  from: number;
  iterations: number;
  budgetMs: number;
  keepGoing: boolean;
  quiet: boolean;
  dumpDir?: string;
  part: ChaosPart;
} {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--keep-going' || arg === '--quiet') flags.add(arg);
    else if (['--iterations', '--seed', '--from', '--budget-ms', '--dump', '--part'].includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      values.set(arg, value);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
      throw new Error(`${name} expects an integer from ${min} to ${max}, got ${text}\n${USAGE}`);
    return value;
  };
  return {
    iterations: int('--iterations', 200, 1, 100_000),
    seed: int('--seed', Date.now() % 1_000_000, 0, 4_294_967_295),
    from: int('--from', 0, 0, 10_000_000),
    budgetMs: int('--budget-ms', 10 * 60_000, 1_000, 24 * 3_600_000),
    keepGoing: flags.has('--keep-going'),
    quiet: flags.has('--quiet'),
    part: partOf(values.get('--part')),
    ...(values.has('--dump') ? { dumpDir: values.get('--dump') as string } : {}),
  };
}

function partOf(text: string | undefined): ChaosPart {
  if (text === undefined) return 'both';
  if (text === 'emulated' || text === 'openssh' || text === 'both') return text;
  throw new Error(`--part expects emulated, openssh or both, got ${text}\n${USAGE}`);
}
