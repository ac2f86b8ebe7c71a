import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Binaries the OpenSSH backend drives: Debian's sshd, util-linux's unshare, sudo and openssl (password hashes). */
export const OPENSSH_TOOLS = ['/usr/sbin/sshd', '/usr/bin/unshare', '/usr/bin/sudo', '/usr/bin/openssl'] as const;

/** Why the OpenSSH backend cannot run on this machine, or undefined when it can. */
export function opensshUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'the openssh backend needs Linux (mount namespaces)';
  if (process.getuid?.() !== 0) return 'the openssh backend needs root (mount namespaces, sshd on loopback addresses)';
  const missing = OPENSSH_TOOLS.filter((tool) => !existsSync(tool));
  if (missing.length > 0) return `the openssh backend needs ${missing.join(', ')} (apt-get install openssh-server sudo openssl)`;
  return undefined;
}

/**
 * Why the lab folder cannot hold OpenSSH hosts, or undefined: sshd reads the login user's keys as that
 * user, and the user's home lives in the lab folder, so every parent folder must let others pass (o+x).
 */
export function labDirUnreachableReason(dir: string): string | undefined {
  let path = dir;
  for (;;) {
    try {
      if ((statSync(path).mode & 0o001) === 0) {
        return `${path} does not let other users pass (chmod o+x ${path}, or choose another --out folder); the lab's login user lives below it`;
      }
    } catch {
      // Not created yet: lab up creates it with mode 0755.
    }
    const parent = dirname(path);
    if (parent === path) return undefined;
    path = parent;
  }
}
