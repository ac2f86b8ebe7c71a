import type { RequirementId } from '../../../shared/requirements/ids.js';
import { fixCertificate } from './fix-certificate.js';
import { fixExportTasks } from './fix-export-tasks.js';
import { fixKasperskyFeeds, fixServiceFeeds } from './fix-feeds.js';
import { fixFormats } from './fix-formats.js';
import { fixLicense } from './fix-license.js';
import { fixReqRule } from './fix-req-rule.js';
import { fixAlerts, fixFinishedEvent } from './fix-switched.js';
import type { Fixer } from './types.js';

/** The fixer of each requirement (req3's covers its feeds part only). */
export const FIXERS: Readonly<Record<RequirementId, Fixer>> = {
  req1: fixCertificate,
  req2: fixKasperskyFeeds,
  req3: fixServiceFeeds,
  req4: fixLicense,
  req5: fixExportTasks,
  req6: fixReqRule,
  req7: fixFormats,
  req8: fixFinishedEvent,
  alerts: fixAlerts,
};
