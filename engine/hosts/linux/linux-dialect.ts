// The Linux HostDialect: POSIX sh, coreutils, sudo and systemd over one SSH session.
import type { ExecResult, SshSession } from '../../ssh/session/index.js';
import { HostError, stderrText } from '../dialect/errors.js';
import { privilegeReport } from '../dialect/privilege-report.js';
import type { ServiceController, ServiceDetection, ServiceLocation } from '../dialect/service-types.js';
import type {
  CallOptions,
  DialectOptions,
  FileFacts,
  GatherRequest,
  GatherResult,
  HostDetection,
  HostDialect,
  HostDirEntry,
  Privilege,
  PrivilegeReport,
} from '../dialect/types.js';
import { checkGatherRequest, gatherInChunks, gatherResult } from '../dialect/gather-output.js';
import type { CheckedGather } from '../dialect/gather-output.js';
import { runLinuxGather } from './linux-gather.js';
import { DEFAULT_HOST_TIMEOUT_MS } from '../dialect/types.js';
import type { LinuxRunOptions, RootAccess } from './linux-commands.js';
import { LinuxCommands } from './linux-commands.js';
import { LinuxFiles } from './linux-files.js';
import { linuxPaths } from './linux-paths.js';
import type { LinuxProbeStart, LinuxRootProbe } from './linux-privilege.js';
import { isCompleteProbe, probeLinuxRoot } from './linux-privilege.js';
import { SystemctlController, detectSystemctl } from './linux-service.js';

/** A Linux host behind one SSH session. */
export class LinuxDialect implements HostDialect {
  readonly os = 'linux' as const;
  readonly paths = linuxPaths;
  readonly commands: LinuxCommands;
  readonly #files: LinuxFiles;
  #probe: Promise<LinuxRootProbe> | undefined;
  /** The probe's answer once it has one (gather builds its script from it without waiting). */
  #probed: LinuxRootProbe | undefined;

  /** The first probes' answers when the OS probe ran them (id -u, sudo -n), sudo -S still to try. */
  #started: LinuxProbeStart | undefined;

  constructor(
    readonly session: SshSession,
    readonly detection: HostDetection,
    private readonly options: DialectOptions = {},
    /** What the OS probe already found out about root access (open-dialect.ts), if anything. */
    initial?: LinuxRootProbe | LinuxProbeStart,
  ) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS;
    this.commands = new LinuxCommands(session, timeoutMs, () => this.#rootAccess());
    this.#files = new LinuxFiles(session, this.commands, timeoutMs);
    if (initial && isCompleteProbe(initial)) {
      this.#probed = initial;
      this.#probe = Promise.resolve(initial);
    } else this.#started = initial;
  }

  /** Probes root, sudo -n, sudo -S (once; later privileged commands use the result). */
  async detectPrivilege(declared?: Privilege, options: CallOptions = {}): Promise<PrivilegeReport> {
    const probe = await this.#probeOnce(options);
    return privilegeReport(probe.method, probe.detail, declared);
  }

  /** Runs argv as root through the detected method: `sudo -n --` or `sudo -S -p '' --` with the password on stdin. */
  privileged(argv: readonly string[], options: Omit<LinuxRunOptions, 'privileged'> = {}): Promise<ExecResult> {
    return this.commands.run(argv, { ...options, privileged: true });
  }

