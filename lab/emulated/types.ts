// Public vocabulary of the emulated backend: what a caller passes in and gets back.
import type { LabInstance } from '../spec.js';

/** The answer of a service-control call, as the lab's service stand-in reports it. */
export interface ServiceResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Run state of the CyberTrace service, in systemd's words. */
export type ServiceState = 'active' | 'inactive' | 'failed';

/** The service behind the emulated host (the real one lives in lab/service; tests inject a fake). */
export interface ServiceLike {
  start(): Promise<ServiceResult>;
  stop(): Promise<ServiceResult>;
  status(): Promise<ServiceState>;
}

/** How `sudo` treats the login user on an emulated Linux host. */
export type SudoMode = 'password' | 'nopasswd';

/** Login credentials the emulated host accepts (only this user may log in). */
export interface EmulatedCredentials {
  readonly user: string;
  readonly password: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA... comment`). */
  readonly publicKey: string;
}

/** Everything `startEmulatedHost` needs. */
export interface EmulatedHostOptions {
  readonly instance: LabInstance;
  readonly credentials: EmulatedCredentials;
  /** OpenSSH private host key; the `host-key-changed` fault is the caller passing a different one. */
  readonly hostKey: string;
  readonly service: ServiceLike;
  /** Linux only; default 'password' (sudo asks for the login password, `sudo -n` fails). */
  readonly sudo?: SudoMode;
}

/** A running emulated host. */
export interface EmulatedHost {
  readonly port: number;
  readonly address: string;
  /** Closes every connection and the listening socket; resolves once the port is free. */
  stop(): Promise<void>;
}
