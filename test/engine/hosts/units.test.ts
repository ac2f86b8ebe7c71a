import { describe, expect, it } from 'vitest';
import { parseGetFileHash, parseSha256sum } from '../../../engine/hosts/dialect/digest.js';
import { commandFailureReason, failureReason, HostError } from '../../../engine/hosts/dialect/errors.js';
import { boundedArgv, hostBoundSeconds, privilegedArgv } from '../../../engine/hosts/linux/linux-commands.js';
import { backupName, backupStamp } from '../../../engine/hosts/safe-write/index.js';
import { SessionError } from '../../../engine/ssh/session/index.js';

const sessionError = (code: SessionError['code'], sftpReason?: SessionError['sftpReason']): SessionError =>
  new SessionError({ code, message: 'x', instance: 'i', target: 'h:22', ...(sftpReason ? { sftpReason } : {}) });

describe('backup names', () => {
  it('are <name>.ctha-backup-<UTC yyyymmddThhmmssZ>, with -N when taken', () => {
    const at = new Date(Date.UTC(2026, 6, 4, 9, 8, 7, 654));
    expect(backupStamp(at)).toBe('20260704T090807Z');
    expect(backupName('kl_feed_service.conf', at)).toBe('kl_feed_service.conf.ctha-backup-20260704T090807Z');
    expect(backupName('kl_feed_service.conf', at, 3)).toBe('kl_feed_service.conf.ctha-backup-20260704T090807Z-3');
  });
});

describe('Linux command wrapping', () => {
  it('bounds on the host one second inside the session bound, never below one second', () => {
    expect(hostBoundSeconds(30_000)).toBe(29);
    expect(hostBoundSeconds(2_500)).toBe(2);
    expect(hostBoundSeconds(500)).toBe(1);
    expect(boundedArgv(['cat', '--', '/x'], 10_000)).toEqual(['timeout', '--kill-after=5', '9', 'cat', '--', '/x']);
  });

  it('puts sudo in front as detected; the password is never part of argv', () => {
    expect(privilegedArgv('root', ['cp', 'a', 'b'])).toEqual(['cp', 'a', 'b']);
    expect(privilegedArgv('sudo', ['cp', 'a', 'b'])).toEqual(['sudo', '-n', '--', 'cp', 'a', 'b']);
    expect(privilegedArgv('sudo-password', ['cp', 'a', 'b'])).toEqual(['sudo', '-S', '-p', '', '--', 'cp', 'a', 'b']);
  });
});

describe('failure reasons', () => {
  it('from stderr of coreutils, sudo and PowerShell, and from timeout exit codes', () => {
    expect(commandFailureReason(1, "cp: error writing '/opt/x': No space left on device\n", true)).toBe('no-space');
    expect(commandFailureReason(1, "cp: cannot create regular file '/opt/x': Operation not permitted\n", true)).toBe('permission-denied');
    expect(commandFailureReason(1, "Copy-Item : Access to the path 'C:\\x' is denied.\r\n", false)).toBe('permission-denied');
    expect(commandFailureReason(1, 'Set-Content : There is not enough space on the disk.\r\n', false)).toBe('no-space');
    expect(commandFailureReason(1, 'Sorry, try again.\nsudo: 1 incorrect password attempt\n', true)).toBe('privilege');
    expect(commandFailureReason(1, 'sha256sum: /x: No such file or directory\n', true)).toBe('not-found');
    expect(commandFailureReason(124, '', true)).toBe('timeout');
    expect(commandFailureReason(124, '', false)).toBe('command-failed');
  });

  it('from session errors and SFTP reasons', () => {
    expect(failureReason(sessionError('connection-lost'))).toBe('connection-lost');
    expect(failureReason(sessionError('timeout'))).toBe('timeout');
    expect(failureReason(sessionError('sftp', 'no-space'))).toBe('no-space');
    expect(failureReason(sessionError('sftp', 'permission-denied'))).toBe('permission-denied');
    expect(failureReason(sessionError('sftp', 'no-such-file'))).toBe('not-found');
    expect(failureReason(sessionError('sftp', 'failure'))).toBe('sftp');
    expect(failureReason(new HostError('privilege-unavailable', 'x', 'privilege'))).toBe('privilege');
    expect(failureReason(new Error('x'))).toBe('other');
  });
});

describe('digest output', () => {
  it('reads GNU sha256sum lines, escaped names included, and Get-FileHash upper-case hex', () => {
    const hash = 'a'.repeat(64);
    expect(parseSha256sum(`${hash}  /opt/x y\n`, 'w')).toBe(hash);
    expect(parseSha256sum(`\\${hash}  /opt/a\\nb\n`, 'w')).toBe(hash);
    expect(() => parseSha256sum('sha256sum: /x: Permission denied', 'sha256sum /x')).toThrow(/expected a sha256sum line/);
    expect(parseGetFileHash(`${'AB'.repeat(32)}\r\n`, 'w')).toBe('ab'.repeat(32));
    expect(() => parseGetFileHash('', 'w')).toThrow(/expected a SHA-256 hash/);
  });
});
