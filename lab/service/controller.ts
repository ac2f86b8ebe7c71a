import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { LabInstance } from '../spec.js';
import { configBaseline } from './config-baseline.js';
import { serviceFiles } from './service-files.js';
import { isServiceProcess, readPidFile } from './service-process.js';
import { spawnService } from './spawn-service.js';
import { withUnitLock } from './unit-lock.js';

export { waitForPong } from './wait-for-pong.js';

/** The outcome of start or stop, worded for a person (systemctl stand-ins print it). */
export interface ControlResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Service state as systemd reports it for cybertrace.service. */
export type ServiceStatus = 'active' | 'inactive' | 'failed';

/** Controls one lab instance's simulated CyberTrace service; any number may exist, in any processes. */
export interface ServiceController {
  start(): Promise<ControlResult>;
  stop(): Promise<ControlResult>;
  status(): Promise<ServiceStatus>;
}

/** How to run the simulator. */
export interface ServiceControllerOptions {
  /** dist/lab/kl_feed_service.js */
  readonly simulatorPath: string;
  /** Default: the running Node. */
  readonly nodePath?: string;
  /** Passed as --ready-delay-ms; the simulator's default (1000) otherwise. */
  readonly readyDelayMs?: number;
}

// A start is judged like systemd judges Type=simple: still running after this long means started.
// A loaded machine can take longer than the window to boot node: the simulator's "listening on" line
// (config accepted, port bound) settles the start, and the window only bounds a child that never says so.
const START_SETTLE_MAX_MS = 30_000;
const LISTENING_LINE = /^\S+ INFO listening on /;
const STOP_GRACE_MS = 5000;
const KILL_WAIT_MS = 2000;

/**
 * Creates a controller. All state lives in files under instance.stateDir (pid, log, failed marker,
 * config baseline), so a controller in a long-running daemon and one in a short-lived `systemctl`
 * stand-in see the same service.
 */
export function createServiceController(instance: LabInstance, options: ServiceControllerOptions): ServiceController {
  const files = serviceFiles(instance);
  const refuseStart = instance.faults.some((fault) => fault.kind === 'refuse-start');
  // Recorded now, at creation: the config "as it was" before anyone edits it.
  if (refuseStart) configBaseline(files.configPath, files.baselineFile);

  const livePid = async (): Promise<number | undefined> => {
    const pid = await readPidFile(files.pidFile);
    return pid !== undefined && isServiceProcess(pid, files.binDir) ? pid : undefined;
  };
  const clearState = (): Promise<unknown> => Promise.all([rm(files.pidFile, { force: true }), rm(files.failedFile, { force: true })]);
  const locked = async (job: () => Promise<ControlResult>): Promise<ControlResult> => {
    await mkdir(instance.stateDir, { recursive: true });
    return withUnitLock(files.lockFile, job).catch((error: unknown) => ({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    }));
  };

  return {
    async status() {
      if ((await livePid()) !== undefined) return 'active';
      // A pid file whose process is gone: it died without being stopped.
      return existsSync(files.pidFile) || existsSync(files.failedFile) ? 'failed' : 'inactive';
    },
    start: () => locked(start),
    stop: () => locked(stop),
  };

  async function start(): Promise<ControlResult> {
    const running = await livePid();
    if (running !== undefined) return { ok: true, message: `already active (pid ${running})` };
    await clearState();
    const args = [options.simulatorPath, '--bin-dir', files.binDir, '-c', files.configPath, '-p', files.pidFile, '--log', files.logFile];
    args.push('--bind-address', instance.address);
    if (options.readyDelayMs !== undefined) args.push('--ready-delay-ms', String(options.readyDelayMs));
    const baseline = refuseStart ? configBaseline(files.configPath, files.baselineFile) : undefined;
    if (baseline !== undefined) args.push('--refuse-if-config-changed-from', baseline);
    const outcome = await spawnService({
      nodePath: options.nodePath ?? process.execPath,
      args,
      logFile: files.logFile,
      watchMs: START_SETTLE_MAX_MS,
      settledLine: LISTENING_LINE,
    });
    if (outcome.kind === 'exited') {
      await writeFile(files.failedFile, `${outcome.message}\n`);
      return { ok: false, message: outcome.message };
    }
    // The simulator writes its pid file too; writing it here as well closes the gap before it does.
    writeFileSync(files.pidFile, `${outcome.pid}\n`);
    return { ok: true, message: `started (pid ${outcome.pid})` };
  }

  async function stop(): Promise<ControlResult> {
    const pid = await livePid();
    if (pid === undefined) {
      await clearState();
      return { ok: true, message: 'not running' };
    }
    try {
      process.kill(pid, 'SIGTERM');
    } catch (error) {
      return { ok: false, message: `cannot signal pid ${pid}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
    let forced = false;
    if (!(await exitsWithin(pid, files.binDir, STOP_GRACE_MS))) {
      forced = true;
      process.kill(pid, 'SIGKILL');
      if (!(await exitsWithin(pid, files.binDir, KILL_WAIT_MS))) return { ok: false, message: `pid ${pid} survived SIGKILL` };
    }
    await clearState();
    return { ok: true, message: forced ? `stopped (pid ${pid} killed after ${STOP_GRACE_MS} ms)` : `stopped (pid ${pid})` };
  }
}

async function exitsWithin(pid: number, binDir: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isServiceProcess(pid, binDir)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isServiceProcess(pid, binDir);
}
