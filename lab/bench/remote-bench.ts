// The remote-read benchmark's measurements (docs/BENCHMARKS.md): the engine connecting to every lab
// instance at once and reading the files the audit needs, through the engine's own code path
// (openSession, openDialect with its privilege probe, discoverInstance); and the baseline, one plain OpenSSH `ssh`
// process per instance running one `cat` of the same files. Loopback only; every wait is bounded.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EventHub } from '../../engine/api/event-hub.js';
import { PromptBroker } from '../../engine/api/prompt-broker.js';
import { certFileOf, discoverInstance } from '../../engine/cybertrace/discovery/discover-instance.js';
import { hostFile } from '../../engine/cybertrace/discovery/host-file.js';
import { installCandidates } from '../../engine/cybertrace/discovery/install-candidates.js';
import { openDialect } from '../../engine/hosts/dialect/index.js';
import { shCommand } from '../../engine/hosts/quoting/posix.js';
import { fingerprintOf } from '../../engine/ssh/host-keys/fingerprint.js';
import type { SessionDeps } from '../../engine/ssh/session/index.js';
import { openSession } from '../../engine/ssh/session/index.js';
import { MemoryTranscript } from '../../engine/ssh/transcript/memory-transcript.js';
import { Redactor } from '../../engine/ssh/transcript/redactor.js';
import { parseProjectText } from '../../shared/project/parse.js';
import type { Project } from '../../shared/project/schema.js';
import { hostPathToLocal } from '../host-paths.js';
import type { LabFile, LabHostRecord } from '../orchestrator/lab-file.js';
import { installSftpRequestCounter } from './sftp-requests.js';

/** Bounds of one measurement: per SSH login, per remote operation, and for the whole parallel run. */
export interface MeasureOptions {
  readonly readyMs?: number;
  readonly operationMs?: number;
  readonly runMs?: number;
}

/**
 * How the engine reads: `gather` (what the audit uses: one command for OS and privilege, two
 * gathers) or `per-file` (for comparison: OS probe, privilege probed command by command, then one
 * SFTP read per file and a listing, as before gather existed).
 */
export type ReadMode = 'gather' | 'per-file';

const DEFAULTS = { readyMs: 20_000, operationMs: 30_000, runMs: 90_000 } as const;

/** One file the engine read: where, how many bytes, and whether they equal the lab's local tree. */
export interface FileRead {
  readonly path: string;
  readonly bytes: number;
  /** Byte-for-byte equal to the file under the instance's rootDir; undefined when that file cannot be read here. */
  readonly matchesLocal: boolean | undefined;
}

/** What one instance cost the engine. */
export interface InstanceMeasurement {
  readonly instance: string;
  /** openSession: TCP connect, key exchange, host-key check, authentication. */
  readonly connectMs: number;
  /** After the handshake until the last file was read (OS detection included). */
  readonly workMs: number;
  readonly closeMs: number;
  /** Where workMs went: the first command (OS and privilege), the gather of configs and keys, the gather of the CertFile. */
  readonly stepsMs: { readonly probe: number; readonly gather: number; readonly cert: number };
  /** Transcript entries after the connect entry: one per remote operation (an exec, an SFTP read, a listing). */
  readonly operations: number;
  /** The same, by kind: `exec`, `sftp read`, `sftp readdir`, ... */
  readonly operationsByKind: Readonly<Record<string, number>>;
  /** SFTP protocol requests (OPEN, READ, CLOSE, OPENDIR, READDIR, ...); undefined if ssh2's internals could not be read. */
  readonly sftpRequests: number | undefined;
  /** SSH channels opened after the handshake (each exec, and the SFTP subsystem). */
  readonly channelsOpened: number;
  readonly files: readonly FileRead[];
}

/** One parallel run of the engine over every instance of a lab. */
export interface EngineMeasurement {
  readonly wallMs: number;
  readonly instances: readonly InstanceMeasurement[];
}

/** One parallel run of plain `ssh ... cat` over every instance. */
export interface BaselineMeasurement {
  readonly wallMs: number;
  readonly instances: readonly { readonly instance: string; readonly bytes: number; readonly matchesLocal: boolean | undefined }[];
}

