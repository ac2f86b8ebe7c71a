import { readdirSync, readlinkSync } from 'node:fs';

/** The mount namespace of a process, as the kernel names it (`mnt:[4026532...]`), or undefined if it is gone. */
export function mountNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined;
  }
}

/** Every process that still lives in a mount namespace; the namespace exists exactly as long as this is non-empty. */
export function processesInMountNamespace(namespace: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (mountNamespaceOf(Number(entry)) === namespace) pids.push(Number(entry));
  }
  return pids;
}
