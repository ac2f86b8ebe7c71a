// One shape for "which privilege works here" on both dialects, compared with the project's declaration.
import type { Privilege, PrivilegeReport } from './types.js';

/** The report of a privilege probe against what the project declares. */
export function privilegeReport(detected: Privilege | 'none', detail: string, declared: Privilege | undefined): PrivilegeReport {
  return { detected, declared, matches: declared === undefined ? undefined : detected === declared, detail };
}
