import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The lab login user's numeric id; high enough to collide with no real account. */
export const LAB_UID = 64123;

/**
 * The host's passwd, group and shadow with the lab user appended. They are bind-mounted over /etc in the
 * instance's mount namespace only, so the machine's real accounts are never touched. `shell` is the
 * user's login shell (the `flood` fault gives it one that answers every command with endless output).
 */
export function accountFiles(
  user: string,
  password: string,
  home: string,
  shell = '/bin/bash',
): { passwd: string; group: string; shadow: string } {
  const withoutUser = (text: string): string =>
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith(`${user}:`))
      .join('\n');
  return {
    passwd: `${withoutUser(readFileSync('/etc/passwd', 'utf8'))}\n${user}:x:${LAB_UID}:${LAB_UID}:CyberTrace lab:${home}:${shell}\n`,
    group: `${withoutUser(readFileSync('/etc/group', 'utf8'))}\n${user}:x:${LAB_UID}:\n`,
    shadow: `${withoutUser(readFileSync('/etc/shadow', 'utf8'))}\n${user}:${passwordHash(password)}:20000:0:99999:7:::\n`,
  };
}

/** A SHA-512 crypt hash made by OpenSSL; the password travels on stdin, never in argv. */
function passwordHash(password: string): string {
  return execFileSync('/usr/bin/openssl', ['passwd', '-6', '-stdin'], { input: `${password}\n`, encoding: 'utf8', timeout: 10_000 }).trim();
}

/** sudoers for the namespace: the lab user may run anything, always with its password (no cached tickets). */
export function sudoersFile(user: string): string {
  return [
    'Defaults env_reset',
    'Defaults timestamp_timeout=0',
    'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
    'root ALL=(ALL:ALL) ALL',
    `${user} ALL=(ALL:ALL) ALL`,
    '',
  ].join('\n');
}

/** Debian's PAM stack for sshd with pam_loginuid made optional: it fails in containers without audit support. */
export function pamSshdFile(): string {
  return readFileSync('/etc/pam.d/sshd', 'utf8').replace(/^session\s+required\s+pam_loginuid\.so/m, 'session optional pam_loginuid.so');
}

/**
 * The `flood` fault's login shell: sshd runs every exec as `shell -c COMMAND`, so this answers every
 * command with an endless stream on stdout (or `floodBytes` of it). SFTP is `internal-sftp` inside sshd
 * and never starts the shell, so file transfer keeps working, as on the emulated host.
 */
export function floodShell(floodBytes?: number): string {
  const stream = "yes 'ctha lab flood: a host that never stops talking'";
  const body = floodBytes === undefined ? `exec ${stream}` : `${stream} | head -c ${Math.max(0, Math.floor(floodBytes))}`;
  return `#!/bin/sh\n# ctha lab fault "flood": the command asked for ("$2") is ignored.\n${body}\n`;
}
