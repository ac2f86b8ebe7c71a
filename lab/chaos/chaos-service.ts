// The CyberTrace service of a chaos host, run in this process: the lab's simulator without a process
// per start, so hundreds of stop/start cycles fit in the run's time bound.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createMemoryLog, startFeedService, type RunningFeedService } from '../simulator/index.js';
import type { ServiceController, ServiceStatus } from '../service/controller.js';
import { serviceFiles } from '../service/service-files.js';
import type { LabInstance } from '../spec.js';

/** A service controller the chaos run can also arm with `refuse-start` between iterations. */
export interface ChaosService extends ServiceController {
  /** refuse-start from now on: any start with a config other than the present one fails, as the lab's fault does. */
  armRefuseStart(): void;
  /** Back to a service that starts whenever its config is valid. */
  disarm(): void;
}

/**
 * Starts and stops the Feed Service simulator in-process on the instance's address and input port.
 * Like the lab's controller (lab/service/controller.ts) a start loads the config and fails with the
 * simulator's refusal; unlike it, there is no watch window, so a cycle costs milliseconds.
 */
export function createChaosService(instance: LabInstance, readyDelayMs: number): ChaosService {
  const files = serviceFiles(instance);
  let running: RunningFeedService | undefined;
  let failed = false;
  let baseline: string | undefined;
  // One job at a time, as systemd runs jobs on one unit.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    status: (): Promise<ServiceStatus> => Promise.resolve(running ? 'active' : failed ? 'failed' : 'inactive'),
    start: () =>
      serial(async () => {
        if (running) return { ok: true, message: 'already active' };
        try {
          running = await startFeedService({
            configPath: files.configPath,
            binDir: files.binDir,
            bindAddress: instance.address,
            readyDelayMs,
            alertTimeoutMs: 200,
            log: createMemoryLog(),
            ...(baseline === undefined ? {} : { refuseIfConfigChangedFrom: baseline }),
          });
          failed = false;
          return { ok: true, message: 'started' };
        } catch (error) {
          failed = true;
          return { ok: false, message: `kl_feed_service exited with code 1: ${error instanceof Error ? error.message : String(error)}` };
        }
      }),
    stop: () =>
      serial(async () => {
        const stopping = running;
        running = undefined;
        failed = false;
        if (stopping) await stopping.stop();
        return { ok: true, message: stopping ? 'stopped' : 'not running' };
      }),
    armRefuseStart: () => {
      baseline = createHash('sha256').update(readFileSync(files.configPath)).digest('hex');
    },
    disarm: () => {
      baseline = undefined;
    },
  };
}