  readFile(path: string, options?: CallOptions): Promise<Buffer> {
    return this.#files.readFile(path, options);
  }
  /**
   * One `sh -c` script for everything. When privilege is already known, refused reads go through
   * sudo inside that script; when it is not, and something was refused, privilege is probed and the
   * script runs once more with it (the only case with more than one command).
   */
  async gather(request: GatherRequest, options: CallOptions = {}): Promise<GatherResult> {
    const checked = checkGatherRequest(request, linuxPaths, /\//);
    if (checked.files.length === 0 && checked.dirs.length === 0) return { files: new Map(), dirs: new Map() };
    const within = request.within?.map((dir) => linuxPaths.check(dir));
    // Chunks merge files and dirs only: the link reports of every chunk are collected here.
    const links = new Map<string, string>();
    const gathered = await gatherInChunks(checked, (chunk) => this.#gatherChunk(chunk, options, within, links));
    return within === undefined ? gathered : { ...gathered, links };
  }

  async #gatherChunk(
    checked: CheckedGather,
    options: CallOptions,
    within: readonly string[] | undefined,
    links: Map<string, string>,
  ): Promise<GatherResult> {
    const rootOf = (probe: LinuxRootProbe | undefined): RootAccess | undefined =>
      probe === undefined || probe.method === 'none' ? undefined : probe;
    const known = this.#probed;
    let { parsed, result, links: found } = await runLinuxGather(this.commands, checked, rootOf(known), options, within);
    let probe = known;
    if (known === undefined && parsed.problems.some((problem) => problem.word === 'denied')) {
      probe = await this.#probeOnce(options);
      if (probe.method !== 'none')
        ({ parsed, result, links: found } = await runLinuxGather(this.commands, checked, probe, options, within));
    }
    for (const [path, target] of found) links.set(path, target);
    const denyNote =
      probe === undefined ? '' : probe.method === 'none' ? `no root access: ${probe.detail}` : `refused to ${probe.method} too`;
    return gatherResult(checked, parsed, this.session.target.instance, denyNote, stderrText(result.stderr, 400));
  }

  listDir(path: string, options?: CallOptions): Promise<HostDirEntry[]> {
    return this.#files.listDir(path, options);
  }
  sha256(path: string, options?: CallOptions & { privileged?: boolean }): Promise<string> {
    return this.#files.sha256(path, options);
  }
  fileFacts(path: string, options?: CallOptions): Promise<FileFacts | undefined> {
    return this.#files.fileFacts(path, options);
  }
  copyFile(from: string, to: string, options?: CallOptions): Promise<void> {
    return this.#files.copyFile(from, to, options);
  }
  stagingPathFor(tempPath: string, options?: CallOptions): Promise<string> {
    return this.#files.stagingPathFor(tempPath, options);
  }
  upload(path: string, bytes: Buffer, options?: CallOptions): Promise<void> {
    return this.#files.upload(path, bytes, options);
  }
  install(staged: string, tempPath: string, like: FileFacts, options?: CallOptions): Promise<void> {
    return this.#files.install(staged, tempPath, like, options);
  }
  replace(from: string, to: string, options?: CallOptions): Promise<string> {
    return this.#files.replace(from, to, options);
  }
  remove(path: string, options?: CallOptions): Promise<void> {
    return this.#files.remove(path, options);
  }

  /** systemctl with cybertrace.service, or unknown (serviceDir is not needed on Linux). */
  detectService(_location: ServiceLocation = {}, options?: CallOptions): Promise<ServiceDetection> {
    return detectSystemctl(this.commands, options);
  }

  async serviceController(location: ServiceLocation = {}, options?: CallOptions): Promise<ServiceController> {
    const detection = await this.detectService(location, options);
    if (detection.method !== 'systemctl')
      throw new HostError(
        'service-unknown',
        `no known way to control CyberTrace on ${this.session.target.instance}: ${detection.evidence.join('; ')}`,
      );
    return new SystemctlController(this.commands);
  }

  #probeOnce(options: CallOptions = {}): Promise<LinuxRootProbe> {
    this.#probe ??= (async () => {
      const password = this.options.sudoPassword ? await this.options.sudoPassword() : this.session.loginPassword();
      const probe = await probeLinuxRoot(this.commands, password, options.timeoutMs, this.#started);
      this.#probed = probe;
      return probe;
    })();
    // A probe that failed (connection, timeout) must not stick: the next call tries again.
    this.#probe.catch(() => (this.#probe = undefined));
    return this.#probe;
  }

  async #rootAccess(): Promise<RootAccess> {
    const probe = await this.#probeOnce();
    if (probe.method === 'none')
      throw new HostError('privilege-unavailable', `no root access on ${this.session.target.instance}: ${probe.detail}`, 'privilege');
    return probe;
  }
}
