// The Windows HostDialect: Windows OpenSSH (cmd.exe default shell), PowerShell 5.1, SFTP `/C:/` paths.
import type { SshSession } from '../../ssh/session/index.js';
import { HostError } from '../dialect/errors.js';
import { privilegeReport } from '../dialect/privilege-report.js';
import type { ServiceController, ServiceLocation } from '../dialect/service-types.js';
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
import { runWindowsGather } from './windows-gather.js';
import { DEFAULT_HOST_TIMEOUT_MS } from '../dialect/types.js';
import { KlControlController } from './kl-control.js';
import { WindowsCommands } from './windows-commands.js';
import { WindowsFiles } from './windows-files.js';
import { windowsPaths } from './windows-paths.js';
import { probeAdministrator } from './windows-privilege.js';
import type { WindowsServiceDetection } from './windows-service.js';
import { ScController, detectWindowsService, klControlPath } from './windows-service.js';

/** A Windows host behind one SSH session; every command is an encoded PowerShell script. */
export class WindowsDialect implements HostDialect {
  readonly os = 'windows' as const;
  readonly paths = windowsPaths;
  readonly commands: WindowsCommands;
  readonly #files: WindowsFiles;

  /** Administrators membership, once known (the OS probe usually finds it; it cannot change within a session). */
  #admin: { admin: boolean; detail: string } | undefined;

  constructor(
    readonly session: SshSession,
    readonly detection: HostDetection,
    options: DialectOptions = {},
    /** The OS probe's answer about Administrators membership, if it asked. */
    admin?: { admin: boolean; detail: string },
  ) {
    this.#admin = admin;
    const timeoutMs = options.timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS;
    this.commands = new WindowsCommands(session, timeoutMs);
    this.#files = new WindowsFiles(session, this.commands, timeoutMs);
  }

  /** 'administrator' when the session's token is in Administrators, else 'none'. */
  async detectPrivilege(declared?: Privilege, options: CallOptions = {}): Promise<PrivilegeReport> {
    const probe = (this.#admin ??= await probeAdministrator(this.commands, options.timeoutMs));
    return privilegeReport(probe.admin ? 'administrator' : 'none', probe.detail, declared);
  }

  readFile(path: string, options?: CallOptions): Promise<Buffer> {
    return this.#files.readFile(path, options);
  }
  /** One encoded PowerShell script for everything (split only when over cmd.exe's command-line limit). */
  async gather(request: GatherRequest, options: CallOptions = {}): Promise<GatherResult> {
    const checked = checkGatherRequest(request, windowsPaths, /[\\/]/);
    if (checked.files.length === 0 && checked.dirs.length === 0) return { files: new Map(), dirs: new Map() };
    return gatherInChunks(checked, async (chunk) => {
      const { parsed, stderr } = await runWindowsGather(this.commands, chunk, options);
      return gatherResult(chunk, parsed, this.session.target.instance, '', stderr);
    });
  }

  listDir(path: string, options?: CallOptions): Promise<HostDirEntry[]> {
    return this.#files.listDir(path, options);
  }
  sha256(path: string, options?: CallOptions): Promise<string> {
    return this.#files.sha256(path, options);
  }
  fileFacts(path: string, options?: CallOptions): Promise<FileFacts | undefined> {
    return this.#files.fileFacts(path, options);
  }
  copyFile(from: string, to: string, options?: CallOptions): Promise<void> {
    return this.#files.copyFile(from, to, options);
  }
  stagingPathFor(tempPath: string): Promise<string> {
    return this.#files.stagingPathFor(tempPath);
  }
  upload(path: string, bytes: Buffer, options?: CallOptions): Promise<void> {
    return this.#files.upload(path, bytes, options);
  }
  install(staged: string, tempPath: string): Promise<void> {
    return this.#files.install(staged, tempPath);
  }
  replace(from: string, to: string, options?: CallOptions): Promise<string> {
    return this.#files.replace(from, to, options);
  }
  remove(path: string, options?: CallOptions): Promise<void> {
    return this.#files.remove(path, options);
  }

  /** kl_control.bat (4.0/4.1) if present, else sc.exe on the SCM service running this instance's binary, else unknown. */
  detectService(location: ServiceLocation = {}, options?: CallOptions): Promise<WindowsServiceDetection> {
    return detectWindowsService(this.commands, location, options);
  }

  async serviceController(location: ServiceLocation = {}, options?: CallOptions): Promise<ServiceController> {
    const detection = await this.detectService(location, options);
    switch (detection.method) {
      case 'sc':
        // detectService only says sc when the SCM named exactly one service for this instance's binary.
        return new ScController(this.commands, detection.serviceName ?? '');
      case 'kl_control':
        // detectService only says kl_control when serviceDir was given and the script exists.
        return new KlControlController(this.commands, klControlPath(location.serviceDir ?? ''), location.serviceDir ?? '');
      case 'systemctl':
      case 'unknown':
        throw new HostError(
          'service-unknown',
          `no known way to control CyberTrace on ${this.session.target.instance}: ${detection.evidence.join('; ')}`,
        );
    }
  }
}
