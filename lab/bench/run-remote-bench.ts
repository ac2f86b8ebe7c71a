// One benchmark configuration (N instances on one backend): lab up, a warm-up, three measured engine
// and baseline runs interleaved, medians, lab down. Plus the table and the targets of the issue.
import { opensshUnavailableReason } from '../openssh/preflight.js';
import type { LabBackend } from '../spec.js';
import type { BenchLab } from './bench-lab.js';
import { startBenchLab, stopBenchLab } from './bench-lab.js';
import type { BaselineMeasurement, EngineMeasurement, MeasureOptions } from './remote-bench.js';
import { ENGINE_KEX, measureBaseline, measureEngine } from './remote-bench.js';
import type { AuditRun } from './audit-run.js';
import { measureCthaAudit, prepareAuditProject } from './audit-run.js';

/** One configuration: N Linux instances on a backend, on its own loopback block. */
export interface BenchConfig {
  readonly n: number;
  readonly backend: LabBackend;
  readonly addressBase: string;
  /** Every answer from each host delayed this much (the lab's `slow` fault): a network with latency. */
  readonly latencyMs?: number;
}

/** The configuration's name in the table: the backend, plus the latency when one is added. */
export function configLabel(config: { readonly backend: LabBackend; readonly latencyMs?: number }): string {
  return config.latencyMs === undefined ? config.backend : `${config.backend}+${config.latencyMs}ms`;
}

/** The configurations `npm run bench:remote` runs, each on its own address block (127.0.111-115.x, 119.100+, 121.x). */
export const REMOTE_BENCH_CONFIGS: readonly BenchConfig[] = [
  { n: 1, backend: 'emulated', addressBase: '127.0.111.10' },
  { n: 8, backend: 'emulated', addressBase: '127.0.112.10' },
  { n: 32, backend: 'emulated', addressBase: '127.0.113.10' },
  { n: 1, backend: 'openssh', addressBase: '127.0.114.10' },
  { n: 8, backend: 'openssh', addressBase: '127.0.115.10' },
  { n: 16, backend: 'openssh', addressBase: '127.0.121.10' },
  // The same with 25 ms added to every answer (the lab's relay): what round trips cost on a network.
  { n: 8, backend: 'openssh', addressBase: '127.0.119.100', latencyMs: 25 },
];

/** Measured runs per configuration (the median is reported), after one warm-up run that is not counted. */
export const REPEATS = 3;

/** The targets. */
export const TARGETS = { maxRatioAtN8: 1.5, maxRoundTripsPerInstance: 3, maxAuditRatioAtN16: 1.2 } as const;

/** What one configuration gave. */
export interface ConfigResult {
  readonly n: number;
  readonly backend: LabBackend;
  readonly latencyMs?: number;
  /** Why it was not measured (no root, no sshd, budget spent, lab failed). */
  readonly skipped?: string;
  readonly engine?: {
    readonly wallMs: readonly number[];
    readonly medianWallMs: number;
    readonly msPerInstance: number;
    /** Slowest instance's handshake (openSession) in each run. */
    readonly maxConnectMs: readonly number[];
    /** Medians over every instance of the measured runs: handshake, first command (OS + privilege), gather of configs and keys, gather of the CertFile, close. */
    readonly medianStepsMs: {
      readonly connect: number;
      readonly probe: number;
      readonly gather: number;
      readonly cert: number;
      readonly close: number;
    };
    /** Per instance, the highest count seen over all instances and runs. */
    readonly operationsPerInstance: number;
    readonly operationsByKind: Readonly<Record<string, number>>;
    readonly sftpRequestsPerInstance: number | undefined;
    readonly channelsPerInstance: number;
    readonly filesPerInstance: number;
    readonly bytesPerInstance: number;
  };
  /** The same reads one remote operation at a time (measureEngine mode 'per-file'), for comparison. */
  readonly perFile?: {
    readonly wallMs: readonly number[];
    readonly medianWallMs: number;
    readonly operationsPerInstance: number;
    readonly sftpRequestsPerInstance: number | undefined;
  };
  /** `ssh ... cat` with OpenSSH's defaults (the baseline the issue names). */
  readonly baseline?: BaselineSummary;
  /** Engine median / baseline median. */
  readonly ratio?: number;
  /** The same `ssh ... cat` restricted to the key exchange the engine negotiates (ENGINE_KEX). */
  readonly baselineEngineKex?: BaselineSummary;
  readonly ratioEngineKex?: number;
  /** The real `ctha audit` command, whole process (OpenSSH configurations without added latency). */
  readonly audit?: { readonly wallMs: readonly number[]; readonly medianWallMs: number; readonly instancesAudited: number };
  /** `ctha audit` median / baseline median. */
  readonly auditRatio?: number;
  /** Every byte read (engine and baseline) equals the lab's local tree. */
  readonly verified?: boolean;
}

