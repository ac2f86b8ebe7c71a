import { REQUIREMENT_IDS, type RequirementId } from '../../../shared/requirements/ids.js';
import { unknown, type Observation } from '../../../shared/requirements/observation.js';
import { observeCertificate } from './observe-certificate.js';
import { observeExportTasks } from './observe-export-tasks.js';
import { observeKasperskyFeeds, observeServiceFeeds } from './observe-feeds.js';
import { observeFormats } from './observe-formats.js';
import { observeLicense } from './observe-license.js';
import { observeReqRule } from './observe-req-rule.js';
import { observeSwitched } from './observe-switched.js';
import type { InstanceConfig, InstanceFiles, ObserveContext, ServiceConfModel } from './types.js';

/**
 * Every requirement's observation on one instance: a canonical JSON value with the files it came from,
 * or the reason it is unknown. Pure apart from X.509 parsing; the same input gives the same output.
 */
export function observe(config: InstanceConfig, files: InstanceFiles, ctx: ObserveContext): Record<RequirementId, Observation> {
  const fromService = (read: (service: ServiceConfModel) => Observation): Observation =>
    config.service.known ? read(config.service.model) : unknown(config.service.reason);
  const observations: Record<RequirementId, Observation> = {
    req1: config.feedUtil.known ? observeCertificate(config.feedUtil.model, files) : unknown(config.feedUtil.reason),
    req2: observeKasperskyFeeds(config.feedUtil, config.service),
    req3: observeServiceFeeds(config.service, config.feedUtil),
    req4: observeLicense(files),
    req5: fromService(observeExportTasks),
    req6: fromService((service) => observeReqRule(service, ctx.reqRuleName)),
    req7: fromService(observeFormats),
    req8: fromService((service) => observeSwitched(service, service.finishedEventFormat)),
    alerts: fromService((service) => observeSwitched(service, service.alertConnection)),
  };
  // Keyed in procedure order, so serialised observations always list the same way.
  return Object.fromEntries(REQUIREMENT_IDS.map((id) => [id, observations[id]])) as Record<RequirementId, Observation>;
}
