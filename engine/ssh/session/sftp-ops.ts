// SFTP operations with one request in flight at a time: no fastGet/fastPut (parallel chunks corrupt files on some servers).
import type { Attributes, FileEntry, SFTPWrapper } from 'ssh2';
import type { RemoteDirEntry, RemoteStat, RenameMethod } from './types.js';

/** Bytes per READ/WRITE request; below every server's limit (ssh2 assumes 34000 for non-OpenSSH servers). */
export const CHUNK = 32 * 1024;

/** Which request of an operation failed; a FAILURE status on a data write means something else than on open. */
export type SftpStage = 'open' | 'data' | 'close' | 'request';

/** Bytes moved so far, for the transcript (also when the operation fails midway). */
export interface ByteCounter {
  in: number;
  out: number;
}

/** An SFTP failure and the request it happened in. */
export class StagedSftpError extends Error {
  constructor(
    readonly stage: SftpStage,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function call<T>(stage: SftpStage, run: (callback: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      run((error, value) => (error ? reject(new StagedSftpError(stage, error)) : resolve(value)));
    } catch (error) {
      reject(new StagedSftpError(stage, error));
    }
  });
}

function closeQuietly(sftp: SFTPWrapper, handle: Buffer): Promise<void> {
  return call<void>('close', (cb) => sftp.close(handle, (error) => cb(error, undefined))).catch(() => undefined);
}

/** A file read that went over its byte cap; the session turns it into `output-too-large`. */
export class FileTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** Bytes read before stopping (0 when the file's announced size alone refused it). */
    readonly receivedBytes: number,
    /** The size the server announced for the open file, when it announced one. */
    readonly announcedBytes: number | undefined,
  ) {
    super('file over its cap');
  }
}

