import { known, type Observation } from '../../../shared/requirements/observation.js';
import type { SwitchedTextValue } from '../../../shared/requirements/values/switched-text.js';
import { attributeOf, xmlTextValue } from './locate.js';
import type { LocatedElement, ServiceConfModel } from './types.js';

/**
 * Requirement 8 (FinishedEventFormat) and the alerts item (AlertConnectionString): present, `enabled`, text.
 * For the alerts item also AlertFormat (none: no service alerts are sent, REFERENCE 1.4.2); for requirement 8
 * on 5.x a FinishedEventFormat directly under OutputSettings (REFERENCE 1.4.3), read when the documented one is absent.
 */
export function observeSwitched(service: ServiceConfModel, located: LocatedElement): Observation {
  const isAlerts = located === service.alertConnection;
  const misplaced = located === service.finishedEventFormat ? service.finishedEventMisplaced : undefined;
  const shown = located.element ? located : (misplaced ?? located);
  const { element } = shown;
  const extra = {
    ...(isAlerts ? { alertFormat: service.alertFormat.element ? xmlTextValue(service.alertFormat.element) : null } : {}),
  };
  const where = misplaced ? { misplaced: misplaced.where } : {};
  const value: SwitchedTextValue = element
    ? { present: true, enabled: attributeOf(element, 'enabled') ?? null, text: xmlTextValue(element), ...extra, ...where }
    : { present: false, ...extra };
  return known(value, [{ path: service.file.path, sha256: service.file.sha256 }], element ? undefined : `no ${located.where} element`);
}