/** Wall times of the measured baseline runs and their median. */
export interface BaselineSummary {
  readonly sshOptions: string;
  readonly wallMs: readonly number[];
  readonly medianWallMs: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function engineVerified(run: EngineMeasurement): boolean {
  return run.instances.every((instance) => instance.files.length > 0 && instance.files.every((file) => file.matchesLocal === true));
}

function baselineVerified(run: BaselineMeasurement): boolean {
  return run.instances.every((instance) => instance.matchesLocal === true);
}

/** Why a backend cannot run here, or undefined. */
export function backendUnavailableReason(backend: LabBackend): string | undefined {
  return backend === 'openssh' ? opensshUnavailableReason() : undefined;
}

/**
 * Runs one configuration. `onLab` learns the running lab (and undefined once it is down), so a
 * deadline or a signal can still take it down.
 */
export async function runConfig(
  config: BenchConfig,
  options: MeasureOptions & { readonly progress?: (text: string) => void; readonly onLab?: (lab: BenchLab | undefined) => void } = {},
): Promise<ConfigResult> {
  const { n, backend } = config;
  const latency = config.latencyMs === undefined ? {} : { latencyMs: config.latencyMs };
  const label = configLabel(config);
  const progress = options.progress ?? (() => undefined);
  const unavailable = backendUnavailableReason(backend);
  if (unavailable) return { n, backend, ...latency, skipped: unavailable };
  progress(`N=${n} ${label}: lab up`);
  const lab = await startBenchLab({ linux: n, backend, addressBase: config.addressBase, ...latency });
  options.onLab?.(lab);
  try {
    const withBaseline = backend === 'openssh';
    const engineRuns: EngineMeasurement[] = [];
    const perFileRuns: EngineMeasurement[] = [];
    const perFileOptions = { ...options, mode: 'per-file' as const };
    const baselineRuns: BaselineMeasurement[] = [];
    const withAudit = withBaseline && config.latencyMs === undefined;
    const auditRuns: AuditRun[] = [];
    const auditProject = withAudit ? await prepareAuditProject(lab) : undefined;
    const kexRuns: BaselineMeasurement[] = [];
    const kexOptions = { ...options, kex: ENGINE_KEX };
    // Warm-up (not counted): JIT, page cache, sshd's first fork.
    progress(`N=${n} ${label}: warm-up`);
    const warm = await measureEngine(lab.file, options);
    await measureEngine(lab.file, perFileOptions);
    const paths = new Map(warm.instances.map((instance) => [instance.instance, instance.files.map((file) => file.path)]));
    if (withBaseline) {
      await measureBaseline(lab.file, paths, options);
      await measureBaseline(lab.file, paths, kexOptions);
    }
    if (auditProject !== undefined) await measureCthaAudit(lab, auditProject);
    // Interleaved, so that a drift of the machine's load affects every series alike.
    for (let round = 1; round <= REPEATS; round++) {
      progress(`N=${n} ${label}: run ${round}/${REPEATS}`);
      engineRuns.push(await measureEngine(lab.file, options));
      perFileRuns.push(await measureEngine(lab.file, perFileOptions));
      if (withBaseline) {
        baselineRuns.push(await measureBaseline(lab.file, paths, options));
        kexRuns.push(await measureBaseline(lab.file, paths, kexOptions));
      }
      if (auditProject !== undefined) auditRuns.push(await measureCthaAudit(lab, auditProject));
    }
    const allInstances = engineRuns.flatMap((run) => run.instances);
    const max = (pick: (instance: (typeof allInstances)[number]) => number): number => Math.max(...allInstances.map(pick));
    const sftpCounts = allInstances.map((instance) => instance.sftpRequests);
    const operationsByKind: Record<string, number> = {};
    for (const instance of allInstances) {
      for (const [kind, count] of Object.entries(instance.operationsByKind))
        operationsByKind[kind] = Math.max(operationsByKind[kind] ?? 0, count);
    }
    const engineWall = engineRuns.map((run) => run.wallMs);
    const medianWallMs = median(engineWall);
    const summary = (runs: readonly BaselineMeasurement[], sshOptions: string): BaselineSummary => ({
      sshOptions,
      wallMs: runs.map((run) => run.wallMs),
      medianWallMs: median(runs.map((run) => run.wallMs)),
    });
    const baseline = withBaseline ? summary(baselineRuns, 'OpenSSH defaults') : undefined;
    const baselineEngineKex = withBaseline ? summary(kexRuns, `-o KexAlgorithms=${ENGINE_KEX}`) : undefined;
    return {
      n,
      backend,
      ...latency,
      engine: {
        wallMs: engineWall,
        medianWallMs,
        msPerInstance: medianWallMs / n,
        maxConnectMs: engineRuns.map((run) => Math.max(...run.instances.map((instance) => instance.connectMs))),
        medianStepsMs: {
          connect: median(allInstances.map((instance) => instance.connectMs)),
          probe: median(allInstances.map((instance) => instance.stepsMs.probe)),
          gather: median(allInstances.map((instance) => instance.stepsMs.gather)),
          cert: median(allInstances.map((instance) => instance.stepsMs.cert)),
          close: median(allInstances.map((instance) => instance.closeMs)),
        },
        operationsPerInstance: max((instance) => instance.operations),
        operationsByKind,
        sftpRequestsPerInstance: sftpCounts.every((count) => count !== undefined) ? Math.max(...(sftpCounts as number[])) : undefined,
        channelsPerInstance: max((instance) => instance.channelsOpened),
        filesPerInstance: max((instance) => instance.files.length),
        bytesPerInstance: max((instance) => instance.files.reduce((sum, file) => sum + file.bytes, 0)),
      },
      perFile: {
        wallMs: perFileRuns.map((run) => run.wallMs),
        medianWallMs: median(perFileRuns.map((run) => run.wallMs)),
        operationsPerInstance: Math.max(...perFileRuns.flatMap((run) => run.instances.map((instance) => instance.operations))),
        sftpRequestsPerInstance: ((counts) =>
          counts.every((count) => count !== undefined) ? Math.max(...(counts as number[])) : undefined)(
          perFileRuns.flatMap((run) => run.instances.map((instance) => instance.sftpRequests)),
        ),
      },
      ...(baseline ? { baseline, ratio: medianWallMs / baseline.medianWallMs } : {}),
      ...(baselineEngineKex ? { baselineEngineKex, ratioEngineKex: medianWallMs / baselineEngineKex.medianWallMs } : {}),
      ...auditSummary(auditRuns, baseline),
      verified: [warm, ...engineRuns, ...perFileRuns].every(engineVerified) && [...baselineRuns, ...kexRuns].every(baselineVerified),
    };
  } finally {
    progress(`N=${n} ${label}: lab down`);
    const problem = stopBenchLab(lab);
    options.onLab?.(undefined);
    if (problem) progress(problem);
  }
}

/** The audit series' median and its ratio to the baseline; empty when the configuration has no audit series. */
function auditSummary(runs: readonly AuditRun[], baseline: BaselineSummary | undefined): Pick<ConfigResult, 'audit' | 'auditRatio'> {
  if (runs.length === 0) return {};
  const medianWallMs = median(runs.map((run) => run.wallMs));
  const audit = {
    wallMs: runs.map((run) => run.wallMs),
    medianWallMs,
    instancesAudited: Math.min(...runs.map((run) => run.instancesAudited)),
  };
  return { audit, ...(baseline ? { auditRatio: medianWallMs / baseline.medianWallMs } : {}) };
}

/** The full-audit target in words: `ctha audit` within 1.2x of the baseline at N = 16 (OpenSSH). */
export function auditVerdict(results: readonly ConfigResult[]): string {
  const n16 = results.find((result) => result.n === 16 && result.backend === 'openssh' && result.latencyMs === undefined);
  if (n16?.auditRatio === undefined) return `not measured (OpenSSH N=16: ${n16?.skipped ?? 'not run'})`;
  const met = n16.auditRatio <= TARGETS.maxAuditRatioAtN16;
  return `${met ? 'MET' : 'NOT MET'}: ctha audit/baseline at N=16 (OpenSSH) is ${n16.auditRatio.toFixed(2)}x (target <= ${TARGETS.maxAuditRatioAtN16}x; ${n16.audit?.instancesAudited ?? 0}/16 instances audited)`;
}

/** Whether the targets are met, in words; never claims what was not measured. */
export function targetVerdicts(results: readonly ConfigResult[]): {
  readonly ratio: string;
  readonly roundTrips: string;
  readonly ratioMet: boolean | undefined;
  readonly roundTripsMet: boolean | undefined;
} {
  const n8 = results.find((result) => result.n === 8 && result.backend === 'openssh' && result.latencyMs === undefined);
  let ratio: string;
  let ratioMet: boolean | undefined;
  if (n8?.ratio === undefined) {
    ratio = `not measured (OpenSSH N=8: ${n8?.skipped ?? 'not run'})`;
  } else {
    ratioMet = n8.ratio <= TARGETS.maxRatioAtN8;
    const kex =
      n8.ratioEngineKex === undefined
        ? ''
        : `; against ssh restricted to the engine's key exchange (${ENGINE_KEX}) ${n8.ratioEngineKex.toFixed(2)}x (${n8.ratioEngineKex <= TARGETS.maxRatioAtN8 ? 'also within' : 'NOT within'} the target)`;
    ratio = `${ratioMet ? 'MET' : 'NOT MET'}: engine/baseline at N=8 (OpenSSH) is ${n8.ratio.toFixed(2)}x (target <= ${TARGETS.maxRatioAtN8}x)${kex}`;
  }
  const measured = results.filter((result) => result.engine !== undefined);
  let roundTrips: string;
  let roundTripsMet: boolean | undefined;
  if (measured.length === 0) {
    roundTrips = 'not measured';
  } else {
    const operations = Math.max(...measured.map((result) => result.engine?.operationsPerInstance ?? 0));
    const sftpKnown = measured
      .map((result) => result.engine?.sftpRequestsPerInstance)
      .filter((count): count is number => count !== undefined);
    const sftp = sftpKnown.length > 0 ? `; at the protocol level ${Math.max(...sftpKnown)} SFTP requests per instance` : '';
    roundTripsMet = operations <= TARGETS.maxRoundTripsPerInstance;
    roundTrips = `${roundTripsMet ? 'MET' : 'NOT MET'}: ${operations} remote operations (round trips) per instance after the handshake (target <= ${TARGETS.maxRoundTripsPerInstance})${sftp}`;
  }
  return { ratio, roundTrips, ratioMet, roundTripsMet };
}

function pad(text: string, width: number, right = true): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The results as a fixed-width table (one line per configuration). */
export function formatTable(results: readonly ConfigResult[]): string {
  const header = [
    'N',
    'backend',
    'engine wall ms',
    'ms/instance',
    'round trips/instance',
    'SFTP req/instance',
    'channels/instance',
    'per-file wall ms',
    'per-file round trips',
    'baseline wall ms',
    'engine/baseline',
    'baseline (curve25519) ms',
    'engine/baseline (curve25519)',
    'ctha audit ms',
    'audit/baseline',
  ];
  const rows = results.map((result) => {
    const engine = result.engine;
    if (!engine) return [String(result.n), configLabel(result), `skipped: ${result.skipped ?? 'unknown'}`];
    return [
      String(result.n),
      configLabel(result),
      engine.medianWallMs.toFixed(0),
      engine.msPerInstance.toFixed(1),
      String(engine.operationsPerInstance),
      engine.sftpRequestsPerInstance === undefined ? 'n/a' : String(engine.sftpRequestsPerInstance),
      String(engine.channelsPerInstance),
      result.perFile ? result.perFile.medianWallMs.toFixed(0) : '-',
      result.perFile ? String(result.perFile.operationsPerInstance) : '-',
      result.baseline ? result.baseline.medianWallMs.toFixed(0) : '-',
      result.ratio === undefined ? '-' : `${result.ratio.toFixed(2)}x`,
      result.baselineEngineKex ? result.baselineEngineKex.medianWallMs.toFixed(0) : '-',
      result.ratioEngineKex === undefined ? '-' : `${result.ratioEngineKex.toFixed(2)}x`,
      result.audit ? result.audit.medianWallMs.toFixed(0) : '-',
      result.auditRatio === undefined ? '-' : `${result.auditRatio.toFixed(2)}x`,
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.filter((row) => row.length === header.length).map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.length === header.length
      ? cells.map((cell, column) => pad(cell, widths[column] ?? 0, column !== 1)).join(' | ')
      : `${pad(cells[0] ?? '', widths[0] ?? 0)} | ${pad(cells[1] ?? '', widths[1] ?? 0, false)} | ${cells[2] ?? ''}`;
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)].join('\n');
}

/** Where one instance's time goes (medians over instances and runs), one line per configuration. */
export function formatSteps(results: readonly ConfigResult[]): string {
  const lines = [' N | backend       | connect ms | OS+privilege ms | gather confs+keys ms | gather cert ms | close ms'];
  for (const result of results) {
    const steps = result.engine?.medianStepsMs;
    if (!steps) continue;
    const cells = [steps.connect, steps.probe, steps.gather, steps.cert, steps.close].map((value, index) =>
      value.toFixed(0).padStart([10, 15, 20, 14, 8][index] ?? 8),
    );
    lines.push(`${String(result.n).padStart(2)} | ${configLabel(result).padEnd(13)} | ${cells.join(' | ')}`);
  }
  return lines.join('\n');
}
