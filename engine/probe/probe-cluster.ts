// The probe of a whole cluster: every instance's input port at once, each reported as a `probe` step.
import type { EngineEvent } from '../../shared/contract/events.js';
import type { ClusterProbeResult, InstanceProbeResult } from '../../shared/probe/probe-result.js';
import type { ReqRuleValue } from '../../shared/requirements/values/req-rule.js';
import { createRunProgress } from '../steps/run/run-progress.js';
import { probeInstance } from './probe-instance.js';

/** An instance's input endpoint, as discovery (or the engineer) gives it. */
export interface ProbeEndpoint {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
  /** The audit's requirement 6 result for the instance: a REQ rule bound to another address is "not testable from here". */
  readonly reqRules?: ReqRuleValue;
}

/** What to probe and with what. */
export interface ClusterProbeOptions {
  readonly cluster: string;
  readonly endpoints: readonly ProbeEndpoint[];
  readonly deadlineMs: number;
  readonly reqRuleName?: string;
  readonly indicator?: string;
  readonly testEvent?: string;
  /** Where the probe's `progress` events go (one `probe` step per instance); none: silent. */
  readonly emit?: (event: EngineEvent) => void;
  /** The run these events belong to (a cluster run's runId); default: the probe is a run of its own. */
  readonly runId?: string;
}

/** Most instances one cluster probe opens sessions to at once. */
export const MAX_PROBE_ENDPOINTS = 256;

/**
 * Probes every endpoint in parallel (each bounded by the deadline, so the whole run is too). Passing
 * instances that replied to a test indicator with different numbers of detections are noted: the
 * probe's verdict is about the HA wiring, but such a difference points at the feeds (requirements 2, 3).
 */
export async function probeCluster(options: ClusterProbeOptions): Promise<ClusterProbeResult> {
  if (options.endpoints.length === 0) throw new Error('probe: no instance to probe');
  if (options.endpoints.length > MAX_PROBE_ENDPOINTS)
    throw new Error(`probe: ${options.endpoints.length} instances; at most ${MAX_PROBE_ENDPOINTS}`);
  const names = new Set<string>();
  for (const endpoint of options.endpoints) {
    if (names.has(endpoint.instance)) throw new Error(`probe: instance "${endpoint.instance}" is listed twice`);
    names.add(endpoint.instance);
  }
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // No SSH here: the probe talks to the input ports, so there is no transcript, only the steps.
  const tally = createRunProgress(options.emit, options.runId === undefined ? {} : { runId: options.runId }).tally(
    'probe',
    options.endpoints.length,
  );
  const results: InstanceProbeResult[] = await Promise.all(
    options.endpoints.map(async (endpoint) => {
      tally.start(endpoint.instance, `${endpoint.host}:${endpoint.port}`);
      const result: InstanceProbeResult = {
        instance: endpoint.instance,
        ...(await probeInstance({
          host: endpoint.host,
          port: endpoint.port,
          deadlineMs: options.deadlineMs,
          ...(options.reqRuleName === undefined ? {} : { reqRuleName: options.reqRuleName }),
          ...(options.indicator === undefined ? {} : { indicator: options.indicator }),
          ...(options.testEvent === undefined ? {} : { testEvent: options.testEvent }),
          ...(endpoint.reqRules === undefined ? {} : { reqRules: endpoint.reqRules }),
        })),
      };
      tally.end(
        endpoint.instance,
        result.ok,
        result.ok ? `PONG and replies in ${Math.round(result.durationMs)} ms` : (result.failure?.message ?? 'failed'),
      );
      return result;
    }),
  );
  const failed = results.filter((result) => !result.ok).length;
  return {
    cluster: options.cluster,
    ok: failed === 0,
    passed: results.length - failed,
    failed,
    ...(options.indicator === undefined ? {} : { indicator: options.indicator }),
    startedAt,
    durationMs: Math.round(performance.now() - started),
    results,
    notes: detectionNotes(results, options.indicator !== undefined || options.testEvent !== undefined),
  };
}

function detectionNotes(results: readonly InstanceProbeResult[], withTestValue: boolean): string[] {
  if (!withTestValue) return [];
  const passing = results.filter((result) => result.ok);
  if (passing.length === 0) return [];
  const counts = new Set(passing.map((result) => result.detections));
  if (counts.size > 1) {
    const detail = passing.map((result) => `${result.instance}: ${result.detections}`).join(', ');
    return [`the test event was detected differently (${detail}); compare the instances' feeds (requirements 2 and 3)`];
  }
  if (counts.has(0))
    return [
      'no instance detected the test event, so the id prefix of detection events (requirement 7) was not exercised; use an indicator the feeds hold',
    ];
  return [];
}
