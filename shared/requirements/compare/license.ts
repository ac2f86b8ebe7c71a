import type { LicenseValue } from '../values/license.js';
import type { Comparer } from './comparer.js';

/** Requirement 4: the same key files (by content), or none anywhere (Community Edition). */
export const licenseComparer: Comparer<LicenseValue> = {
  comparable: (value) => value.keys,
  compare: (reference, instance) => {
    const missing = reference.keys.filter((key) => !instance.keys.includes(key));
    const extra = instance.keys.filter((key) => !reference.keys.includes(key));
    if (missing.length === 0 && extra.length === 0) {
      return {
        status: 'match',
        detail:
          instance.keys.length === 0
            ? 'Community Edition, as the reference'
            : `same ${String(instance.keys.length)} key file(s) as the reference`,
      };
    }
    if (instance.keys.length === 0) return { status: 'drift', detail: 'Community Edition (no key file); the reference is licensed' };
    if (reference.keys.length === 0) return { status: 'drift', detail: 'licensed; the reference runs as Community Edition' };
    return {
      status: 'drift',
      detail: `${String(missing.length)} reference key(s) missing, ${String(extra.length)} key(s) the reference does not have`,
    };
  },
};
