import { describe, expect, it } from 'vitest';
import { REQUIREMENTS, REQUIREMENT_SPECS } from '../../../shared/requirements/catalogue.js';
import { REQUIREMENT_IDS, REQUIREMENT_TITLES } from '../../../shared/requirements/ids.js';
import { canonicalJson, jsonEqual } from '../../../shared/requirements/json.js';

describe('the requirement catalogue', () => {
  it('has one spec per requirement, in procedure order, titled as the ids say', () => {
    expect(REQUIREMENT_SPECS.map((spec) => spec.id)).toEqual([...REQUIREMENT_IDS]);
    for (const id of REQUIREMENT_IDS) expect(REQUIREMENTS[id].title).toBe(REQUIREMENT_TITLES[id]);
  });

  it('says where each fact lives per layout, with the 5.x tenant path where the tenant holds it', () => {
    expect(REQUIREMENTS.req8.collects['4.x']).toEqual(['kl_feed_service.conf OutputSettings > FinishedEventFormat (enabled and text)']);
    expect(REQUIREMENTS.req8.collects['5.x']).toEqual([
      'kl_feed_service.conf Domains > Domain (General) > OutputSettings > EventSettings > FinishedEventFormat (enabled and text)',
      "kl_feed_service.conf Domains > Domain (General) > OutputSettings > FinishedEventFormat (the 5.0 HA page's path, REFERENCE 3.5 step 8)",
    ]);
    expect(REQUIREMENTS.alerts.collects['5.x'][0]).toBe(
      'kl_feed_service.conf NotificationSettings > ServiceAlertsSettings > AlertConnectionString (enabled and value)',
    );
    for (const spec of REQUIREMENT_SPECS) {
      expect(spec.collects['4.x'].length).toBeGreaterThan(0);
      expect(spec.manual['4.x'].length).toBeGreaterThan(20);
      expect(spec.manual['5.x'].length).toBeGreaterThan(20);
    }
  });

  it('marks only requirement 3 as partly automatable and restarts for service-conf and license changes', () => {
    expect(REQUIREMENT_SPECS.filter((spec) => spec.automatable !== 'yes').map((spec) => spec.id)).toEqual(['req3']);
    expect(REQUIREMENT_SPECS.filter((spec) => spec.needsRestart === 'no').map((spec) => spec.id)).toEqual(['req1']);
  });
});

describe('canonical JSON', () => {
  it('ignores key order, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}');
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
