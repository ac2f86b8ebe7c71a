// Files on a Linux host: SFTP where the login user may, coreutils with privilege where only root may.
import type { SshSession } from '../../ssh/session/index.js';
import { isSessionError } from '../../ssh/session/index.js';
import { FILE_CAP_BYTES } from '../../ssh/session/index.js';
import { parseSha256sum } from '../dialect/digest.js';
import { HostError, failureReason } from '../dialect/errors.js';
import type { CallOptions, FileFacts, HostDirEntry } from '../dialect/types.js';
import type { LinuxCommands } from './linux-commands.js';
import { linuxPaths } from './linux-paths.js';

const paths = linuxPaths;

/** Runs `attempt` unprivileged, and again with privilege when the host said "permission denied". */
async function withPrivilegeFallback<T>(attempt: (privileged: boolean) => Promise<T>, forced: boolean | undefined): Promise<T> {
  if (forced === true) return attempt(true);
  try {
    return await attempt(false);
  } catch (error) {
    if (forced === false || failureReason(error) !== 'permission-denied') throw error;
    return attempt(true);
  }
}

/** File operations of the Linux dialect. */
export class LinuxFiles {
  #home: Promise<string> | undefined;

  constructor(
    private readonly session: SshSession,
    private readonly commands: LinuxCommands,
    private readonly timeoutMs: number,
  ) {}

  // SFTP requests get the dialect's bound too, not the session's (longer) default.
  #sftp(options: CallOptions): { timeoutMs: number } {
    return { timeoutMs: options.timeoutMs ?? this.timeoutMs };
  }

  /** Exact bytes over SFTP; `cat` as root when SFTP may not read the file (a 0600 root file). */
  readFile(path: string, options: CallOptions = {}): Promise<Buffer> {
    paths.check(path);
    return withPrivilegeFallback(async (privileged) => {
      if (!privileged) return this.session.readFile(path, this.#sftp(options));
      return (await this.commands.check(`cat ${path}`, ['cat', '--', path], { ...options, privileged, maxOutputBytes: FILE_CAP_BYTES }))
        .stdout;
    }, undefined);
  }

  /** Directory entries over SFTP, sorted by name. */
  async listDir(path: string, options: CallOptions = {}): Promise<HostDirEntry[]> {
    const entries = await this.session.readdir(paths.check(path), this.#sftp(options));
    return entries.map(({ name, stat }) => ({ name, type: stat.type, size: stat.size, mtime: stat.mtime }));
  }

  /** `sha256sum -- path`, privileged when forced or when the file is not readable otherwise. */
  sha256(path: string, options: CallOptions & { privileged?: boolean } = {}): Promise<string> {
    paths.check(path);
    const what = `sha256sum ${path}`;
    return withPrivilegeFallback(
      async (privileged) =>
        parseSha256sum((await this.commands.check(what, ['sha256sum', '--', path], { ...options, privileged })).stdout.toString(), what),
      options.privileged,
    );
  }

  /** `stat -c '%a %u %g %s'` (mode, owner, size); undefined when the file does not exist. */
  async fileFacts(path: string, options: CallOptions = {}): Promise<FileFacts | undefined> {
    paths.check(path);
    const what = `stat ${path}`;
    try {
      // No `--`: the lab's stat and chmod take none, and an absolute path cannot look like an option.
      const result = await withPrivilegeFallback(
        (privileged) => this.commands.check(what, ['stat', '-c', '%a %u %g %s', path], { ...options, privileged }),
        undefined,
      );
      const match = /^([0-7]{1,4}) (\d+) (\d+) (\d+)\n?$/.exec(result.stdout.toString());
      if (!match)
        throw new HostError('unexpected-output', `${what}: unexpected output ${JSON.stringify(result.stdout.toString().slice(0, 120))}`);
      return { mode: parseInt(match[1] ?? '', 8), uid: Number(match[2]), gid: Number(match[3]), size: Number(match[4]) };
    } catch (error) {
      if (failureReason(error) === 'not-found') return undefined;
      throw error;
    }
  }

  /** `cp -p` as root: the copy keeps mode, owner and times. */
  async copyFile(from: string, to: string, options: CallOptions = {}): Promise<void> {
    await this.commands.check(`cp -p ${from} ${to}`, ['cp', '-p', '--', paths.check(from), paths.check(to)], {
      ...options,
      privileged: true,
    });
  }

  /** A staging file in the login user's home: the service tree belongs to root, so SFTP cannot write there. */
  async stagingPathFor(tempPath: string, options: CallOptions = {}): Promise<string> {
    this.#home ??= this.commands.check('pwd', ['pwd'], options).then((result) => paths.check(result.stdout.toString().replace(/\n$/, '')));
    const home = await this.#home.catch((error: unknown) => {
      this.#home = undefined;
      throw error;
    });
    return paths.join(home, `.ctha-stage-${paths.basename(tempPath)}`);
  }

  /** Writes the bytes over SFTP with mode 0600 (the content may hold secrets). */
  async upload(path: string, bytes: Buffer, options: CallOptions = {}): Promise<void> {
    await this.session.writeFile(paths.check(path), bytes, { ...this.#sftp(options), mode: 0o600 });
  }

  /** As root: `cp` the staged file to `tempPath`, then `chown` and `chmod` it to `like`'s owner and mode. */
  async install(staged: string, tempPath: string, like: FileFacts, options: CallOptions = {}): Promise<void> {
    const run = { ...options, privileged: true };
    await this.commands.check(`cp ${staged} ${tempPath}`, ['cp', '--', paths.check(staged), paths.check(tempPath)], run);
    // chown first: on Linux it may clear set-id bits that chmod then puts back.
    if (like.uid !== undefined && like.gid !== undefined)
      await this.commands.check(`chown ${tempPath}`, ['chown', `${like.uid}:${like.gid}`, tempPath], run);
    if (like.mode !== undefined)
      await this.commands.check(`chmod ${tempPath}`, ['chmod', like.mode.toString(8).padStart(4, '0'), tempPath], run);
  }

  /** `mv -f` as root within one directory: rename(2), which replaces the target atomically. */
  async replace(from: string, to: string, options: CallOptions = {}): Promise<string> {
    if (paths.dirname(from) !== paths.dirname(to))
      throw new HostError('invalid-path', `replace needs both paths in one directory: ${from} -> ${to}`);
    await this.commands.check(`mv ${from} ${to}`, ['mv', '-f', '--', from, to], { ...options, privileged: true });
    return 'mv -f (rename(2) in the same directory: atomic)';
  }

  /** Removes a file: SFTP first (own files, e.g. staging), `rm -f` as root when that is refused. */
  async remove(path: string, options: CallOptions = {}): Promise<void> {
    try {
      await this.session.unlink(paths.check(path), this.#sftp(options));
    } catch (error) {
      if (isSessionError(error, 'sftp') && error.sftpReason === 'no-such-file') return;
      if (failureReason(error) !== 'permission-denied') throw error;
      await this.commands.check(`rm ${path}`, ['rm', '-f', '--', path], { ...options, privileged: true });
    }
  }
}
