// Waiting out START_PENDING / STOP_PENDING: sc.exe returns as soon as the SCM accepts the request.
import type { ServiceStatus } from '../dialect/service-types.js';

/** Default wait for a pending start or stop to end. */
export const DEFAULT_SETTLE_MS = 60_000;
/** Pause between two status reads. */
export const SETTLE_POLL_MS = 500;

/** Reads the status until it is no longer pending or `settleMs` has passed; returns the last one read. */
export async function settle(
  read: () => Promise<ServiceStatus>,
  settleMs = DEFAULT_SETTLE_MS,
  pollMs = SETTLE_POLL_MS,
): Promise<ServiceStatus> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const status = await read();
    const pending = status.state === 'activating' || status.state === 'deactivating';
    if (!pending || Date.now() + pollMs > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
