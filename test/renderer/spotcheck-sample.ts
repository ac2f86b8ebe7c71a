// A spot-check result of the fake project's instances, for the spot-check tests.
import type { SpotCheckResult } from '../../shared/probe/spot-check-result.js';

/** One instance's lookup: answered, or refused with a 401. */
export const lookup = (instance: string, host: string, ok = true) => ({
  instance,
  host,
  port: 9443,
  ok,
  answers: [],
  durationMs: 5,
  ...(ok ? {} : { failure: { kind: 'unauthorized' as const, status: 401, message: '401 Unauthorized' } }),
});
// A certificate as seen, with the status that trusted it.
const certificate = (instance: string, status: 'accepted' | 'pinned') => ({
  instance,
  host: 'h',
  port: 9443,
  fingerprint: 'AB',
  subject: 'CN=x',
  issuer: 'CN=x',
  validFrom: '',
  validTo: '',
  status,
});

/** A spot-check of ct1, ct2 (and ct3) with the given comparison. */
export function sampleSpotCheck(overrides: Partial<SpotCheckResult> = {}): SpotCheckResult {
  return {
    cluster: 'Customer cluster',
    apiVersion: '1.2',
    user: 'admin',
    outcome: 'consistent',
    certificates: [certificate('ct1', 'accepted'), certificate('ct2', 'pinned')],
    instances: [lookup('ct1', '10.0.0.11'), lookup('ct2', '10.0.0.12')],
    indicators: [
      {
        indicator: 'http://bad.example/x',
        consistent: true,
        groups: [{ result: 'detected', categories: ['C2'], instances: ['ct1', 'ct2'] }],
        missing: [],
      },
      {
        indicator: '198.51.100.7',
        consistent: true,
        groups: [{ result: 'not detected', categories: [], instances: ['ct1', 'ct2'] }],
        missing: [],
      },
    ],
    startedAt: '2026-12-07T13:00:00.000Z',
    durationMs: 40,
    ...overrides,
  };
}

/** An indicator ct1 and ct2 answered differently: detected (in `categories`) on ct1, not detected on ct2. */
export function differingIndicator(indicator: string, categories: string[] = []): SpotCheckResult['indicators'][number] {
  return {
    indicator,
    consistent: false,
    groups: [
      { result: 'detected', categories, instances: ['ct1'] },
      { result: 'not detected', categories: [], instances: ['ct2'] },
    ],
    missing: [],
  };
}

/** An inconsistent spot-check: ct1 and ct2 differ on http://bad.example/x (C2 on ct1). */
export function sampleDiffers(): SpotCheckResult {
  return sampleSpotCheck({ outcome: 'inconsistent', indicators: [differingIndicator('http://bad.example/x', ['C2'])] });
}