function localBytes(host: LabHostRecord, path: string): Buffer | undefined {
  try {
    return readFileSync(hostPathToLocal(host.instance, path));
  } catch {
    return undefined;
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** Session deps as a front end would give them: password prompts answered from lab.json, only the lab's host keys accepted. */
function benchDeps(lab: LabFile, options: Required<MeasureOptions>): { deps: SessionDeps; transcript: MemoryTranscript; stop: () => void } {
  const hub = new EventHub();
  const broker = new PromptBroker(hub, options.readyMs);
  const unsubscribe = hub.subscribe((event) => {
    if (event.name === 'prompt' && event.payload.kind === 'password' && event.payload.purpose === 'ssh') {
      broker.answer(event.payload.promptId, { kind: 'password', secret: lab.credentials.password });
    }
  });
  const redactor = new Redactor();
  const transcript = new MemoryTranscript(redactor);
  const deps: SessionDeps = {
    // The fingerprint lab.json recorded for this address and port, and nothing else.
    verifyHostKey: (host, port, rawKey) => {
      const expected = lab.hosts.find((record) => record.instance.address === host && record.instance.sshPort === port)?.hostKeyFingerprint;
      return Promise.resolve(expected !== undefined && fingerprintOf(rawKey) === expected);
    },
    ask: broker.ask.bind(broker),
    transcript,
    redactor,
    timeouts: { readyMs: options.readyMs, commandMs: options.operationMs },
  };
  return { deps, transcript, stop: unsubscribe };
}

interface Collected {
  readonly host: LabHostRecord;
  readonly connectMs: number;
  readonly workMs: number;
  readonly closeMs: number;
  readonly stepsMs: InstanceMeasurement['stepsMs'];
  readonly channelsOpened: number;
  readonly files: readonly { readonly path: string; readonly data: Buffer }[];
}

/**
 * What the audit reads from one instance, through the audit's own code: openSession, openDialect (OS
 * and privilege in its first command), then `discoverInstance` (the gathers of the configs, licence
 * keys and CertFile, the service-control probe and `kl_feed_service -v`), exactly as `ctha audit` runs it.
 */
async function readAuditFiles(
  host: LabHostRecord,
  user: string,
  project: Project,
  deps: SessionDeps,
  operationMs: number,
  mode: ReadMode,
): Promise<Collected> {
  if (mode === 'per-file') return readAuditFilesOneByOne(host, user, deps, operationMs);
  const { instance } = host;
  const member = project.instances.find((entry) => entry.name === instance.name);
  if (member === undefined) throw new Error(`${instance.name}: not in the lab's project`);
  const started = performance.now();
  const session = await openSession(
    { instance: instance.name, host: instance.address, port: instance.sshPort, user, auth: { method: 'password' } },
    deps,
  );
  const connected = performance.now();
  const files: { path: string; data: Buffer }[] = [];
  let read = connected;
  let channelsOpened = 0;
  const stepsMs = { probe: 0, gather: 0, cert: 0 };
  try {
    const dialect = await openDialect(session, { expectedOs: instance.os, timeoutMs: operationMs });
    const privilege = await dialect.detectPrivilege(undefined, { timeoutMs: operationMs });
    if (privilege.detected === 'none') throw new Error(`${instance.name}: no privilege: ${privilege.detail}`);
    const probed = performance.now();
    stepsMs.probe = probed - connected;
    const discovery = await discoverInstance({ instance: { ...member, serviceDir: instance.serviceDir }, dialect, privilege });
    stepsMs.gather = performance.now() - probed;
    const found = discovery.files;
    if (found === undefined) throw new Error(`${instance.name}: discovery found no CyberTrace: ${discovery.facts.serviceDir.evidence}`);
    for (const file of [
      found.serviceConf,
      found.feedUtilConf,
      ...(found.certificate ? [found.certificate] : []),
      ...found.licenseDir.keys,
    ]) {
      if (!file.present) throw new Error(`${instance.name}: ${file.path} not read: ${file.reason}`);
      files.push({ path: file.path, data: Buffer.from(file.bytes) });
    }
    read = performance.now();
    channelsOpened = session.stats().opened;
  } finally {
    await session.close();
  }
  return {
    host,
    connectMs: connected - started,
    workMs: read - connected,
    closeMs: performance.now() - read,
    stepsMs,
    channelsOpened,
    files,
  };
}

/** The comparison path: the same files and checks, one remote operation at a time (9 for one licence key). */
async function readAuditFilesOneByOne(host: LabHostRecord, user: string, deps: SessionDeps, operationMs: number): Promise<Collected> {
  const { instance } = host;
  const started = performance.now();
  const session = await openSession(
    { instance: instance.name, host: instance.address, port: instance.sshPort, user, auth: { method: 'password' } },
    deps,
  );
  const connected = performance.now();
  const files: { path: string; data: Buffer }[] = [];
  let read = connected;
  let channelsOpened = 0;
  const stepsMs = { probe: 0, gather: 0, cert: 0 };
  try {
    const bound = { timeoutMs: operationMs };
    const dialect = await openDialect(session, { expectedOs: instance.os, timeoutMs: operationMs, probePrivilege: false });
    const privilege = await dialect.detectPrivilege(undefined, bound);
    if (privilege.detected === 'none') throw new Error(`${instance.name}: no privilege: ${privilege.detail}`);
    const probed = performance.now();
    stepsMs.probe = probed - connected;
    const { paths } = dialect;
    const configDir = paths.join(instance.serviceDir, dialect.os === 'linux' ? 'etc' : 'bin');
    const serviceConf = paths.join(configDir, 'kl_feed_service.conf');
    const feedUtilConf = paths.join(configDir, 'kl_feed_util.conf');
    const serviceBytes = await dialect.readFile(serviceConf, bound);
    const utilBytes = await dialect.readFile(feedUtilConf, bound);
    const licenseDir = paths.join(paths.join(instance.serviceDir, 'httpsrv'), 'lic');
    const keys: { path: string; data: Buffer }[] = [];
    for (const entry of await dialect.listDir(licenseDir, bound)) {
      if (entry.type !== 'file' || !entry.name.endsWith('.key')) continue;
      const path = paths.join(licenseDir, entry.name);
      keys.push({ path, data: await dialect.readFile(path, bound) });
    }
    const gathered = performance.now();
    stepsMs.gather = gathered - probed;
    // Where CertFile points, by the audit's own rule (resolved from the binary's folder).
    const install = installCandidates(dialect, instance.serviceDir)[0];
    const certPath = install === undefined ? undefined : certFileOf(dialect, install, hostFile(feedUtilConf, utilBytes)).path;
    if (certPath === undefined) throw new Error(`${instance.name}: kl_feed_util.conf names no readable CertFile`);
    const cert = await dialect.readFile(certPath, bound);
    stepsMs.cert = performance.now() - gathered;
    files.push({ path: serviceConf, data: serviceBytes }, { path: feedUtilConf, data: utilBytes }, { path: certPath, data: cert }, ...keys);
    read = performance.now();
    channelsOpened = session.stats().opened;
  } finally {
    await session.close();
  }
  return {
    host,
    connectMs: connected - started,
    workMs: read - connected,
    closeMs: performance.now() - read,
    stepsMs,
    channelsOpened,
    files,
  };
}

/**
 * Connects to every instance of the lab in parallel and reads the audit's files; the wall time runs
 * from the first connect to the last session closed. Byte checks against the local trees happen after
 * the clock stops.
 */
export async function measureEngine(lab: LabFile, options: MeasureOptions & { readonly mode?: ReadMode } = {}): Promise<EngineMeasurement> {
  const { mode = 'gather', ...rest } = options;
  const bounds = { ...DEFAULTS, ...rest };
  const { deps, transcript, stop } = benchDeps(lab, bounds);
  // The lab's own project says how each instance is logged in to and with what privilege, as for ctha audit.
  const parsed = parseProjectText(readFileSync(lab.projectPath, 'utf8'));
  if (!parsed.ok)
    throw new Error(
      `${lab.projectPath} is not a valid project: ${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
  const { project } = parsed;
  const counter = installSftpRequestCounter();
  try {
    const started = performance.now();
    const collected = await withDeadline(
      Promise.all(lab.hosts.map((host) => readAuditFiles(host, lab.credentials.user, project, deps, bounds.operationMs, mode))),
      bounds.runMs,
      `reading from ${lab.hosts.length} instance(s)`,
    );
    const wallMs = performance.now() - started;
    const entries = transcript.entries();
    const instances = collected.map((one): InstanceMeasurement => {
      const { instance } = one.host;
      const operationsByKind: Record<string, number> = {};
      for (const entry of entries) {
        if (entry.instance !== instance.name || entry.kind === 'connect') continue;
        const kind = entry.kind === 'exec' ? 'exec' : `sftp ${entry.op}`;
        operationsByKind[kind] = (operationsByKind[kind] ?? 0) + 1;
      }
      return {
        instance: instance.name,
        connectMs: one.connectMs,
        workMs: one.workMs,
        closeMs: one.closeMs,
        stepsMs: one.stepsMs,
        operations: Object.values(operationsByKind).reduce((sum, count) => sum + count, 0),
        operationsByKind,
        sftpRequests: counter.requestsTo(instance.address, instance.sshPort),
        channelsOpened: one.channelsOpened,
        files: one.files.map(({ path, data }) => {
          const local = localBytes(one.host, path);
          return { path, bytes: data.length, matchesLocal: local === undefined ? undefined : local.equals(data) };
        }),
      };
    });
    return { wallMs, instances };
  } finally {
    counter.uninstall();
    stop();
  }
}

/** The key exchange ssh2 (the engine) negotiates with OpenSSH; OpenSSH 9.x's own default is sntrup761x25519-sha512. */
export const ENGINE_KEX = 'curve25519-sha256@libssh.org';

function sshCat(lab: LabFile, host: LabHostRecord, paths: readonly string[], timeoutMs: number, kex: string | undefined): Promise<Buffer> {
  const { instance } = host;
  const args = [
    // OpenSSH's built-in defaults: no ~/.ssh/config or /etc/ssh/ssh_config (GSSAPI, ControlMaster) to skew the figure.
    '-F',
    '/dev/null',
    '-i',
    lab.credentials.privateKeyPath,
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${lab.knownHostsPath}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'LogLevel=ERROR',
    ...(kex === undefined ? [] : ['-o', `KexAlgorithms=${kex}`]),
    '-p',
    String(instance.sshPort),
    `${lab.credentials.user}@${instance.address}`,
    shCommand(['cat', '--', ...paths]),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      'ssh',
      args,
      { encoding: 'buffer', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`ssh ${instance.name} cat: ${error.message.split('\n')[0] ?? ''} ${stderr.toString('utf8').trim().slice(0, 400)}`),
          );
        else resolve(stdout);
      },
    );
  });
}

/**
 * The baseline: one `ssh -i <lab key> -o BatchMode=yes ... user@addr 'cat f1 f2 ...'` process per
 * instance, all started at once; the wall time runs until the last one has exited. `kex` restricts
 * OpenSSH's key exchange (e.g. to ENGINE_KEX); its defaults otherwise.
 */
export async function measureBaseline(
  lab: LabFile,
  pathsByInstance: ReadonlyMap<string, readonly string[]>,
  options: MeasureOptions & { readonly kex?: string } = {},
): Promise<BaselineMeasurement> {
  const bounds = { ...DEFAULTS, ...options };
  const jobs = lab.hosts.map((host) => {
    const paths = pathsByInstance.get(host.instance.name);
    if (!paths || paths.length === 0) throw new Error(`no files to read for ${host.instance.name}`);
    return { host, paths };
  });
  const started = performance.now();
  const outputs = await withDeadline(
    Promise.all(jobs.map(({ host, paths }) => sshCat(lab, host, paths, bounds.operationMs, options.kex))),
    bounds.runMs,
    `ssh to ${jobs.length} instance(s)`,
  );
  const wallMs = performance.now() - started;
  return {
    wallMs,
    instances: jobs.map(({ host, paths }, index) => {
      const output = outputs[index] ?? Buffer.alloc(0);
      const locals = paths.map((path) => localBytes(host, path));
      const expected = locals.every((local) => local !== undefined) ? Buffer.concat(locals as Buffer[]) : undefined;
      return {
        instance: host.instance.name,
        bytes: output.length,
        matchesLocal: expected === undefined ? undefined : expected.equals(output),
      };
    }),
  };
}
