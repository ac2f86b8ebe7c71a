// What discovery hands the audit (and plan/apply): facts for people, and the files for the model.
import type { DiscoveryFacts } from '../../../shared/contract/ops/audit.js';
import type { Instance } from '../../../shared/project/schema.js';
import type { HostDialect, PrivilegeReport } from '../../hosts/dialect/index.js';
import type { InstanceFiles } from '../model/types.js';
import type { InstallCandidate } from './install-candidates.js';

/** Discovery of one instance: json-safe facts, and every file the requirements need (absent when CyberTrace was not found). */
export interface Discovery {
  readonly facts: DiscoveryFacts;
  readonly files?: InstanceFiles;
  /** The install the files belong to (paths the plan and apply write to); absent when not found. */
  readonly install?: InstallCandidate;
}

/** The host discovery reads: the instance, its open dialect and the privilege found there (a run member has them). */
export interface DiscoveryHost {
  readonly instance: Instance;
  readonly dialect: HostDialect;
  readonly privilege: PrivilegeReport;
}
