// "Started" is not "ready" (DESIGN.md 2): an instance is ready when X-KF-ReplyBackPING gets PONG on its input port.
import type { ReadinessTarget } from '../../../shared/plan/plan-document.js';
import { waitUntilReady } from '../../probe/replyback-ping.js';
import type { PingResult } from '../../probe/replyback-ping.js';

/** The readiness check's result as the report keeps it. */
export interface ReadinessRecord extends PingResult {
  readonly host: string;
  readonly port: number;
}

/** Waits until PONG or the deadline; throws (naming the address and the last reason) when the deadline passes. */
export async function awaitReady(target: ReadinessTarget, deadlineMs: number): Promise<ReadinessRecord> {
  const result = await waitUntilReady(target.host, target.port, deadlineMs);
  const record: ReadinessRecord = { ...result, host: target.host, port: target.port };
  if (!result.ok)
    throw Object.assign(new Error(`${target.host}:${target.port} did not answer PONG: ${result.reason ?? 'no answer'}`), {
      readiness: record,
    });
  return record;
}

/** The readiness record a failed awaitReady carried, if any. */
export function readinessOf(error: unknown): ReadinessRecord | undefined {
  return error !== null && typeof error === 'object' && 'readiness' in error
    ? (error as { readiness: ReadinessRecord }).readiness
    : undefined;
}
