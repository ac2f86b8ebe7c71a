// Files on a Windows host: SFTP for bytes and names, PowerShell cmdlets for digests and copies.
import type { SshSession } from '../../ssh/session/index.js';
import { isSessionError } from '../../ssh/session/index.js';
import { parseGetFileHash } from '../dialect/digest.js';
import { HostError } from '../dialect/errors.js';
import type { CallOptions, FileFacts, HostDirEntry } from '../dialect/types.js';
import { psQuote } from '../quoting/powershell.js';
import type { WindowsCommands } from './windows-commands.js';
import { outputLines } from './windows-commands.js';
import { sftpPath, windowsPaths } from './windows-paths.js';

const paths = windowsPaths;

/** File operations of the Windows dialect; the login user is an Administrator, so no staging is needed. */
export class WindowsFiles {
  constructor(
    private readonly session: SshSession,
    private readonly commands: WindowsCommands,
    private readonly timeoutMs: number,
  ) {}

  #sftp(options: CallOptions): { timeoutMs: number } {
    return { timeoutMs: options.timeoutMs ?? this.timeoutMs };
  }

  /** Exact bytes over SFTP (CRLF and BOM untouched). */
  readFile(path: string, options: CallOptions = {}): Promise<Buffer> {
    return this.session.readFile(sftpPath(path), this.#sftp(options));
  }

  /** Directory entries over SFTP, sorted by name. */
  async listDir(path: string, options: CallOptions = {}): Promise<HostDirEntry[]> {
    const entries = await this.session.readdir(sftpPath(path), this.#sftp(options));
    return entries.map(({ name, stat }) => ({ name, type: stat.type, size: stat.size, mtime: stat.mtime }));
  }

  /** `(Get-FileHash -Algorithm SHA256 -LiteralPath p).Hash`, lower-cased. */
  async sha256(path: string, options: CallOptions = {}): Promise<string> {
    const what = `Get-FileHash ${paths.check(path)}`;
    const result = await this.commands.check(
      what,
      `(Get-FileHash -Algorithm SHA256 -LiteralPath ${psQuote(paths.check(path))}).Hash`,
      options,
    );
    return parseGetFileHash(result.stdout.toString('utf8'), what);
  }

  /** Size over SFTP (mode and owner do not apply: Windows rights are ACLs); undefined when missing. */
  async fileFacts(path: string, options: CallOptions = {}): Promise<FileFacts | undefined> {
    try {
      const stat = await this.session.stat(sftpPath(path), this.#sftp(options));
      return { size: stat.size };
    } catch (error) {
      if (isSessionError(error, 'sftp') && error.sftpReason === 'no-such-file') return undefined;
      throw error;
    }
  }

  /** Copy-Item: a new file in the same folder, inheriting the folder's ACL (explicit ACEs are not copied). */
  async copyFile(from: string, to: string, options: CallOptions = {}): Promise<void> {
    await this.commands.check(
      `Copy-Item ${paths.check(from)} ${paths.check(to)}`,
      `Copy-Item -LiteralPath ${psQuote(paths.check(from))} -Destination ${psQuote(paths.check(to))}`,
      options,
    );
  }

  /** The temp file itself: an Administrator may write in the service folder over SFTP. */
  stagingPathFor(tempPath: string): Promise<string> {
    return Promise.resolve(paths.check(tempPath));
  }

  /** Writes the bytes over SFTP in one stream. */
  async upload(path: string, bytes: Buffer, options: CallOptions = {}): Promise<void> {
    await this.session.writeFile(sftpPath(path), bytes, this.#sftp(options));
  }

  /** Nothing to do: uploads already land beside the target (stagingPathFor). */
  install(staged: string, tempPath: string): Promise<void> {
    if (paths.check(staged) !== paths.check(tempPath))
      return Promise.reject(
        new HostError('invalid-path', `Windows uploads land beside the target; cannot install ${staged} as ${tempPath}`),
      );
    return Promise.resolve();
  }

  /**
   * SFTP posix-rename. Windows OpenSSH implements it by deleting the target and then renaming
   * (openssh-portable contrib/win32/win32compat w32_rename): not atomic, so a verified backup exists first.
   */
  async replace(from: string, to: string, options: CallOptions = {}): Promise<string> {
    if (paths.dirname(from) !== paths.dirname(to))
      throw new HostError('invalid-path', `replace needs both paths in one folder: ${from} -> ${to}`);
    const method = await this.session.rename(sftpPath(from), sftpPath(to), this.#sftp(options));
    return method === 'posix-rename' ? 'SFTP posix-rename@openssh.com' : 'SFTP rename';
  }

  /** Removes a file over SFTP; a missing file is fine. */
  async remove(path: string, options: CallOptions = {}): Promise<void> {
    try {
      await this.session.unlink(sftpPath(path), this.#sftp(options));
    } catch (error) {
      if (!(isSessionError(error, 'sftp') && error.sftpReason === 'no-such-file')) throw error;
    }
  }
}

/**
 * Which of `paths` are reparse points (symbolic links, junctions), in one PowerShell script: `Get-Item
 * -Force` does not follow the last component, and its Attributes carry ReparsePoint. A missing path is none.
 */
export async function windowsReparsePoints(
  commands: WindowsCommands,
  paths: readonly string[],
  options: CallOptions = {},
): Promise<string[]> {
  if (paths.length === 0) return [];
  const list = paths.map((path) => psQuote(windowsPaths.check(path))).join(', ');
  const script = [
    `foreach ($ctha_c in @(${list})) {`,
    "  if (Test-Path -LiteralPath $ctha_c) { if ((Get-Item -Force -LiteralPath $ctha_c).Attributes -match 'ReparsePoint') { Write-Output ('#ctha-reparse ' + $ctha_c) } }",
    '}',
    "Write-Output '#ctha-reparse-end'",
  ].join('\n');
  const result = await commands.check('reparse-point check', script, options);
  const lines = outputLines(result.stdout);
  if (!lines.includes('#ctha-reparse-end')) throw new HostError('unexpected-output', 'reparse-point check did not run to its end');
  return lines.filter((line) => line.startsWith('#ctha-reparse ')).map((line) => line.slice('#ctha-reparse '.length));
}
