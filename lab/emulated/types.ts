// Public vocabulary of the emulated backend: what a caller passes in and gets back.
import type { ServiceController } from '../service/controller.js';
import type { LabInstance } from '../spec.js';

// The service behind the emulated host is the lab's service controller (lab/service); tests inject a fake.
export type { ControlResult as ServiceResult, ServiceStatus as ServiceState } from '../service/controller.js';
/** What the emulated host's systemctl, sc.exe and kl_control.bat drive. */
export type ServiceLike = ServiceController;

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
