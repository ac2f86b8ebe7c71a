// What the audit reads from one instance and what the fixers hand back: the seam between the SSH side and the config model.
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { SemanticChange } from '../xml/types.js';

/** One file as read from a host: its exact bytes, or the fact that it is not there. */
export type HostFile =
  | { readonly path: string; readonly present: true; readonly bytes: Uint8Array; readonly sha256: string }
  | { readonly path: string; readonly present: false; readonly reason: string };

/** Every file of one instance the eight requirements need, as read in one pass. */
export interface InstanceFiles {
  readonly os: 'linux' | 'windows';
  /** `%service_dir%` as detected or as the project gives it. */
  readonly serviceDir: string;
  readonly serviceConf: HostFile;
  readonly feedUtilConf: HostFile;
  /** The PEM named by kl_feed_util.conf's CertFile, resolved on the host; undefined when CertFile is absent. */
  readonly certificate?: HostFile;
  /** `%service_dir%/httpsrv/lic` and its `*.key` files (sorted by name); present: false when the directory is missing. */
  readonly licenseDir: { readonly path: string; readonly present: boolean; readonly keys: readonly HostFile[] };
}

/** What the requirements need to know beyond the files. */
export interface ObserveContext {
  /** Name of the Balancer request-id rule (project.reqRuleName, default REQ). */
  readonly reqRuleName: string;
  /** Balancer's address and cybertrace_port, when known (project or kl_balancer.conf); the alerts item is unknown without it. */
  readonly balancer?: { readonly host: string; readonly cybertracePort: number };
}

/** One file change the plan proposes and the apply step writes; the same object drives the preview and the write. */
export interface FileChange {
  readonly path: string;
  readonly requirements: readonly RequirementId[];
  /** edit: new bytes of an existing file; copy: bytes copied from the reference; set-aside: an extra file renamed out of the way. */
  readonly kind: 'edit' | 'copy' | 'set-aside';
  /** SHA-256 of the bytes read (undefined when the file does not exist yet). */
  readonly beforeSha256: string | undefined;
  /** New bytes (for set-aside: the file's unchanged bytes, written under `newPath`). */
  readonly afterBytes: Uint8Array;
  readonly afterSha256: string;
  /** For set-aside: where the file goes. */
  readonly newPath?: string;
  /** The service must be stopped before this change and started after it. */
  readonly restart: boolean;
  readonly unifiedDiff: string;
  readonly semanticChanges: readonly SemanticChange[];
}

/** A requirement the plan cannot fix on an instance, and why (manual steps, or an edit that failed its own checks). */
export interface PlanRefusal {
  readonly requirement: RequirementId;
  readonly reason: string;
}
