// One file read under the path policy: refused without a read when outside the service folder (and not
// allowed), or when a link on its way leads out of it. The certificate, a moved kl_feed_util.conf and the
// project's configPaths overrides all go through here.
import type { DiscoveryHost } from './types.js';
import type { HostFile } from '../model/types.js';
import { LinuxDialect } from '../../hosts/linux/linux-dialect.js';
import { resolveLinuxPaths } from '../../hosts/linux/linux-resolve.js';
import { WindowsDialect } from '../../hosts/windows/windows-dialect.js';
import { readWindowsFileWithin } from '../../hosts/windows/windows-gather.js';
import { hostFile } from './host-file.js';
import type { PathPolicy } from './path-policy.js';
import { hostRefusal, isAllowedPath, isInsideDir, lexicalRefusal, pathsBelow } from './path-policy.js';

/** A HostFile refused by the path policy: never read, never written. */
export function refusedFile(path: string, why: string): HostFile {
  return { path, present: false, reason: `not read (path policy): ${why}`, refused: true };
}

/**
 * Reads `path` only where the path policy allows: outside the service folder (unless it is the instance's
 * allowed path) it is refused without a read; inside, Linux's gather refuses it when a link is on its way
 * (then the host says where it leads, and a link that stays inside is followed); Windows checks for
 * reparse points first (one more command: its gather has no such check). `absentReason` says what a
 * missing file means to the caller.
 */
export async function readWithPolicy(
  member: Pick<DiscoveryHost, 'dialect' | 'privilege'>,
  policy: PathPolicy,
  path: string,
  absentReason: string,
): Promise<HostFile> {
  const { dialect } = member;
  const refused = (why: string): HostFile => refusedFile(path, why);
  const lexical = lexicalRefusal(dialect, policy, path);
  if (lexical !== undefined) return refused(lexical);
  if (isAllowedPath(dialect.os, policy, path)) {
    const gathered = await dialect.gather({ files: [path] });
    return hostFile(path, gathered.files.get(path), absentReason);
  }
  if (dialect instanceof WindowsDialect) {
    // One script: the reparse-point check of every folder below the service folder, then the read.
    const read = await readWindowsFileWithin(dialect.commands, path, pathsBelow(dialect, policy.serviceDir, path));
    if (read.kind === 'reparse')
      return refused(
        `${read.at} is a reparse point (symbolic link or junction) below the service folder ${policy.serviceDir}; nothing is read through one`,
      );
    if (read.kind === 'failed') return { path, present: false, reason: read.detail };
    return hostFile(path, read.bytes, absentReason);
  }
  const gathered = await dialect.gather({ files: [path], within: [policy.serviceDir] });
  if (gathered.links?.get(path) === undefined) return hostFile(path, gathered.files.get(path), absentReason);
  // A link: followed only when the host resolves it inside the service folder, and then read at its target.
  const why = await hostRefusal(dialect, policy, path, { privileged: member.privilege.detected !== 'none' });
  if (why !== undefined) return refused(why);
  const [resolved = ''] =
    dialect instanceof LinuxDialect
      ? await resolveLinuxPaths(dialect.commands, [path], { privileged: member.privilege.detected !== 'none' })
      : [];
  if (resolved === '' || !isInsideDir(dialect.os, resolved, policy.serviceDir))
    return refused(`${path} resolves to ${resolved || 'nothing'} on the host, which is not inside ${policy.serviceDir} as written`);
  const again = await dialect.gather({ files: [resolved], within: [policy.serviceDir] });
  const link = again.links?.get(resolved);
  if (link !== undefined) return refused(`${resolved} changed while it was read (a link again, to ${link})`);
  const bytes = again.files.get(resolved);
  return bytes === undefined
    ? { path, present: false, reason: `${absentReason} (${path} resolves to ${resolved})` }
    : hostFile(path, bytes);
}
