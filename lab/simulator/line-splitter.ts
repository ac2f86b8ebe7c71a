// Events are UTF-8 lines: LF ends one, CR is ignored wherever it appears (REFERENCE.md 1.9).
// Splitting happens on bytes, so a multi-byte character cut between two TCP chunks survives.

/** Default cap on one event: a longer line means a broken or hostile client, and the connection is dropped. */
export const MAX_EVENT_BYTES = 64 * 1024;

/** Accumulates bytes and hands back complete lines; `overflow` once a line exceeds the cap. */
export interface LineSplitter {
  push(chunk: Buffer): string[] | 'overflow';
  /** Bytes of the unfinished line; discarded at end of stream, since only LF ends an event. */
  readonly pendingBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Removes every CR byte from a chunk (CR is ignored in the stream, not only before LF). */
export function withoutCarriageReturns(chunk: Buffer): Buffer {
  if (!chunk.includes(CR)) return chunk;
  return Buffer.from(chunk.filter((byte) => byte !== CR));
}

/** Creates a splitter for one connection. */
export function createLineSplitter(maxLineBytes = MAX_EVENT_BYTES): LineSplitter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  return {
    get pendingBytes() {
      return pendingBytes;
    },
    push(rawChunk) {
      const chunk = withoutCarriageReturns(rawChunk);
      const lines: string[] = [];
      let start = 0;
      for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
        if (pendingBytes + end - start > maxLineBytes) return 'overflow';
        pending.push(chunk.subarray(start, end));
        lines.push(Buffer.concat(pending).toString('utf8'));
        pending = [];
        pendingBytes = 0;
        start = end + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
      }
      return pendingBytes > maxLineBytes ? 'overflow' : lines;
    },
  };
}
