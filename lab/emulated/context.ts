// What every part of one emulated host shares, and what one SSH connection adds.
import type { LabInstance } from '../spec.js';
import type { FaultState } from './faults.js';
import type { Caller } from './fs/policy.js';
import type { Vfs } from './fs/vfs.js';
import type { InputSource } from './io/input.js';
import type { Sink } from './io/sinks.js';
import type { EmulatedCredentials, ServiceLike, SudoMode } from './types.js';
import type { ServiceManager } from './windows/scm.js';

/** Per-host state: lives as long as the host, shared by all its connections. */
export interface HostContext {
  readonly instance: LabInstance;
  readonly credentials: EmulatedCredentials;
  readonly sudo: SudoMode;
  readonly service: ServiceLike;
  readonly vfs: Vfs;
  readonly faults: FaultState;
  /** The Windows service control manager's view of the service (pending states). */
  readonly scm: ServiceManager;
}

/** Per-connection state. */
export interface SessionContext {
  readonly host: HostContext;
  /** Destroys this connection's socket at once (drop-mid-write). */
  drop(): void;
}

/** The three standard streams of an emulated command. */
export interface CommandIo {
  readonly stdin: InputSource;
  readonly stdout: Sink;
  readonly stderr: Sink;
}

/** The file-system identity of a command: root or the login user, on this connection. */
export function callerFor(session: SessionContext, root: boolean): Caller {
  return { root, drop: () => session.drop() };
}
