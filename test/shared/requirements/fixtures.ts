import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { JsonValue } from '../../../shared/requirements/json.js';
import { known, type Observation } from '../../../shared/requirements/observation.js';

/** Evidence of a made-up service conf. */
export const EVIDENCE = [{ path: '/opt/kaspersky/ktfs/etc/kl_feed_service.conf', sha256: 'a'.repeat(64) }];

/** A rule list with the REQ rule as documented, or with another regex/type. */
export function reqRule(regex = String.raw`^(\d+)\s`, type = 'CONTEXT', source = 'default'): JsonValue {
  return { rules: [{ source, type, regex, attributes: {} }] };
}

/** Observations of a consistent instance for every requirement. */
export function consistent(overrides: Partial<Record<RequirementId, JsonValue>> = {}): Record<RequirementId, Observation> {
  const values: Record<RequirementId, JsonValue> = {
    req1: { certFile: '/opt/kaspersky/ktfs/etc/cert.pem', fingerprint: 'AB:CD', basis: 'x509-der' },
    req2: {
      feeds: [
        {
          name: 'Malicious_URL_Data_Feed',
          state: 'true',
          content: {
            name: 'Feed',
            attributes: {},
            text: '',
            children: [{ name: 'Name', attributes: {}, text: 'Malicious_URL_Data_Feed', children: [] }],
          },
        },
      ],
      tenantUsage: null,
    },
    req3: { tenantFeeds: null, topLevelFeeds: null, indicators: 'not-readable' },
    req4: { keys: ['b'.repeat(64)], edition: 'licensed' },
    req5: { tasks: [] },
    req6: reqRule(),
    req7: {
      EventFormat: '%REQ% category=%Category%',
      RecordFieldContextFormat: '%ParamName%=%ParamValue%',
      ActionableFieldContextFormat: ' %ParamName%:%ParamValue%',
    },
    req8: { present: true, enabled: 'true', text: '%REQ% LookupFinished' },
    alerts: { present: true, enabled: 'true', text: '10.0.0.5:9998' },
    ...overrides,
  };
  return Object.fromEntries(Object.entries(values).map(([id, value]) => [id, known(value, EVIDENCE)])) as Record<
    RequirementId,
    Observation
  >;
}

/** The context matching consistent(). */
export const CTX = { reqRuleName: 'REQ', balancer: { host: '10.0.0.5', cybertracePort: 9998 } };
