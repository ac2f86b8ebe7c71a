// The install probe lives with discovery (engine/cybertrace/discovery); the pre-checks use the same one.
export { DEFAULT_SERVICE_DIRS, findInstall } from '../cybertrace/discovery/install-candidates.js';
export type { InstallPaths } from '../cybertrace/discovery/install-candidates.js';
