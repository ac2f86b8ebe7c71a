import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { unknown } from '../../../shared/requirements/observation.js';
import type { Observation } from '../../../shared/requirements/observation.js';

/** Every requirement unknown for one reason (an instance that could not be reached or read). */
export function allUnknown(reason: string): Record<RequirementId, Observation> {
  return Object.fromEntries(REQUIREMENT_IDS.map((id) => [id, unknown(reason)])) as Record<RequirementId, Observation>;
}
