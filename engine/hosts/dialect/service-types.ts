// Service control in words common to systemd, the Windows SCM and kl_control.bat (REFERENCE.md 2).

/** How a host controls CyberTrace: Linux systemd, Windows sc.exe (4.2+), or kl_control.bat (4.0/4.1). */
export type ServiceMethod = 'systemctl' | 'sc' | 'kl_control';

/** Run state in systemd's words; Windows SCM states map onto them. */
export type ServiceState = 'active' | 'inactive' | 'failed' | 'activating' | 'deactivating' | 'unknown';

/** Where the service lives; Windows needs `serviceDir` to find kl_control.bat. */
export interface ServiceLocation {
  /** `%service_dir%` as the host writes it. */
  readonly serviceDir?: string;
}

/** The method found on the host and the facts that decided it. */
export interface ServiceDetection {
  readonly method: ServiceMethod | 'unknown';
  /** One line per probe, e.g. `sc.exe query cybertrace: exit 0 (RUNNING)`. */
  readonly evidence: readonly string[];
}

/** A state as read from the host, with the host's own words. */
export interface ServiceStatus {
  readonly state: ServiceState;
  /** What the host printed (trimmed), for the report. */
  readonly raw: string;
}

/** What a start or stop did. */
export interface ServiceActionResult {
  readonly action: 'start' | 'stop';
  readonly method: ServiceMethod;
  /** 'already': the service was in the wanted state before (sc 1056/1062, systemctl no-op). */
  readonly outcome: 'changed' | 'already';
  /** The state read after the action. */
  readonly state: ServiceState;
  readonly exitCode: number | null;
}

/** Bounds of a service call: each command, and the wait for a pending start/stop to settle. */
export interface ServiceCallOptions {
  readonly timeoutMs?: number;
  /** How long to wait for START_PENDING/STOP_PENDING to end (Windows sc); default 60 s. */
  readonly settleMs?: number;
}

/** Start, stop and status through the one method the host was found to have. */
export interface ServiceController {
  readonly method: ServiceMethod;
  status(options?: ServiceCallOptions): Promise<ServiceStatus>;
  /** Starts and waits until the host reports it running; already running is success. Throws HostError 'service-failed'. */
  start(options?: ServiceCallOptions): Promise<ServiceActionResult>;
  /** Stops and waits until stopped; already stopped is success. Throws HostError 'service-failed'. */
  stop(options?: ServiceCallOptions): Promise<ServiceActionResult>;
}
