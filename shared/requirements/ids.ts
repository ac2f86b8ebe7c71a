/** The eight HA requirements plus the optional alerts-to-Balancer item, in procedure order. */
export const REQUIREMENT_IDS = ['req1', 'req2', 'req3', 'req4', 'req5', 'req6', 'req7', 'req8', 'alerts'] as const;

/** One HA requirement's id. */
export type RequirementId = (typeof REQUIREMENT_IDS)[number];

/** Short titles of the requirements (DESIGN.md section 2); the full catalogue arrives with the audit. */
export const REQUIREMENT_TITLES: Readonly<Record<RequirementId, string>> = {
  req1: 'Same Threat Data Feeds certificate',
  req2: 'Same Kaspersky Threat Data Feeds enabled',
  req3: 'Same OSINT, custom and third-party feeds and indicators',
  req4: 'Same license key (or Community Edition everywhere)',
  req5: 'Identical indicator export tasks',
  req6: 'Same REQ matching rule for the Balancer request id',
  req7: 'Identical event formats, each starting with %REQ%',
  req8: 'FinishedEventFormat enabled: %REQ% LookupFinished',
  alerts: 'Service alerts sent to Balancer (optional)',
};
