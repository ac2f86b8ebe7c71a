import type { RequirementId } from '../ids.js';
import type { RequirementValues } from '../values/index.js';
import { certificateComparer } from './certificate.js';
import type { Comparer } from './comparer.js';
import { exportTasksComparer } from './export-tasks.js';
import { formatsComparer } from './formats.js';
import { kasperskyFeedsComparer } from './kaspersky-feeds.js';
import { licenseComparer } from './license.js';
import { reqRuleComparer } from './req-rule.js';
import { serviceFeedsComparer } from './service-feeds.js';
import { alertsComparer, finishedEventComparer } from './switched-text.js';

/** Each requirement's comparison rules. */
export const COMPARERS: { readonly [K in RequirementId]: Comparer<RequirementValues[K]> } = {
  req1: certificateComparer,
  req2: kasperskyFeedsComparer,
  req3: serviceFeedsComparer,
  req4: licenseComparer,
  req5: exportTasksComparer,
  req6: reqRuleComparer,
  req7: formatsComparer,
  req8: finishedEventComparer,
  alerts: alertsComparer,
};
