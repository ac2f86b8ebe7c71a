import type { ClusterProbeResult, InstanceProbeResult } from '../../../shared/probe/probe-result.js';

/** ct1 passes; ct2 answers PONG but its replies lack the request id (requirement 7). */
export function sampleProbeResult(): ClusterProbeResult {
  const base = {
    requestId: '4711',
    testEvent: '4711 ctha-probe',
    withIndicator: false,
    detections: 0,
    linesTruncated: false,
    startedAt: '2025-05-01T10:10:00.000Z',
    durationMs: 40,
  };
  const pass: InstanceProbeResult = {
    ...base,
    instance: 'ct1',
    host: '10.0.0.11',
    port: 9999,
    ok: true,
    latencies: { pongMs: 3.2, connectMs: 1, firstReplyMs: 20, lookupFinishedMs: 21.6 },
    lines: ['4711 LookupFinished'],
  };
  const fail: InstanceProbeResult = {
    ...base,
    instance: 'ct2',
    host: '10.0.0.12',
    port: 9999,
    ok: false,
    latencies: { pongMs: 4, connectMs: 1, firstReplyMs: 18 },
    lines: ['category=Demo LookupFinished'],
    failure: { kind: 'id-prefix', message: 'reply "category=Demo LookupFinished" does not start with 4711' },
  };
  return {
    cluster: 'Customer cluster',
    ok: false,
    passed: 1,
    failed: 1,
    startedAt: '2025-05-01T10:10:00.000Z',
    durationMs: 45,
    results: [fail, pass],
    notes: [],
  };
}