// The announced size lets an oversized file be refused before a single READ; a server may lie, so reads count too.
async function announcedSize(sftp: SFTPWrapper, handle: Buffer): Promise<number | undefined> {
  try {
    const attrs = await call<Attributes>('request', (cb) => sftp.fstat(handle, cb));
    return typeof attrs.size === 'number' && Number.isFinite(attrs.size) ? attrs.size : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a whole file, one READ at a time; stops as soon as more than `capBytes` arrived (FileTooLargeError). */
export async function readWhole(
  sftp: SFTPWrapper,
  path: string,
  counter: ByteCounter,
  capBytes = Number.MAX_SAFE_INTEGER,
): Promise<Buffer> {
  const handle = await call<Buffer>('open', (cb) => sftp.open(path, 'r', cb));
  const parts: Buffer[] = [];
  try {
    const announced = await announcedSize(sftp, handle);
    if (announced !== undefined && announced > capBytes) throw new FileTooLargeError(capBytes, 0, announced);
    for (let position = 0; ;) {
      // Never ask for more than one byte past the cap: that byte is enough to know the file is too large.
      const want = Math.min(CHUNK, capBytes + 1 - position);
      const buffer = Buffer.alloc(want);
      const got = await call<number>('data', (cb) =>
        sftp.read(handle, buffer, 0, want, position, (error, bytesRead) => cb(error, bytesRead)),
      );
      if (got === 0) break;
      counter.in += got;
      position += got;
      if (position > capBytes) throw new FileTooLargeError(capBytes, position, announced);
      parts.push(buffer.subarray(0, got));
    }
  } catch (error) {
    parts.length = 0;
    throw error;
  } finally {
    await closeQuietly(sftp, handle);
  }
  return Buffer.concat(parts);
}

/** Creates or truncates a file and writes it, one WRITE at a time; sets the mode exactly; fsyncs where offered. */
export async function writeWhole(
  sftp: SFTPWrapper,
  path: string,
  data: Buffer,
  mode: number | undefined,
  counter: ByteCounter,
): Promise<void> {
  const handle = await call<Buffer>('open', (cb) => sftp.open(path, 'w', mode === undefined ? {} : { mode }, cb));
  try {
    for (let offset = 0; offset < data.length; offset += CHUNK) {
      const chunk = data.subarray(offset, offset + CHUNK);
      await call<void>('data', (cb) => sftp.write(handle, chunk, 0, chunk.length, offset, (error) => cb(error, undefined)));
      counter.out += chunk.length;
    }
    // The mode given at open is reduced by the server's umask; set it explicitly.
    if (mode !== undefined) await call<void>('data', (cb) => sftp.fchmod(handle, mode, (error) => cb(error, undefined)));
    await fsyncIfOffered(sftp, handle);
  } catch (error) {
    await closeQuietly(sftp, handle);
    throw error;
  }
  // A close error matters here: some servers report a failed flush only now.
  await call<void>('close', (cb) => sftp.close(handle, (error) => cb(error, undefined)));
}

// ssh2 throws this synchronously (before sending anything) when the server did not advertise an extension.
function notAdvertised(error: unknown): boolean {
  return error instanceof StagedSftpError && /does not support this extended request/.test(error.message);
}

// fsync@openssh.com makes the data durable before a rename publishes it; skipped where not offered.
async function fsyncIfOffered(sftp: SFTPWrapper, handle: Buffer): Promise<void> {
  try {
    await call<void>('data', (cb) => sftp.ext_openssh_fsync(handle, (error) => cb(error, undefined)));
  } catch (error) {
    if (!notAdvertised(error)) throw error;
  }
}

/** The type of a file from its st_mode. */
export function fileType(mode: number): RemoteStat['type'] {
  switch (mode & 0o170000) {
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'symlink';
    default:
      return 'other';
  }
}

/** Plain-data status from SFTP attributes. */
export function toRemoteStat(attrs: Attributes): RemoteStat {
  return {
    type: fileType(attrs.mode),
    size: attrs.size,
    mode: attrs.mode,
    uid: attrs.uid,
    gid: attrs.gid,
    atime: attrs.atime,
    mtime: attrs.mtime,
  };
}

/** STAT (follows links). */
export async function statPath(sftp: SFTPWrapper, path: string): Promise<RemoteStat> {
  return toRemoteStat(await call<Attributes>('request', (cb) => sftp.stat(path, cb)));
}

// SSH_FX_EOF (draft-ietf-secsh-filexfer-02, 7): READDIR's "no more entries".
const SFTP_EOF = 1;

// What one listed entry costs in memory, roughly: its names plus the attributes' numbers.
const entryBytes = (entry: FileEntry): number => entry.filename.length + entry.longname.length + 64;

/**
 * Lists a directory, without `.` and `..`, sorted by name (bytewise). Read batch by batch over the open
 * handle (ssh2's path form collects until EOF with no bound): a server that never says EOF is stopped at
 * `capBytes` of listing with FileTooLargeError, the handle closed.
 */
export async function listDir(sftp: SFTPWrapper, path: string, capBytes = Number.POSITIVE_INFINITY): Promise<RemoteDirEntry[]> {
  const handle = await call<Buffer>('request', (cb) => sftp.opendir(path, cb));
  const entries: FileEntry[] = [];
  let received = 0;
  try {
    for (;;) {
      const batch = await call<FileEntry[] | false>('request', (cb) =>
        sftp.readdir(handle, (error: (Error & { code?: number }) | undefined, list: FileEntry[] | false) =>
          error?.code === SFTP_EOF ? cb(undefined, false) : cb(error, list),
        ),
      );
      if (batch === false) break;
      for (const entry of batch) {
        received += entryBytes(entry);
        if (received > capBytes) throw new FileTooLargeError(capBytes, received, undefined);
        entries.push(entry);
      }
    }
  } catch (error) {
    await closeQuietly(sftp, handle);
    throw error;
  }
  await closeQuietly(sftp, handle);
  return entries
    .filter((entry) => entry.filename !== '.' && entry.filename !== '..')
    .map((entry) => ({ name: entry.filename, longname: entry.longname, stat: toRemoteStat(entry.attrs) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** posix-rename@openssh.com where advertised (replaces the target atomically), else plain RENAME. */
export async function renamePath(sftp: SFTPWrapper, from: string, to: string): Promise<RenameMethod> {
  try {
    await call<void>('request', (cb) => sftp.ext_openssh_rename(from, to, (error) => cb(error, undefined)));
    return 'posix-rename';
  } catch (error) {
    if (!notAdvertised(error)) throw error;
  }
  await call<void>('request', (cb) => sftp.rename(from, to, (error) => cb(error, undefined)));
  return 'rename';
}

/** REMOVE of a file. */
export function removeFile(sftp: SFTPWrapper, path: string): Promise<void> {
  return call<void>('request', (cb) => sftp.unlink(path, (error) => cb(error, undefined)));
}

/** MKDIR (the server applies its umask to `mode`). */
export function makeDir(sftp: SFTPWrapper, path: string, mode: number | undefined): Promise<void> {
  return call<void>('request', (cb) => sftp.mkdir(path, mode === undefined ? {} : { mode }, (error) => cb(error, undefined)));
}
