// Where an emulated command's output goes: the channel, a pipe buffer, /dev/null or a file.
import type { WriteFile } from '../fs/write-file.js';

/** A byte sink; file sinks may throw a VfsError (disk full) or ConnectionDropped. */
export interface Sink {
  write(data: Buffer | string): void;
}

/** Discards everything (/dev/null, `>nul`, Out-Null). */
export const NULL_SINK: Sink = { write: () => undefined };

/** Collects output in memory (a pipe, a command substitution, a test). */
export class BufferSink implements Sink {
  private readonly chunks: Buffer[] = [];

  write(data: Buffer | string): void {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Everything written so far. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Writes into a file opened by a redirection or `tee`. */
export class FileSink implements Sink {
  constructor(readonly file: WriteFile) {}

  write(data: Buffer | string): void {
    this.file.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, null);
  }
}

/** A stream the channel exposes (stdout or stderr). */
export interface WritableLike {
  write(data: Buffer): boolean;
}

/** Writes to the SSH channel until `close()`; later writes (a command outliving `timeout`) vanish. */
export class ChannelSink implements Sink {
  private open = true;

  constructor(private readonly stream: WritableLike) {}

  write(data: Buffer | string): void {
    if (!this.open) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) return;
    try {
      this.stream.write(bytes);
    } catch {
      // The client went away; a real process would get SIGPIPE, we just stop writing.
      this.open = false;
    }
  }

  /** Stops forwarding. */
  close(): void {
    this.open = false;
  }
}

/** A sink that forwards until closed: what `timeout` gives its child so late output is dropped. */
export class GatedSink implements Sink {
  private open = true;

  constructor(private readonly inner: Sink) {}

  write(data: Buffer | string): void {
    if (this.open) this.inner.write(data);
  }

  /** Stops forwarding. */
  close(): void {
    this.open = false;
  }
}
