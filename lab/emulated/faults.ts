// The host's seeded faults (lab/spec.ts FAULT_PRESETS) as the emulation needs to ask about them.
import type { FaultPreset, FaultSpec } from '../spec.js';

/** Default `slow` delay, as lab/spec.ts documents it. */
export const DEFAULT_LATENCY_MS = 1500;

/** Per-host fault switches; `drop-mid-write` fires once per host lifetime, so keep one per host. */
export class FaultState {
  private dropFired = false;

  constructor(private readonly faults: readonly FaultSpec[]) {}

  /** True when the host was seeded with this fault. */
  has(kind: FaultPreset): boolean {
    return this.faults.some((fault) => fault.kind === kind);
  }

  /** Delay added to the banner and every answer (0 unless `slow`). */
  get latencyMs(): number {
    const slow = this.faults.find((fault) => fault.kind === 'slow');
    if (!slow) return 0;
    return slow.latencyMs ?? DEFAULT_LATENCY_MS;
  }

  /** For `flood`: bytes every command prints instead of its answer (Infinity: endless); undefined without the fault. */
  get floodBytes(): number | undefined {
    const flood = this.faults.find((fault) => fault.kind === 'flood');
    if (!flood) return undefined;
    return flood.floodBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Claims the one connection drop `drop-mid-write` allows; false once it has happened. */
  claimDrop(): boolean {
    if (!this.has('drop-mid-write') || this.dropFired) return false;
    this.dropFired = true;
    return true;
  }
}

/** Runs `answer` after the host's latency (at once when not slow); equal delays keep the order. */
export function answerLater(faults: FaultState, answer: () => void): void {
  const delay = faults.latencyMs;
  if (delay <= 0) answer();
  else setTimeout(answer, delay).unref();
}

/** The stream a `flood` writes to: a channel's stdout, with Node's backpressure signal. */
export interface FloodTarget {
  write(chunk: Buffer): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

/** One reusable block: the flood sends the same bytes again and again, so the emulator holds only this. */
const FLOOD_BLOCK = Buffer.from('ctha lab flood: a host that never stops talking\n'.repeat(1366)); // ~64 KiB

/** Bytes of one flood write. */
export const FLOOD_BLOCK_BYTES = FLOOD_BLOCK.length;

/**
 * Writes `totalBytes` (Infinity: until the client closes) to `target`, a block at a time, waiting for
 * 'drain' whenever the channel's window and buffer are full: the emulator never holds more than the
 * stream's high-water mark plus one block, however much the flood sends. Resolves with the bytes sent.
 */
export function flood(target: FloodTarget, totalBytes: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let closed = false;
    let waiting: (() => void) | undefined;
    const onClose = (): void => {
      closed = true;
      if (waiting) target.removeListener('drain', waiting);
      resolve(sent);
    };
    target.once('close', onClose);
    const pump = (): void => {
      waiting = undefined;
      while (!closed && sent < totalBytes) {
        const block = totalBytes - sent >= FLOOD_BLOCK.length ? FLOOD_BLOCK : FLOOD_BLOCK.subarray(0, totalBytes - sent);
        sent += block.length;
        let more: boolean;
        try {
          more = target.write(block);
        } catch {
          return onClose();
        }
        if (!more) {
          waiting = pump;
          target.once('drain', pump);
          return;
        }
      }
      if (closed) return;
      target.removeListener('close', onClose);
      resolve(sent);
    };
    pump();
  });
}
