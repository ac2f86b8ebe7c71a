import { known, type Observation } from '../../../shared/requirements/observation.js';
import type { SwitchedTextValue } from '../../../shared/requirements/values/switched-text.js';
import { attributeOf, xmlTextValue } from './locate.js';
import type { LocatedElement, ServiceConfModel } from './types.js';

/** Requirement 8 (FinishedEventFormat) and the alerts item (AlertConnectionString): present, `enabled`, text. */
export function observeSwitched(service: ServiceConfModel, located: LocatedElement): Observation {
  const { element } = located;
  const value: SwitchedTextValue = element ? { present: true, enabled: attributeOf(element, 'enabled') ?? null, text: xmlTextValue(element) } : { present: false };
  return known(value, [{ path: service.file.path, sha256: service.file.sha256 }], element ? undefined : `no ${located.where} element`);
}
