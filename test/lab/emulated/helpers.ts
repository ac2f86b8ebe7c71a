// Test harness: a tiny host tree in a temp dir, a fake service, and an ssh2 Client as the peer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConnectConfig, SFTPWrapper } from 'ssh2';
import ssh2 from 'ssh2';
import { startEmulatedHost } from '../../../lab/emulated/emulated-host.js';
import { generateUsableKeyPair } from '../../../lab/emulated/keys.js';
import type { EmulatedHost, SudoMode } from '../../../lab/emulated/types.js';
import type { FaultSpec, LabInstance, LabOs, LabVersion } from '../../../lab/spec.js';
import { LINUX_SERVICE_DIR, WINDOWS_SERVICE_DIR, serviceControlFor } from '../../../lab/spec.js';
import { FakeService } from '../fake-service.js';
export { FakeService };

const { Client } = ssh2;
type ClientType = InstanceType<typeof Client>;

/** The login user of every test host. */
export const USER = 'ctlab';
/** Its password. */
export const PASSWORD = 'S3cret pass';
/** The user's key pair (OpenSSH format). */
export const USER_KEY = generateUsableKeyPair();
/** The host key every test host presents unless a test passes another. */
export const HOST_KEY = generateUsableKeyPair();

/** Options of a test host. */
export interface TestHostOptions {
  readonly os: LabOs;
  readonly version?: LabVersion;
  readonly faults?: FaultSpec[];
  readonly sudo?: SudoMode;
  readonly address?: string;
  readonly hostKey?: string;
  readonly files?: Record<string, string | Buffer>;
}

/** A running test host and what a test needs to talk to it. */
export interface TestHost {
  readonly host: EmulatedHost;
  readonly instance: LabInstance;
  readonly service: FakeService;
  /** Local path of a host-relative path written with `/` (`opt/x` or `C/Program Files/x`). */
  local(relative: string): string;
  stop(): Promise<void>;
}

/** The service config path as the host names it. */
export function confPath(os: LabOs): string {
  return os === 'linux' ? `${LINUX_SERVICE_DIR}/etc/kl_feed_service.conf` : `${WINDOWS_SERVICE_DIR}\\etc\\kl_feed_service.conf`;
}

/** Builds a tree and starts an emulated host on it. */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const rootDir = mkdtempSync(join(tmpdir(), 'ctha-emulated-'));
  const version = options.version ?? (options.os === 'linux' ? '5.1' : '4.4');
  const serviceDir = options.os === 'linux' ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR;
  const treeBase = options.os === 'linux' ? 'opt/kaspersky/ktfs' : 'C/Program Files/Kaspersky Lab/Kaspersky CyberTrace';
  const files: Record<string, string | Buffer> = {
    [`${treeBase}/etc/kl_feed_service.conf`]: '<?xml version="1.0"?>\n<Root><Port>9999</Port></Root>\n',
    ...(options.os === 'windows' && version === '4.1' ? { [`${treeBase}/bin/kl_control.bat`]: '@echo off\r\n' } : {}),
    ...options.files,
  };
  for (const [relative, content] of Object.entries(files)) {
    const path = join(rootDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  const instance: LabInstance = {
    name: options.os === 'linux' ? 'ct-node1' : 'CT-WIN1',
    os: options.os,
    version,
    backend: 'emulated',
    address: options.address ?? '127.0.0.1',
    sshPort: 0,
    inputPort: 9999,
    serviceDir,
    rootDir,
    stateDir: join(rootDir, '.state'),
    serviceControl: serviceControlFor(options.os, version),
    drift: [],
    faults: options.faults ?? [],
  };
  const service = new FakeService();
  const host = await startEmulatedHost({
    instance,
    credentials: { user: USER, password: PASSWORD, publicKey: USER_KEY.public },
    hostKey: options.hostKey ?? HOST_KEY.private,
    service,
    ...(options.sudo ? { sudo: options.sudo } : {}),
  });
  return {
    host,
    instance,
    service,
    local: (relative) => join(rootDir, relative),
    stop: async () => {
      await host.stop();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/** Connects with the given auth (password by default); rejects on any failure. */
export function connect(test: TestHost, config: Partial<ConnectConfig> = {}): Promise<ClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let ready = false;
    client.on('ready', () => {
      ready = true;
      resolve(client);
    });
    client.on('error', reject);
    client.on('close', () => {
      if (!ready) reject(new Error('connection closed before authentication completed'));
    });
    client.connect({ host: test.host.address, port: test.host.port, username: USER, password: PASSWORD, readyTimeout: 10_000, ...config });
  });
}

/** Result of one exec. */
export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/** Runs a command; `stdin` is written then EOF is sent (EOF alone when omitted) unless `keepStdinOpen`. */
export function exec(client: ClientType, command: string, stdin?: string | Buffer, keepStdinOpen = false): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let code: number | null = null;
      stream.on('data', (chunk: Buffer) => out.push(chunk));
      stream.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      stream.on('exit', (exitCode: number | null) => {
        code = exitCode;
      });
      stream.on('close', () => {
        const stdoutBytes = Buffer.concat(out);
        resolve({ code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
      });
      if (keepStdinOpen) {
        if (stdin !== undefined) stream.write(stdin);
      } else {
        stream.end(stdin);
      }
    });
  });
}

/** Opens an SFTP session. */
export function sftp(client: ClientType): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((error, session) => (error ? reject(error) : resolve(session))));
}

/** Promisifies one SFTP call that calls back with (error, value). */
export function call<T>(run: (callback: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

/** Base64 of a script as UTF-16LE, as `-EncodedCommand` wants it. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** The PowerShell command line the engine sends for a script. */
export function powershellCommand(script: string): string {
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encodePowerShell(script)}`;
}

/** Quotes a value as a PowerShell single-quoted string, doubling every single-quote character. */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}
