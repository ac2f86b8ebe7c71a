// Open SFTP handles of one session: files (read-only or writable) and directory listings.
import type { FileEntry } from 'ssh2';
import type { WriteFile } from '../fs/write-file.js';
import { closeQuietly } from '../fs/vfs.js';

/** A file handle: a local descriptor, plus the write side when opened for writing. */
export interface FileHandle {
  readonly kind: 'file';
  readonly path: string;
  readonly fd: number;
  readonly writer?: WriteFile;
}

/** A directory handle: the entries still to hand out. */
export interface DirHandle {
  readonly kind: 'dir';
  readonly path: string;
  pending: FileEntry[] | null;
}

/** One open handle. */
export type Handle = FileHandle | DirHandle;

/** OpenSSH's sftp-server allows 512 open handles per session. */
export const MAX_HANDLES = 512;

/** Handle ids are 4-byte big-endian counters, opaque to the client. */
export class HandleTable {
  private next = 1;
  private readonly open = new Map<number, Handle>();

  /** Registers a handle and returns its wire form, or null when the table is full. */
  add(handle: Handle): Buffer | null {
    if (this.open.size >= MAX_HANDLES) return null;
    const id = this.next++;
    this.open.set(id, handle);
    const wire = Buffer.alloc(4);
    wire.writeUInt32BE(id);
    return wire;
  }

  /** The handle for a wire id, if open. */
  get(wire: Buffer): Handle | undefined {
    return wire.length === 4 ? this.open.get(wire.readUInt32BE()) : undefined;
  }

  /** Closes and forgets a handle; false when it was not open. */
  close(wire: Buffer): boolean {
    const handle = this.get(wire);
    if (!handle) return false;
    this.open.delete(wire.readUInt32BE());
    if (handle.kind === 'file') {
      if (handle.writer) handle.writer.close();
      else closeQuietly(handle.fd);
    }
    return true;
  }

  /** Closes everything (the session ended). */
  closeAll(): void {
    for (const id of [...this.open.keys()]) {
      const wire = Buffer.alloc(4);
      wire.writeUInt32BE(id);
      try {
        this.close(wire);
      } catch {
        // Already closed by a dropped connection.
      }
    }
  }
}
