// The one vocabulary both host dialects speak: what a step (audit, apply) may ask of any host.
import type { SshSession } from '../../ssh/session/index.js';
import type { Instance } from '../../../shared/project/schema.js';
import type { ServiceController, ServiceDetection, ServiceLocation } from './service-types.js';

/** Operating system of a host, as detected (never as assumed). */
export type HostOs = Instance['os'];

/** A way to root or Administrator rights, in the project file's words ('sudo' is sudo without a password). */
export type Privilege = Instance['privilege'];

/** What the first probes found out about the host. */
export interface HostDetection {
  readonly os: HostOs;
  /** The shell sshd hands commands to: sh on Linux; cmd.exe or PowerShell (a customer's DefaultShell) on Windows. */
  readonly shell: 'posix-sh' | 'cmd' | 'powershell';
  /** `uname -s` on Linux; `[Environment]::OSVersion.VersionString` on Windows. */
  readonly system: string;
  /** Windows PowerShell version (`$PSVersionTable.PSVersion`), Windows only. */
  readonly powershellVersion?: string;
}

/** Which privilege works on the host, and whether it is the one the project declares. */
export interface PrivilegeReport {
  /** The least demanding method that works ('none' when nothing does). */
  readonly detected: Privilege | 'none';
  readonly declared: Privilege | undefined;
  /** detected === declared; undefined when nothing was declared. */
  readonly matches: boolean | undefined;
  /** What was tried and what the host answered, for the pre-check report. */
  readonly detail: string;
}

/** A file's size and, on Linux, its permission bits and owner. */
export interface FileFacts {
  readonly size: number;
  /** Permission bits (`0o644`); Linux only (Windows rights are ACLs). */
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** One directory entry (never `.` or `..`). */
export interface HostDirEntry {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime: number;
}

/** Path arithmetic in the host's own syntax (never node:path, which follows the machine running the engine). */
export interface HostPaths {
  /** Throws HostError 'invalid-path' unless the path is absolute, canonical and free of NUL. */
  check(path: string): string;
  dirname(path: string): string;
  basename(path: string): string;
  join(dir: string, name: string): string;
}

/** Default bound of one host operation (a command or an SFTP request). */
export const DEFAULT_HOST_TIMEOUT_MS = 30_000;

/** Options of a dialect, whichever the OS. */
export interface DialectOptions {
  /** Default bound of each remote command and SFTP operation (default 30 s). */
  readonly timeoutMs?: number;
  /** The sudo password when it is not the login password (e.g. from a `password` prompt, purpose sudo). */
  readonly sudoPassword?: () => Promise<string | undefined>;
}

/** Per-call bound; the dialect's default applies when absent. */
export interface CallOptions {
  readonly timeoutMs?: number;
}

/** Files and directory contents wanted in one round trip. */
export interface GatherRequest {
  readonly files: readonly string[];
  readonly dirs?: readonly { readonly path: string; readonly suffix: string }[];
  /**
   * Folders the items must stay in (the service folder): every item must lie lexically inside one, and an
   * item (or folder entry) that is a symbolic link, or lies under one below that folder, is not read at
   * all, not even by root; it is reported in `GatherResult.links`. Linux dialect only (docs/HOST-DIALECTS.md).
   */
  readonly within?: readonly string[];
}

/** What one gather found: exact bytes, or undefined when missing; for dirs, every regular file whose name ends with suffix (undefined when the dir is missing). */
export interface GatherResult {
  readonly files: ReadonlyMap<string, Buffer | undefined>;
  readonly dirs: ReadonlyMap<string, ReadonlyMap<string, Buffer> | undefined>;
  /**
   * With `within`: items and folder entries not read because a symbolic link is on their way, by path,
   * with where the host resolves them (`readlink -f`; '' when it could not). Such a file shows as missing
   * in `files`, such a folder as missing in `dirs`, such an entry not at all: check here first.
   */
  readonly links?: ReadonlyMap<string, string>;
}

/** One kind of host, over one SSH session: files, digests, privilege and service control. */
export interface HostDialect {
  readonly os: HostOs;
  readonly session: SshSession;
  readonly detection: HostDetection;
  readonly paths: HostPaths;
  /** Finds which privilege works (remembered for later privileged commands) and compares it with `declared`. */
  detectPrivilege(declared?: Privilege, options?: CallOptions): Promise<PrivilegeReport>;
  /** The file's exact bytes (Linux: falls back to a privileged read when SFTP may not read it). */
  readFile(path: string, options?: CallOptions): Promise<Buffer>;
  /** Reads all of it with ONE remote command (privileged when the detected privilege allows and a plain read is refused). */
  gather(request: GatherRequest, options?: CallOptions): Promise<GatherResult>;
  /** Directory entries, sorted by name. */
  listDir(path: string, options?: CallOptions): Promise<HostDirEntry[]>;
  /** Lower-case hex SHA-256 computed on the host; `privileged` forces root/sudo on Linux. */
  sha256(path: string, options?: CallOptions & { readonly privileged?: boolean }): Promise<string>;
  /** Size, mode and owner; undefined when the file does not exist. */
  fileFacts(path: string, options?: CallOptions): Promise<FileFacts | undefined>;
  /** Copies a file keeping what the OS lets a copy keep (Linux `cp -p`: mode, owner, times). */
  copyFile(from: string, to: string, options?: CallOptions): Promise<void>;
  /** Where new bytes for `tempPath` are uploaded: `tempPath` itself, or a staging file the login user may write. */
  stagingPathFor(tempPath: string, options?: CallOptions): Promise<string>;
  /** Writes bytes over SFTP in one stream. */
  upload(path: string, bytes: Buffer, options?: CallOptions): Promise<void>;
  /** Copies a staged upload to `tempPath` with privilege, giving it `like`'s mode and owner. */
  install(staged: string, tempPath: string, like: FileFacts, options?: CallOptions): Promise<void>;
  /** Renames `from` over `to` within one directory; returns how (for the report). */
  replace(from: string, to: string, options?: CallOptions): Promise<string>;
  /** Removes a file (with privilege where needed); a missing file is not an error. */
  remove(path: string, options?: CallOptions): Promise<void>;
  /** Which service-control method this host has, with the evidence; 'unknown' is never guessed past. */
  detectService(location?: ServiceLocation, options?: CallOptions): Promise<ServiceDetection>;
  /** A controller for the detected method; throws HostError 'service-unknown' when there is none. */
  serviceController(location?: ServiceLocation, options?: CallOptions): Promise<ServiceController>;
}
