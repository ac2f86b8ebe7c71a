// `npm run bench:start`: how fast `ctha` starts, whole process, against `node -e 0` on the same machine
// in the same run (issue 12 item 5). Median of BENCH_RUNS (10) runs each; prints whether each target is met.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const runs = Number(process.env['BENCH_RUNS'] ?? 10);
const ctha = fileURLToPath(new URL('../cli/ctha.js', import.meta.url));
const example = fileURLToPath(new URL('../../examples/demo.ctha.json', import.meta.url));

/** One row: a command line and its target as a multiple of `node -e 0` (undefined: the baseline). */
interface Row {
  readonly name: string;
  readonly args: readonly string[];
  readonly within?: number;
}

const rows: readonly Row[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'ctha --version', args: [ctha, '--version'], within: 2 },
  { name: 'ctha --help', args: [ctha, '--help'], within: 2 },
  { name: 'ctha validate', args: [ctha, 'validate', example], within: 3 },
];

function medianMs(args: readonly string[]): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore', timeout: 30_000 });
    samples.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${String(result.status ?? result.signal)}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

const baseline = medianMs(rows[0]?.args ?? []);
process.stdout.write(`ctha start time, median of ${runs} whole-process runs (node ${process.version})\n`);
let allMet = true;
for (const row of rows) {
  const ms = row.within === undefined ? baseline : medianMs(row.args);
  const ratio = ms / baseline;
  const verdict =
    row.within === undefined ? 'baseline' : ratio <= row.within ? `target <= ${row.within}x: met` : `target <= ${row.within}x: NOT met`;
  if (row.within !== undefined && ratio > row.within) allMet = false;
  process.stdout.write(`${row.name.padEnd(16)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x  ${verdict}\n`);
}
process.stdout.write(allMet ? 'all start targets met\n' : 'some start targets NOT met\n');
