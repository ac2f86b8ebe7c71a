import type { ProbeFailureKind } from '../../shared/probe/probe-result.js';

/** What a probe failure usually means and where to look, per kind (shared/probe/probe-result.ts). */
export const PROBE_FAILURE_HINTS: Readonly<Record<ProbeFailureKind, string>> = {
  refused: 'Nothing listens on this port: the service is stopped, or its input ConnectionString names another port or address.',
  timeout: 'No PONG before the deadline: the service may still be loading its feeds, or a firewall drops the connection.',
  'no-pong': 'Something answered, but not with PONG: this port is probably not a CyberTrace input port.',
  'connection-error': 'The connection failed; the message says how.',
  'id-prefix': 'A reply did not start with the request id: EventFormat lacks %REQ% in front (requirement 7).',
  'no-lookup-finished': 'No "<id> LookupFinished" arrived: FinishedEventFormat is absent or not enabled (requirement 8).',
  'too-much-data': 'The instance sent more reply data than the probe accepts for one test event.',
};
