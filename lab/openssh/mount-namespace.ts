import { closeSync, openSync, readdirSync, readlinkSync } from 'node:fs';

/** The mount namespace of a process, as the kernel names it (`mnt:[4026532...]`), or undefined if it is gone. */
export function mountNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined;
  }
}

/** Every process that lives in a mount namespace right now. */
function processesInMountNamespace(namespace: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (mountNamespaceOf(Number(entry)) === namespace) pids.push(Number(entry));
  }
  return pids;
}

/** A mount namespace kept alive by an open handle, so its name stays its own until released. */
export interface HeldMountNamespace {
  readonly namespace: string;
  /** The processes still inside it. */
  processes(): number[];
  /** Lets the namespace (and its mounts) go; its name may then be given to a new namespace. */
  release(): void;
}

/**
 * Holds the mount namespace a process lives in. The kernel names namespaces lowest-free-number
 * first, so once the last process of a namespace exits its name is handed to the next namespace
 * created (another lab's sshd, often within milliseconds). Scanning /proc by name after that
 * would find, and kill, the other lab's processes; an open handle keeps the name taken.
 */
export function holdMountNamespace(pid: number): HeldMountNamespace {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/ns/mnt`, 'r');
  } catch {
    throw new Error(`process ${pid} has no mount namespace to hold (it has exited)`);
  }
  const namespace = mountNamespaceOf(pid);
  // The process may have exited between open and readlink; the handle still names what it opened.
  const name = namespace ?? readlinkSync(`/proc/self/fd/${fd}`);
  let released = false;
  return {
    namespace: name,
    processes: () => processesInMountNamespace(name),
    release: () => {
      if (released) return;
      released = true;
      closeSync(fd);
    },
  };
}
