import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { holdMountNamespace, mountNamespaceOf } from '../../../lab/openssh/mount-namespace.js';

// The kernel hands out namespace inode numbers lowest-free-first, so a namespace that has just
// emptied is named again by the next one created. A lab stopping its sshd used to scan /proc for
// its namespace's name after the last process had gone, and killed another lab's sshd that had
// just been given the same name (CI: ECONNREFUSED right after "Server listening on").
const skip = process.getuid?.() !== 0 ? 'needs root (unshare --mount)' : undefined;

const children: ChildProcess[] = [];
function inNewMountNamespace(): ChildProcess {
  const child = spawn('/usr/bin/unshare', ['--mount', '--propagation', 'private', '--', '/bin/sleep', '30'], { stdio: 'ignore' });
  children.push(child);
  return child;
}
async function namespaceOf(child: ChildProcess): Promise<string> {
  const host = mountNamespaceOf(process.pid);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const namespace = child.pid === undefined ? undefined : mountNamespaceOf(child.pid);
    if (namespace !== undefined && namespace !== host) return namespace;
    await sleep(20);
  }
  throw new Error('unshare did not enter a new mount namespace within 2 s');
}
const exit = (child: ChildProcess): Promise<unknown> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe.skipIf(skip !== undefined)(`a held mount namespace${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('keeps its name while held, so no new namespace can be mistaken for it', async () => {
    const first = inNewMountNamespace();
    const name = await namespaceOf(first);
    const held = holdMountNamespace(first.pid ?? -1);
    expect(held.namespace).toBe(name);
    first.kill('SIGKILL');
    await exit(first);
    // Ten fresh namespaces in a row: without the hold the first of them usually takes the freed name.
    const later: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const next = inNewMountNamespace();
      later.push(await namespaceOf(next));
      next.kill('SIGKILL');
      await exit(next);
    }
    expect(later).not.toContain(held.namespace);
    expect(held.processes()).toEqual([]);
    held.release();
  });

  it('lists only the processes of its own namespace', async () => {
    const one = inNewMountNamespace();
    const two = inNewMountNamespace();
    await namespaceOf(one);
    await namespaceOf(two);
    const heldOne = holdMountNamespace(one.pid ?? -1);
    expect(heldOne.processes()).toEqual([one.pid]);
    heldOne.release();
  });

  it('refuses a process that is already gone', async () => {
    const gone = inNewMountNamespace();
    await namespaceOf(gone);
    gone.kill('SIGKILL');
    await exit(gone);
    expect(() => holdMountNamespace(gone.pid ?? -1)).toThrow(/no mount namespace/);
  });
});
