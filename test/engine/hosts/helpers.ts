// Test harness for engine/hosts: emulated lab hosts with a realistic tree, and sessions opened the engine's way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { EventHub } from '../../../engine/api/event-hub.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import type { SessionDeps, SshSession } from '../../../engine/ssh/session/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { Redactor } from '../../../engine/ssh/transcript/redactor.js';
import { startEmulatedHost } from '../../../lab/emulated/emulated-host.js';
import { generateUsableKeyPair } from '../../../lab/emulated/keys.js';
import type { EmulatedHost, SudoMode } from '../../../lab/emulated/types.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import type { FaultSpec, LabInstance, LabOs, LabVersion } from '../../../lab/spec.js';
import { LINUX_SERVICE_DIR, WINDOWS_SERVICE_DIR, serviceControlFor } from '../../../lab/spec.js';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import type { HostTreeLayout } from '../../../lab/trees/tree-layout.js';
import type { Auth } from '../../../shared/project/schema.js';
import { FakeService } from '../../lab/fake-service.js';
import type { FreezableProxy } from '../session/helpers.js';
import { startFreezableProxy } from '../session/helpers.js';
export { FakeService };

const { utils } = ssh2;

/** The login user of every test host. */
export const USER = 'ctlab';
/** Its password (distinctive, so a search of the transcript cannot match by accident). */
export const PASSWORD = 'Hx-41!sudo pw';
/** The host key every test host presents. */
export const HOST_KEY = generateUsableKeyPair();
/** The user's key pair. */
export const USER_KEY = generateUsableKeyPair();

/** Options of a test host. */
export interface HostOptions {
  readonly os: LabOs;
  /** Loopback address; every test file uses its own from 127.0.62.x. */
  readonly address: string;
  readonly version?: LabVersion;
  readonly faults?: FaultSpec[];
  readonly sudo?: SudoMode;
}

/** A running emulated host with the lab's install tree. */
export interface TestHost {
  readonly host: EmulatedHost;
  readonly instance: LabInstance;
  readonly service: FakeService;
  readonly layout: HostTreeLayout;
  /** The local file behind a host path. */
  local(hostPath: string): string;
  stop(): Promise<void>;
}

/** Generates the lab's tree for the OS and version and starts an emulated host on it. */
export async function startHost(options: HostOptions): Promise<TestHost> {
  const rootDir = mkdtempSync(join(tmpdir(), 'ctha-hosts-'));
  const version = options.version ?? (options.os === 'linux' ? '5.1' : '4.4');
  const instance: LabInstance = {
    name: options.os === 'linux' ? 'ct-linux-1' : 'CT-WIN-1',
    os: options.os,
    version,
    backend: 'emulated',
    address: options.address,
    sshPort: 0,
    inputPort: 9999,
    serviceDir: options.os === 'linux' ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR,
    rootDir: join(rootDir, 'root'),
    stateDir: join(rootDir, 'state'),
    serviceControl: serviceControlFor(options.os, version),
    drift: [],
    faults: options.faults ?? [],
  };
  await generateHostTree(instance, {
    balancer: { address: '127.0.62.1', matchingPort: 9999, apiPort: 8443, cybertracePort: 9998 },
    simulatorPath: '/nonexistent/kl_feed_service.js',
    nodePath: process.execPath,
  });
  const service = new FakeService();
  const host = await startEmulatedHost({
    instance,
    credentials: { user: USER, password: PASSWORD, publicKey: USER_KEY.public },
    hostKey: HOST_KEY.private,
    service,
    ...(options.sudo ? { sudo: options.sudo } : {}),
  });
  return {
    host,
    instance,
    service,
    layout: hostTreeLayout(instance),
    local: (hostPath) => hostPathToLocal(instance, hostPath),
    stop: async () => {
      await host.stop();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/** The raw public key (SSH wire form) of an OpenSSH public key line. */
export function rawPublicKey(line: string): Buffer {
  const parsed = utils.parseKey(line);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('bad public key');
  return parsed.getPublicSSH();
}

/** Session deps for tests: the expected host key accepted, password prompts answered, a transcript to inspect. */
export function sessionDeps(
  password: string,
  hostPublicKey: string,
  overrides: Partial<SessionDeps> = {},
): { deps: SessionDeps; transcript: MemoryTranscript } {
  const hub = new EventHub();
  const broker = new PromptBroker(hub, 30_000);
  hub.subscribe((event) => {
    if (event.name === 'prompt' && event.payload.kind === 'password')
      broker.answer(event.payload.promptId, { kind: 'password', secret: password });
  });
  const redactor = new Redactor();
  const transcript = new MemoryTranscript(redactor);
  const expected = rawPublicKey(hostPublicKey);
  const deps: SessionDeps = {
    verifyHostKey: (_host, _port, key) => Promise.resolve(key.equals(expected)),
    ask: broker.ask.bind(broker),
    transcript,
    redactor,
    timeouts: { readyMs: 8_000, commandMs: 15_000, closeGraceMs: 1_000 },
    ...overrides,
  };
  return { deps, transcript };
}

/** Opens a session to an emulated test host (password login unless told otherwise). */
export async function openTo(
  test: TestHost,
  options: { auth?: Auth; overrides?: Partial<SessionDeps>; port?: number } = {},
): Promise<{ session: SshSession; transcript: MemoryTranscript }> {
  const { deps, transcript } = sessionDeps(PASSWORD, HOST_KEY.public, options.overrides);
  const session = await openSession(
    {
      instance: test.instance.name,
      host: test.host.address,
      port: options.port ?? test.host.port,
      user: USER,
      auth: options.auth ?? { method: 'password' },
    },
    deps,
  );
  return { session, transcript };
}

/** A TCP relay that can stop moving bytes without closing anything: a host that went silent mid-session. */
export type FreezableRelay = FreezableProxy;

/** Starts a relay on `address` (any free port) to the test host. */
export function startRelay(address: string, test: TestHost): Promise<FreezableRelay> {
  return startFreezableProxy(address, test.host.address, test.host.port);
}
