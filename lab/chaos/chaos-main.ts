// Entry of dist/lab/chaos.js (`npm run chaos -- --iterations 200 --seed N`, docs/CHAOS.md): random
// faults at random cut points over plan + apply on an emulated lab; exit 0 no violation, 1 otherwise.
import { parseChaosArgs } from './chaos-args.js';
import { runChaos, summaryText } from './runner.js';

async function main(): Promise<number> {
  let args: ReturnType<typeof parseChaosArgs>;
  try {
    args = parseChaosArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`chaos: seed ${args.seed}, iterations ${args.from}..${args.from + args.iterations - 1}, part ${args.part}\n`);
  const summary = await runChaos({
    ...args,
    ...(args.quiet ? {} : { progress: (line: string) => void process.stderr.write(`${line}\n`) }),
  });
  process.stdout.write(`${summaryText(summary)}\n`);
  return summary.failures.length === 0 && !summary.budgetExceeded ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
