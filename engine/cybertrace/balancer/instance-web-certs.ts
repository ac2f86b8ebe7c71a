// Each instance's HTTPS certificate, the one Balancer compares with its stored copy (REFERENCE 3.6).
import type { BalancerHostFacts } from '../../../shared/contract/ops/balancer-audit.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import type { RunOutcome } from '../../steps/run/run-types.js';
import { DEFAULT_SERVICE_DIRS } from '../discovery/install-candidates.js';
import { pemCertificateSha256 } from './pem-certificate.js';

/**
 * Reads `%service_dir%/httpsrv/kl_feed_service_cert.pem` on every opened instance, one command each, in
 * parallel: the project's serviceDir, or the documented candidates probed (the evidence says which). The
 * file is read only inside the service folder it belongs to.
 */
export async function readInstanceWebCerts(members: readonly RunOutcome[]): Promise<BalancerHostFacts['instanceCerts']> {
  return Promise.all(
    members.map(async (outcome): Promise<BalancerHostFacts['instanceCerts'][number]> => {
      const instance = outcome.instance.name;
      if (!outcome.ok) return { instance, evidence: `not read: the instance could not be opened (${outcome.stage})` };
      const { dialect } = outcome;
      const dirs = outcome.instance.serviceDir === undefined ? [...DEFAULT_SERVICE_DIRS[dialect.os]] : [outcome.instance.serviceDir];
      const paths = dirs.map((dir) => dialect.paths.join(dialect.paths.join(dir, 'httpsrv'), 'kl_feed_service_cert.pem'));
      try {
        const gathered = await dialect.gather({ files: paths, ...(dialect.os === 'linux' ? { within: dirs } : {}) });
        const found = paths.find((path) => gathered.files.get(path) !== undefined);
        const bytes = found === undefined ? undefined : gathered.files.get(found);
        if (found === undefined || bytes === undefined) return { instance, evidence: `no HTTPS certificate at ${paths.join(' or ')}` };
        const cert = pemCertificateSha256(bytes);
        return {
          instance,
          path: found,
          sha256: sha256Hex(bytes),
          ...(cert === undefined ? {} : { certSha256: cert }),
          evidence: `${found} (${bytes.length} bytes${cert === undefined ? ', no PEM certificate in it' : ''})`,
        };
      } catch (error) {
        return { instance, evidence: `the HTTPS certificate could not be read: ${error instanceof Error ? error.message : String(error)}` };
      }
    }),
  );
}
