import type { LabInstance } from '../spec.js';

/** Local paths of one OpenSSH host's own files (all under its stateDir). */
export interface OpensshPaths {
  readonly etc: string;
  readonly sbin: string;
  readonly hostKey: string;
  readonly sshdConfig: string;
  readonly initScript: string;
  readonly pidFile: string;
  readonly authorizedKeys: string;
  /** The lab user's home: outside /home, so that nothing of the machine is hidden or changed. */
  readonly home: string;
}

/** Where an instance's sshd files live. */
export function opensshPaths(instance: LabInstance): OpensshPaths {
  const etc = `${instance.stateDir}/openssh`;
  return {
    etc,
    sbin: `${etc}/sbin`,
    hostKey: `${etc}/ssh_host_ed25519_key`,
    sshdConfig: `${etc}/sshd_config`,
    initScript: `${etc}/namespace-init.sh`,
    pidFile: `${instance.stateDir}/sshd.pid`,
    authorizedKeys: `${etc}/authorized_keys`,
    home: `${instance.stateDir}/home`,
  };
}

/** sshd_config of one lab host: its own address, key, PAM (password and keyboard-interactive) and the lab user only. */
export function sshdConfig(instance: LabInstance, paths: OpensshPaths, user: string, listenPort: number = instance.sshPort): string {
  return [
    `ListenAddress ${instance.address}:${listenPort}`,
    `HostKey ${paths.hostKey}`,
    `PidFile ${paths.pidFile}`,
    'UsePAM yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication yes',
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    `AllowUsers ${user}`,
    'AuthorizedKeysFile .ssh/authorized_keys',
    // The systemctl stand-in sits in /usr/local/sbin; login sessions must find it first, as sudo does.
    'SetEnv PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'Subsystem sftp internal-sftp',
    'MaxSessions 10',
    'PrintMotd no',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

const q = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The script run as the first process of the host's private mount namespace: it gives the namespace its
 * own service dir (inside a private `/opt`), accounts, sudoers and systemctl, then becomes sshd. The
 * mounts vanish with the namespace when sshd and its sessions exit; nothing is created on the machine.
 */
export function namespaceInitScript(instance: LabInstance, paths: OpensshPaths, treeServiceDir: string): string {
  const has = (kind: string): boolean => instance.faults.some((fault) => fault.kind === kind);
  return [
    'set -eu',
    ...privateTopLines(instance.serviceDir, `${paths.etc}/real-top`),
    `mkdir -p ${q(instance.serviceDir)}`,
    `mount --bind ${q(treeServiceDir)} ${q(instance.serviceDir)}`,
    ...(has('disk-full') ? diskFullLines(`${instance.serviceDir}/etc`, `${treeServiceDir}/etc`) : []),
    // permission-denied: the whole service tree read-only in this namespace (EROFS for root too; reads work).
    ...(has('permission-denied') ? [`mount -o remount,bind,ro ${q(instance.serviceDir)}`] : []),
    ...['passwd', 'group', 'shadow', 'sudoers'].map((name) => `mount --bind ${q(`${paths.etc}/${name}`)} /etc/${name}`),
    `mount --bind ${q(`${paths.etc}/pam-sshd`)} /etc/pam.d/sshd`,
    `mount --bind ${q(paths.sbin)} /usr/local/sbin`,
    `if [ -e /usr/bin/systemctl ]; then mount --bind ${q(`${paths.sbin}/systemctl`)} /usr/bin/systemctl; fi`,
    'mkdir -p /run/sshd',
    `exec /usr/sbin/sshd -D -e -f ${q(paths.sshdConfig)}`,
    '',
  ].join('\n');
}

/**
 * The service dir's top folder (`/opt`) becomes a tmpfs private to the namespace, with every entry of
 * the machine's own folder bind-mounted back in, except the one on the way to the service dir
 * (`kaspersky`), which the script then creates inside the tmpfs. So the lab creates nothing on the
 * machine, and no mount of this host sits on a folder another lab could remove: since Linux 3.18,
 * removing a folder that is a mount point in another namespace detaches that mount there, which
 * broke a running lab whenever another OpenSSH lab went down and removed `/opt/kaspersky/ktfs`.
 * A machine without the top folder gets it created (the old behaviour).
 */
function privateTopLines(serviceDir: string, realTop: string): string[] {
  const [top, next] = serviceDir.split('/').filter(Boolean);
  if (top === undefined || next === undefined) return [];
  const topDir = `/${top}`;
  return [
    `mkdir -p ${q(topDir)} ${q(realTop)}`,
    `mount --bind ${q(topDir)} ${q(realTop)}`,
    `mount -t tmpfs -o mode=0755 ctha-lab-top ${q(topDir)}`,
    `for e in ${q(realTop)}/* ${q(realTop)}/.[!.]* ${q(realTop)}/..?*; do`,
    '  [ -e "$e" ] || [ -L "$e" ] || continue',
    '  n=${e##*/}',
    `  [ "$n" = ${q(next)} ] && continue`,
    `  if [ -d "$e" ]; then mkdir ${q(topDir)}/"$n"; else : > ${q(topDir)}/"$n"; fi`,
    `  mount --bind "$e" ${q(topDir)}/"$n" || true`,
    'done',
  ];
}

/** Size of the disk-full fault's file system: one page, which the filler takes. */
const FULL_FS_BYTES = 4096;

/**
 * disk-full, in the namespace only: a one-page tmpfs over `etc/` that is already full. Each existing
 * entry is bind-mounted from the tree onto a placeholder, so reading and rewriting existing files
 * reach the real tree as before, while any new file (a backup, a temp file) gets no data block
 * (ENOSPC; creating it empty still works, as on a real full disk). The filler is held open by a
 * sleeping process (on a descriptor opened before the fork) and unlinked, so nothing extra is listed;
 * it dies with the namespace.
 */
function diskFullLines(etc: string, treeEtc: string): string[] {
  const fill = `${etc}/.ctha-lab-fill`;
  return [
    `mount -t tmpfs -o size=${FULL_FS_BYTES},mode=0755 ctha-disk-full ${q(etc)}`,
    `for f in ${q(treeEtc)}/* ${q(treeEtc)}/.[!.]* ${q(treeEtc)}/..?*; do`,
    '  [ -e "$f" ] || continue',
    '  n=${f##*/}',
    `  if [ -d "$f" ]; then mkdir ${q(etc)}/"$n"; else : > ${q(etc)}/"$n"; fi`,
    `  mount --bind "$f" ${q(etc)}/"$n"`,
    'done',
    `head -c ${FULL_FS_BYTES} /dev/zero > ${q(fill)} || true`,
    // Opened here, before the fork: a child that opened it itself might do so only after the unlink
    // below, and the freed page would let a backup through (seen under load).
    `exec 9< ${q(fill)}`,
    'sleep 2147483647 <&9 &',
    'exec 9<&-',
    `rm -f ${q(fill)}`,
  ];
}

/** The `systemctl` stand-in placed on the namespace's PATH: hands every call to the lab's Node implementation. */
export function systemctlStandIn(nodePath: string, systemctlJs: string, instanceJson: string): string {
  return `#!/bin/sh\nexec ${q(nodePath)} ${q(systemctlJs)} --lab-instance ${q(instanceJson)} "$@"\n`;
}
