// Test harness for engine/ssh/session: emulated lab hosts, scripted prompts, and the session's deps.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import { EventHub } from '../../../engine/api/event-hub.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import type { SessionDeps, SessionTarget } from '../../../engine/ssh/session/index.js';
import { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { Redactor } from '../../../engine/ssh/transcript/redactor.js';
import { startEmulatedHost } from '../../../lab/emulated/emulated-host.js';
import { generateUsableKeyPair } from '../../../lab/emulated/keys.js';
import type { EmulatedHost, ServiceLike, ServiceResult, ServiceState } from '../../../lab/emulated/types.js';
import type { FaultSpec, LabInstance, LabOs } from '../../../lab/spec.js';
import { LINUX_SERVICE_DIR, WINDOWS_SERVICE_DIR, serviceControlFor } from '../../../lab/spec.js';
import type { Auth } from '../../../shared/project/schema.js';
import type { Prompt, PromptAnswer } from '../../../shared/contract/events.js';

const { utils } = ssh2;

/** The login user of every test host. */
export const USER = 'ctlab';
/** Its password (distinctive, so a search of the transcript cannot match by accident). */
export const PASSWORD = 'Pw-7f3c!q9 Zx';
/** The user's key pair (OpenSSH format; ssh2's own generator sometimes makes unreadable ones). */
export const USER_KEY = generateUsableKeyPair();
/** The host key every test host presents unless a test passes another. */
export const HOST_KEY = generateUsableKeyPair();

/** The raw public key (SSH wire form) of an OpenSSH public key line. */
export function rawPublicKey(line: string): Buffer {
  const parsed = utils.parseKey(line);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('bad public key');
  return parsed.getPublicSSH();
}

/** A service that is always running; these tests never control it. */
export class IdleService implements ServiceLike {
  start(): Promise<ServiceResult> {
    return Promise.resolve({ ok: true, message: 'started' });
  }
  stop(): Promise<ServiceResult> {
    return Promise.resolve({ ok: true, message: 'stopped' });
  }
  status(): Promise<ServiceState> {
    return Promise.resolve('active');
  }
}

/** Options of a test host. */
export interface TestHostOptions {
  readonly os: LabOs;
  readonly address: string;
  readonly faults?: FaultSpec[];
  readonly hostKey?: string;
  /** Public key line the host accepts for the user (default USER_KEY). */
  readonly userPublicKey?: string;
}

/** A running emulated host. */
export interface TestHost {
  readonly host: EmulatedHost;
  readonly instance: LabInstance;
  /** Local path of a host-relative path written with `/` (`opt/x` or `C/Program Files/x`). */
  local(relative: string): string;
  stop(): Promise<void>;
}

/** Builds a tiny host tree and starts an emulated host on it (port chosen by the system). */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const rootDir = mkdtempSync(join(tmpdir(), 'ctha-session-'));
  const linux = options.os === 'linux';
  const version = linux ? '5.1' : '4.4';
  const treeBase = linux ? 'opt/kaspersky/ktfs' : 'C/Program Files/Kaspersky Lab/Kaspersky CyberTrace';
  const path = join(rootDir, treeBase, 'etc/kl_feed_service.conf');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '<?xml version="1.0"?>\n<Root><Port>9999</Port></Root>\n');
  const instance: LabInstance = {
    name: linux ? 'ct-node1' : 'CT-WIN1',
    os: options.os,
    version,
    backend: 'emulated',
    address: options.address,
    sshPort: 0,
    inputPort: 9999,
    serviceDir: linux ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR,
    rootDir,
    stateDir: join(rootDir, '.state'),
    serviceControl: serviceControlFor(options.os, version),
    drift: [],
    faults: options.faults ?? [],
  };
  const host = await startEmulatedHost({
    instance,
    credentials: { user: USER, password: PASSWORD, publicKey: options.userPublicKey ?? USER_KEY.public },
    hostKey: options.hostKey ?? HOST_KEY.private,
    service: new IdleService(),
  }).catch((error: unknown) => {
    rmSync(rootDir, { recursive: true, force: true });
    throw error;
  });
  return {
    host,
    instance,
    local: (relative) => join(rootDir, relative),
    stop: async () => {
      await host.stop();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/** A session target for a host. */
export function targetFor(address: string, port: number, auth: Auth = { method: 'password' }, user = USER): SessionTarget {
  return { instance: 'node-1', host: address, port, user, auth };
}

/** What testDeps hands a test: the deps plus everything it can inspect. */
export interface TestDeps {
  readonly deps: SessionDeps;
  /** Every prompt the session raised, in order. */
  readonly asked: Prompt[];
  readonly transcript: MemoryTranscript;
  readonly redactor: Redactor;
  /** Host keys the verifier saw. */
  readonly verified: Buffer[];
}

/** Options of testDeps. */
export interface TestDepsOptions {
  /** Answers given to the prompts in order; once they run out, prompts are cancelled. */
  readonly answers?: PromptAnswer[];
  /** How long the "person" takes to answer. */
  readonly answerDelayMs?: number;
  /** Host-key verdict; default: accept exactly HOST_KEY. */
  readonly verify?: (rawKey: Buffer) => Promise<boolean>;
  readonly overrides?: Partial<SessionDeps>;
}

/** Real PromptBroker and EventHub, a scripted person answering, an in-memory transcript. */
export function testDeps(options: TestDepsOptions = {}): TestDeps {
  const hub = new EventHub();
  const broker = new PromptBroker(hub, 30_000);
  const answers = [...(options.answers ?? [])];
  const asked: Prompt[] = [];
  hub.subscribe((event) => {
    if (event.name !== 'prompt') return;
    asked.push(event.payload);
    const answer = answers.shift() ?? { kind: 'cancel' };
    setTimeout(() => broker.answer(event.payload.promptId, answer), options.answerDelayMs ?? 0);
  });
  const redactor = new Redactor();
  const transcript = new MemoryTranscript(redactor);
  const verified: Buffer[] = [];
  const expected = rawPublicKey(HOST_KEY.public);
  const verify = options.verify ?? ((key: Buffer) => Promise.resolve(key.equals(expected)));
  const deps: SessionDeps = {
    verifyHostKey: (_host, _port, key) => {
      verified.push(key);
      return verify(key);
    },
    ask: broker.ask.bind(broker),
    transcript,
    redactor,
    timeouts: { readyMs: 5_000, commandMs: 10_000, closeGraceMs: 1_000 },
    ...options.overrides,
  };
  return { deps, asked, transcript, redactor, verified };
}

/** A password answer. */
export const password = (secret: string): PromptAnswer => ({ kind: 'password', secret });
/** A passphrase answer. */
export const passphrase = (secret: string): PromptAnswer => ({ kind: 'passphrase', secret });

/** A private temp folder for key files; removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a private key file with mode 0600 (ssh-add refuses looser ones). */
export function writeKeyFile(dir: string, name: string, privateKey: string): string {
  const path = join(dir, name);
  writeFileSync(path, privateKey, { mode: 0o600 });
  return path;
}

/** A TCP relay to a host that can stop relaying without closing anything: a host that went dead. */
export interface FreezableProxy {
  readonly port: number;
  /** Stops moving bytes in both directions; the sockets stay open. */
  freeze(): void;
  stop(): Promise<void>;
}

/** Starts a relay on `address` (any free port) to `upstream`. */
export async function startFreezableProxy(address: string, upstreamHost: string, upstreamPort: number): Promise<FreezableProxy> {
  const pairs: [Socket, Socket][] = [];
  const server = createServer((inbound) => {
    const outbound = connect(upstreamPort, upstreamHost);
    for (const socket of [inbound, outbound]) socket.on('error', () => undefined);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    pairs.push([inbound, outbound]);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => {
      for (const [inbound, outbound] of pairs) {
        inbound.unpipe(outbound);
        outbound.unpipe(inbound);
        inbound.pause();
        outbound.pause();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) for (const socket of pair) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
