// Channel opens the server refuses for now ("open failed" past MaxSessions) are retried with backoff.
import type { ChannelRetryPolicy } from './types.js';

/** Default retry: 6 attempts, 100 ms doubling to at most 2 s, none started after 10 s. */
export const DEFAULT_CHANNEL_RETRY: ChannelRetryPolicy = { attempts: 6, initialDelayMs: 100, maxDelayMs: 2_000, budgetMs: 10_000 };

/** True for ssh2's channel-open refusals, which are worth another try once a channel closes. */
export function isTransientOpenFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /channel open failure|open failed/i.test(message);
}

/** Delay before retry number `retry` (0-based): exponential, capped. */
export function backoffDelay(policy: ChannelRetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
}

/** Runs `open`, retrying transient refusals within the policy's count and time budget. */
export async function openWithRetry<T>(open: () => Promise<T>, policy: ChannelRetryPolicy, onRetry: () => void): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      const delay = backoffDelay(policy, attempt);
      const lastAttempt = attempt + 1 >= policy.attempts || Date.now() - started + delay > policy.budgetMs;
      if (!isTransientOpenFailure(error) || lastAttempt) throw error;
      onRetry();
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
