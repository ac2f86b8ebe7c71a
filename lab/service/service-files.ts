import { join } from 'node:path';
import { hostJoin, hostPathToLocal } from '../host-paths.js';
import type { LabInstance } from '../spec.js';

/** Local paths the service controller works with for one lab instance. */
export interface ServiceFiles {
  /** `<serviceDir>/bin`: the simulator's --bin-dir, and the marker that identifies its process. */
  readonly binDir: string;
  /** Linux `<serviceDir>/etc/kl_feed_service.conf`; Windows `<serviceDir>\bin\kl_feed_service.conf` (REFERENCE.md 1.2). */
  readonly configPath: string;
  /** Everything below is lab runtime state, kept in stateDir so any process can pick it up. */
  readonly pidFile: string;
  readonly logFile: string;
  /** Present after a start that failed: holds the error line, so status says `failed`. */
  readonly failedFile: string;
  /** Held while a start or stop runs, so jobs on one unit never overlap. */
  readonly lockFile: string;
  /** SHA-256 of the config when the first controller for the instance was created (fault refuse-start). */
  readonly baselineFile: string;
}

/** Maps an instance's service layout to local paths. */
export function serviceFiles(instance: LabInstance): ServiceFiles {
  const configDir = instance.os === 'linux' ? 'etc' : 'bin';
  const state = (name: string): string => join(instance.stateDir, name);
  return {
    binDir: hostPathToLocal(instance, hostJoin(instance.os, instance.serviceDir, 'bin')),
    configPath: hostPathToLocal(instance, hostJoin(instance.os, instance.serviceDir, configDir, 'kl_feed_service.conf')),
    pidFile: state('kl_feed_service.pid'),
    logFile: state('kl_feed_service.log'),
    failedFile: state('kl_feed_service.failed'),
    lockFile: state('kl_feed_service.lock'),
    baselineFile: state('kl_feed_service.conf.sha256'),
  };
}
