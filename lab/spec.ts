// The lab's vocabulary, shared by the simulator, the host trees, both backends and `ctha lab`.

/** CyberTrace versions the lab can build trees for (4.1: Windows uses kl_control.bat; 4.2+: sc.exe). */
export const LAB_VERSIONS = ['4.1', '4.4', '5.1'] as const;
/** A CyberTrace version of a lab host. */
export type LabVersion = (typeof LAB_VERSIONS)[number];

/** Operating system of a lab host. */
export type LabOs = 'linux' | 'windows';

/** Which lab backend serves a host: real OpenSSH (Linux only, root) or an in-process ssh2 emulation. */
export type LabBackend = 'openssh' | 'emulated';

/** Seeded configuration differences from the reference, one per HA requirement that can drift. */
export const DRIFT_PRESETS = [
  'feeds', // a different set of enabled Kaspersky feeds (req 2)
  'req-missing', // no REQ rule (req 6)
  'req-regex', // REQ with another regex (req 6)
  'req-type', // REQ with another type (req 6)
  'event-format', // EventFormat not starting with %REQ% (req 7)
  'finished-disabled', // FinishedEventFormat enabled="false" (req 8)
  'finished-absent', // no FinishedEventFormat element (req 8)
  'export-tasks', // different IoCExport tasks (req 5)
  'license', // a different license key file (req 4)
  'certificate', // a different feeds certificate (req 1)
  'alerts', // service alerts not sent to Balancer (optional item)
] as const;
/** One drift preset. */
export type DriftPreset = (typeof DRIFT_PRESETS)[number];

/**
 * Seeded differences on the Balancer's side (issue 14): they change the Balancer's files, never an
 * instance's tree. Given in `--drift` like the others; a list applies to every instance but the first.
 */
export const BALANCER_DRIFT_PRESETS = [
  'balancer-license', // Balancer's licence folder holds another key than the instances' (REFERENCE 3.1 item 4, 3.2)
  'balancer-cert-stale', // the certificate Balancer stored for the instance is an earlier one (REFERENCE 3.6)
  'balancer-missing-instance', // the last instance is not listed in Instances/Instance (REFERENCE 3.3)
] as const;
/** One Balancer drift preset. */
export type BalancerDriftPreset = (typeof BALANCER_DRIFT_PRESETS)[number];

/** Seeded faults of a host. */
export const FAULT_PRESETS = [
  'refuse-start', // the service refuses to start once its config differs from the original
  'drop-mid-write', // the SSH connection drops while a file is being written
  'disk-full', // writes fail with "no space left on device"
  'permission-denied', // writes to the service tree fail with "permission denied"
  'host-key-changed', // the host key differs from the one recorded in the lab's known_hosts
  'silent', // accepts TCP but never says anything
  'slow', // every answer delayed (FaultSpec.latencyMs)
  'flood', // every command answers with an endless stream on stdout (FaultSpec.floodBytes to end it); SFTP unchanged
  'balancer-refuses-start', // on the Balancer's host: the first start with its files changed comes up without listening on matching_port
] as const;
/** One fault preset. */
export type FaultPreset = (typeof FAULT_PRESETS)[number];

/** A fault as configured on one host. */
export interface FaultSpec {
  readonly kind: FaultPreset;
  /** For `slow`: added delay per answer, default 1500 ms. */
  readonly latencyMs?: number;
  /** For `flood`: bytes each command prints before it ends; endless when absent. */
  readonly floodBytes?: number;
}

/** How a host controls the CyberTrace service (REFERENCE.md section 2). */
export type ServiceControl = 'systemctl' | 'kl_control' | 'sc';

/** Credentials the lab gives its login user; lab-only, written to lab.json, never to a project file. */
export interface LabCredentials {
  readonly user: string;
  readonly password: string;
  /** OpenSSH private key file (unencrypted) and its public key line. */
  readonly privateKeyPath: string;
  readonly publicKey: string;
}

/** Everything about one lab host that the parts of the lab agree on. */
export interface LabInstance {
  readonly name: string;
  readonly os: LabOs;
  readonly version: LabVersion;
  readonly backend: LabBackend;
  /** Loopback address the host's sshd and service bind to (127.0.0.x). */
  readonly address: string;
  readonly sshPort: number;
  /** CyberTrace input port (InputSettings/ConnectionString); each host has its own address, so ports repeat. */
  readonly inputPort: number;
  /** `%service_dir%` as the host sees it: `/opt/kaspersky/ktfs` or `C:\Program Files\Kaspersky Lab\Kaspersky CyberTrace`. */
  readonly serviceDir: string;
  /** Local folder holding the host's files: host path `/x/y` is `<rootDir>/x/y`; `C:\x\y` is `<rootDir>/C/x/y`. */
  readonly rootDir: string;
  /** Local folder for the host's runtime state (pid files, logs of the lab itself). */
  readonly stateDir: string;
  readonly serviceControl: ServiceControl;
  readonly drift: readonly DriftPreset[];
  readonly faults: readonly FaultSpec[];
}

/** The Balancer the lab describes in its trees (kl_balancer.conf); its alert port receives service alerts. */
export interface LabBalancer {
  readonly address: string;
  readonly matchingPort: number;
  readonly apiPort: number;
  readonly cybertracePort: number;
  /** Balancer drift, each with the instances it concerns (the stale certificate's, the unlisted one). */
  readonly drift?: readonly { readonly preset: BalancerDriftPreset; readonly instances: readonly string[] }[];
  /**
   * The instance whose host runs the Balancer too (REFERENCE 3.2, "a host that has CyberTrace"): its
   * files then sit in that host's `%service_dir%` and `cybertrace_balancer.service` runs there.
   */
  readonly host?: string;
}

/** Linux `%service_dir%` (REFERENCE.md 1.2). */
export const LINUX_SERVICE_DIR = '/opt/kaspersky/ktfs';
/** Windows `%service_dir%` used by the lab; the real default is undocumented, so projects may override it. */
export const WINDOWS_SERVICE_DIR = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace';

/** The service-control method a host of this OS and version uses. */
export function serviceControlFor(os: LabOs, version: LabVersion): ServiceControl {
  if (os === 'linux') return 'systemctl';
  return version === '4.1' ? 'kl_control' : 'sc';
}
