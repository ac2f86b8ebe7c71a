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
