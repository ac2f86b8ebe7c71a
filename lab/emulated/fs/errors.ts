// errno-style failures of the emulated file system; each front end (SFTP, sh, PowerShell) words them its own way.

/** The errno values the emulation produces. */
export type VfsCode =
  'ENOENT' | 'EACCES' | 'EPERM' | 'EEXIST' | 'EISDIR' | 'ENOTDIR' | 'ENOTEMPTY' | 'ENOSPC' | 'EXDEV' | 'EINVAL' | 'ENOSYS';

const MESSAGES: Record<VfsCode, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EEXIST: 'File exists',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOTEMPTY: 'Directory not empty',
  ENOSPC: 'No space left on device',
  EXDEV: 'Invalid cross-device link',
  EINVAL: 'Invalid argument',
  ENOSYS: 'Function not implemented',
};

/** A failed file-system call on a host path. */
export class VfsError extends Error {
  constructor(
    readonly code: VfsCode,
    readonly hostPath: string,
  ) {
    super(`${hostPath}: ${MESSAGES[code]}`);
    this.name = 'VfsError';
  }

  /** The C library's text for the code (`strerror`), as Linux tools print it. */
  get text(): string {
    return MESSAGES[this.code];
  }
}

/** Thrown once the `drop-mid-write` fault has cut the connection: nothing more may be sent. */
export class ConnectionDropped extends Error {
  constructor() {
    super('connection dropped by the drop-mid-write fault');
    this.name = 'ConnectionDropped';
  }
}

/** Converts a Node fs error into a VfsError for the host path (unknown codes become EINVAL); rethrows a drop. */
export function fromNodeError(error: unknown, hostPath: string): VfsError {
  if (error instanceof ConnectionDropped) throw error;
  if (error instanceof VfsError) return error;
  const nodeCode = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = nodeCode !== undefined && nodeCode in MESSAGES ? (nodeCode as VfsCode) : 'EINVAL';
  return new VfsError(known, hostPath);
}
