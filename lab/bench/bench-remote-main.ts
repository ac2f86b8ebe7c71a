// Entry of dist/lab/bench-remote.js (`npm run bench:remote`, docs/BENCHMARKS.md): measures the engine
// reading the audit's files from N lab instances at once, against plain OpenSSH, prints a table and
// the targets' verdicts, and writes test-artifacts/bench/remote.json. Bounded by an overall budget.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../engine/app/package-root.js';
import type { BenchLab } from './bench-lab.js';
import { stopBenchLab } from './bench-lab.js';
import type { ConfigResult } from './run-remote-bench.js';
import {
  REMOTE_BENCH_CONFIGS,
  REPEATS,
  TARGETS,
  auditVerdict,
  configLabel,
  formatSteps,
  formatTable,
  runConfig,
  targetVerdicts,
} from './run-remote-bench.js';

const DEFAULT_BUDGET_MS = 5 * 60_000;
// A configuration is not started with less than this left (lab up alone can take a while).
const MIN_LEFT_TO_START_MS = 30_000;

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

function budgetFromArgs(argv: readonly string[]): number {
  const at = argv.indexOf('--budget-ms');
  if (at < 0) return DEFAULT_BUDGET_MS;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 10_000 || value > 30 * 60_000)
    throw new Error('--budget-ms expects an integer between 10000 and 1800000');
  return value;
}

async function main(): Promise<number> {
  const budgetMs = budgetFromArgs(process.argv.slice(2));
  const started = Date.now();
  let current: BenchLab | undefined;
  // A deadline or a signal still takes the running lab down (synchronously) before leaving.
  const abort = (why: string, code: number): void => {
    err(`bench:remote: ${why}`);
    if (current) err(stopBenchLab(current) ?? `lab ${current.dir} stopped`);
    process.exit(code);
  };
  const hardStop = setTimeout(() => abort(`overall budget of ${budgetMs} ms spent; stopping`, 2), budgetMs);
  hardStop.unref();
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));

  const results: ConfigResult[] = [];
  let failed = false;
  // BENCH_ONLY=16:openssh,8:emulated runs only those configurations (a quicker look at one figure).
  const only = process.env['BENCH_ONLY']?.split(',').map((entry) => entry.trim());
  const configs =
    only === undefined
      ? REMOTE_BENCH_CONFIGS
      : REMOTE_BENCH_CONFIGS.filter((config) => only.includes(`${config.n}:${configLabel(config)}`));
  for (const config of configs) {
    const left = budgetMs - (Date.now() - started);
    if (left < MIN_LEFT_TO_START_MS) {
      results.push({
        n: config.n,
        backend: config.backend,
        ...(config.latencyMs === undefined ? {} : { latencyMs: config.latencyMs }),
        skipped: `overall budget nearly spent (${Math.round(left / 1000)} s left)`,
      });
      continue;
    }
    try {
      const result = await runConfig(config, { progress: err, onLab: (lab) => (current = lab), runMs: Math.min(90_000, left - 10_000) });
      if (result.skipped) err(`N=${config.n} ${configLabel(config)}: skipped: ${result.skipped}`);
      if (result.verified === false) {
        failed = true;
        err(`N=${config.n} ${configLabel(config)}: some bytes read differ from the lab's local tree`);
      }
      results.push(result);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      err(`N=${config.n} ${configLabel(config)}: failed: ${message}`);
      results.push({
        n: config.n,
        backend: config.backend,
        ...(config.latencyMs === undefined ? {} : { latencyMs: config.latencyMs }),
        skipped: `failed: ${message.split('\n')[0] ?? ''}`,
      });
    }
  }
  clearTimeout(hardStop);

  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    platform: `${process.platform} ${release()}`,
    node: process.version,
  };
  const verdicts = targetVerdicts(results);
  out('');
  out(`Remote reads: connect to every instance in parallel and read the audit's files (median of ${REPEATS} runs after 1 warm-up).`);
  out(`Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryMiB} MiB, ${machine.platform}, Node ${machine.node}.`);
  out('');
  out(formatTable(results));
  out('');
  out('Per instance, medians (ms):');
  out(formatSteps(results));
  out('');
  out(`Target "within ${TARGETS.maxRatioAtN8}x of plain OpenSSH at N = 8": ${verdicts.ratio}`);
  out(`Target "at most ${TARGETS.maxRoundTripsPerInstance} round trips per instance after the handshake": ${verdicts.roundTrips}`);
  const audit = auditVerdict(results);
  out(`Target "full ctha audit within ${TARGETS.maxAuditRatioAtN16}x of plain OpenSSH at N = 16": ${audit}`);

  const root = packageRoot(import.meta.url);
  const folder = join(root, 'test-artifacts', 'bench');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'remote.json');
  const report = {
    benchmark: 'remote-reads',
    generatedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    machine,
    repeats: REPEATS,
    warmupRuns: 1,
    targets: TARGETS,
    verdicts: { ...verdicts, audit },
    results,
  };
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  out(`JSON: ${path}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(`bench:remote: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
