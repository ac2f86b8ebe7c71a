// The `systemctl` of an OpenSSH lab host: systemd's answers for cybertrace.service, driving the Feed
// Service simulator through the lab's service controller.
import { fileURLToPath } from 'node:url';
import { createServiceController } from '../service/controller.js';
import { runSystemctl } from '../service/systemctl-semantics.js';
import { balancerUnitOf } from '../trees/balancer-service-state.js';
import type { LabInstance } from '../spec.js';

/** Runs one systemctl command line for a lab instance; resolves with the exit code systemctl would give. */
export function systemctl(instance: LabInstance, argv: readonly string[], isRoot: boolean): Promise<number> {
  const service = createServiceController(instance, { simulatorPath: fileURLToPath(new URL('./kl_feed_service.js', import.meta.url)) });
  return runSystemctl({
    argv,
    isRoot,
    service,
    balancer: balancerUnitOf(instance),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  });
}
