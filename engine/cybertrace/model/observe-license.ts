import { compareStrings } from '../../../shared/requirements/json.js';
import { known, unknown, type Observation } from '../../../shared/requirements/observation.js';
import type { LicenseValue } from '../../../shared/requirements/values/license.js';
import type { InstanceFiles } from './types.js';

/** Requirement 4: the SHA-256 set of httpsrv/lic/*.key; no key (or no lic folder) is Community Edition. */
export function observeLicense(files: InstanceFiles): Observation {
  const { licenseDir } = files;
  const unread = licenseDir.keys.find((key) => !key.present);
  if (unread && !unread.present) return unknown(`license key ${unread.path} not read: ${unread.reason}`);
  const keys = licenseDir.keys.flatMap((key) => (key.present ? [key] : []));
  const digests = [...new Set(keys.map((key) => key.sha256))].sort(compareStrings);
  const value: LicenseValue = { keys: digests, edition: digests.length === 0 ? 'community' : 'licensed' };
  const evidence = keys.map((key) => ({ path: key.path, sha256: key.sha256 }));
  const note = licenseDir.present ? undefined : `${licenseDir.path} does not exist: no key file, Community Edition`;
  return known(value, evidence, note);
}
