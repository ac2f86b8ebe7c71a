import { known, type Observation } from '../../../shared/requirements/observation.js';
import type { FormatsValue } from '../../../shared/requirements/values/formats.js';
import { xmlTextValue } from './locate.js';
import type { ServiceConfModel } from './types.js';

/** Requirement 7: the text of each detection-event format element at the layout's place (null when absent). */
export function observeFormats(service: ServiceConfModel): Observation {
  const text = (name: keyof FormatsValue): string | null => {
    const element = service.formats[name].element;
    return element ? xmlTextValue(element) : null;
  };
  const value: FormatsValue = {
    EventFormat: text('EventFormat'),
    RecordFieldContextFormat: text('RecordFieldContextFormat'),
    ActionableFieldContextFormat: text('ActionableFieldContextFormat'),
  };
  return known(value, [{ path: service.file.path, sha256: service.file.sha256 }]);
}
