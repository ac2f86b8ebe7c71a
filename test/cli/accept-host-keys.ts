// The --accept-host-key flags that accept exactly a lab's host keys, as an engineer who checked them on each console would pass them.
import type { LabFile } from '../../lab/orchestrator/lab-file.js';

/** `--accept-host-key NAME=SHA256:...` for every host of the lab (lab.json records the key each host presents). */
export function acceptHostKeyFlags(file: Pick<LabFile, 'hosts'>): string[] {
  return file.hosts.flatMap((host) => ['--accept-host-key', `${host.instance.name}=${host.hostKeyFingerprint}`]);
}
