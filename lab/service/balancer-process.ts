// The lab's Balancer as a process the lab owns: it follows the Balancer unit's state file (written by the
// emulated shell's systemctl/sc.exe and by the OpenSSH host's systemctl stand-in alike) and listens on the
// address and matching_port of kl_balancer.conf exactly while the unit is active. What a real Balancer
// answers there is not documented beyond taking events (REFERENCE 3.3): the lab accepts connections and
// reads and discards what arrives. Fault `balancer-refuses-start`: the first start made while any file the
// Balancer was installed with (its conf, stored certificates, licence keys) is changed or gone leaves the unit
// active but nothing listening; once per lab lifetime, as `drop-mid-write` is, so a rollback's start (files
// put back) and a later apply's start listen again.
import { createHash } from 'node:crypto';
import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { hostPathToLocal } from '../host-paths.js';
import type { LabBalancer, LabInstance } from '../spec.js';
import { BALANCER_FILES, balancerLicenseDir } from '../trees/balancer-conf.js';
import type { BalancerUnitResult } from '../trees/balancer-service-state.js';
import { balancerStatePath, readBalancerRecord, writeBalancerAnswer } from '../trees/balancer-service-state.js';

/** A running follower of one host's Balancer unit; stop() closes the listener and stops following. */
export interface BalancerProcess {
  /** Where it listens now (`address:port`), or undefined while it does not. */
  listening(): string | undefined;
  stop(): Promise<void>;
}

// A missed file event must not leave a request unanswered for long: the state file is read this often too.
const FALLBACK_POLL_MS = 500;

/** Where kl_balancer.conf says the Balancer listens for events: the `Balancer` element's value and matching_port. */
export function balancerEndpoint(confText: string): { address: string; port: number } | undefined {
  const element = /<Balancer\b([^>]*)>\s*([^<]*?)\s*<\/Balancer>/.exec(confText);
  const port = element === null ? undefined : /\bmatching_port\s*=\s*"(\d{1,5})"/.exec(element[1] ?? '')?.[1];
  if (element === null || port === undefined || element[2] === undefined || element[2] === '') return undefined;
  const number = Number(port);
  return number >= 1 && number <= 65535 ? { address: element[2], port: number } : undefined;
}

/** Each Balancer file as installed, by path, with its SHA-256: the conf, the stored certificates, the licence folder. */
async function installedFiles(dir: string, balancer: LabBalancer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const add = async (path: string): Promise<void> => void files.set(path, await digest(path));
  await add(join(dir, ...BALANCER_FILES.conf));
  for (const folder of [join(dir, ...BALANCER_FILES.certDir), join(dir, ...balancerLicenseDir(balancer))]) {
    const names = await readdir(folder).catch(() => []);
    for (const name of names.sort()) await add(join(folder, name));
  }
  return files;
}

async function digest(path: string): Promise<string> {
  const bytes = await readFile(path).catch(() => undefined);
  return bytes === undefined ? 'absent' : createHash('sha256').update(bytes).digest('hex');
}

async function firstChange(installed: ReadonlyMap<string, string>): Promise<string | undefined> {
  for (const [path, sha] of installed) if ((await digest(path)) !== sha) return path;
  return undefined;
}

/**
 * Starts following the Balancer unit of `host` (the instance the lab runs Balancer on): resolves once the
 * unit's current state is acted on, so the Balancer listens when the lab reports itself running. Rejects
 * when an active unit cannot listen (the address or port is taken), naming it.
 */
export async function startBalancerProcess(host: LabInstance, balancer: LabBalancer): Promise<BalancerProcess> {
  const dir = hostPathToLocal(host, host.serviceDir);
  const confPath = join(dir, ...BALANCER_FILES.conf);
  const refusing = host.faults.some((fault) => fault.kind === 'balancer-refuses-start');
  const installed = refusing ? await installedFiles(dir, balancer) : new Map<string, string>();
  let running = false;
  let server: Server | undefined;
  let at: string | undefined;
  const sockets = new Set<Socket>();
  let answered: string | undefined;
  let stopped = false;
  let refused = false;

  const close = async (): Promise<void> => {
    running = false;
    const open = server;
    server = undefined;
    at = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (open !== undefined) await new Promise<void>((resolve) => open.close(() => resolve()));
  };

  const listen = async (): Promise<BalancerUnitResult> => {
    const changed = refusing && !refused ? await firstChange(installed) : undefined;
    if (changed !== undefined) {
      refused = true;
      running = true;
      return {
        ok: true,
        message: `started; not listening (fault balancer-refuses-start: ${basename(changed)} differs from the installed file)`,
      };
    }
    const text = await readFile(confPath, 'utf8').catch(() => undefined);
    const endpoint = text === undefined ? undefined : balancerEndpoint(text);
    if (endpoint === undefined)
      return { ok: false, message: `${confPath}: ${text === undefined ? 'cannot be read' : 'no Balancer element with a matching_port'}` };
    const next = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
      // Events are taken and dropped: the lab's Balancer forwards nothing (docs/LAB-SIMULATOR.md, Balancer).
      socket.resume();
    });
    const error = await new Promise<Error | undefined>((resolve) => {
      next.once('error', resolve);
      next.listen(endpoint.port, endpoint.address, () => resolve(undefined));
    });
    if (error !== undefined)
      return {
        ok: false,
        message: `cannot listen on ${endpoint.address}:${endpoint.port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
      };
    next.on('error', () => undefined);
    running = true;
    server = next;
    at = `${endpoint.address}:${endpoint.port}`;
    return { ok: true, message: `listening on ${at}` };
  };

  // One reconcile at a time: a file event and the fallback poll never act on the same request twice.
  let chain: Promise<BalancerUnitResult | undefined> = Promise.resolve(undefined);
  const reconcile = (): Promise<BalancerUnitResult | undefined> => {
    chain = chain
      .catch(() => undefined)
      .then(async () => {
        if (stopped) return undefined;
        const record = await readBalancerRecord(host).catch(() => undefined);
        if (record === undefined) return undefined;
        let result: BalancerUnitResult;
        if (record.state === 'active' && !running) result = await listen();
        else if (record.state !== 'active' && running) result = (await close(), { ok: true, message: 'stopped' });
        else result = { ok: true, message: running ? (at === undefined ? 'running, not listening' : `listening on ${at}`) : 'not running' };
        if (record.request !== undefined && record.request !== answered) {
          answered = record.request;
          await writeBalancerAnswer(host, record.request, result);
        }
        return result;
      });
    return chain;
  };

  const stateName = basename(balancerStatePath(host));
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(host.stateDir, (_event, name) => {
      if (name === null || name.startsWith(stateName)) void reconcile();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(() => void reconcile(), FALLBACK_POLL_MS);
  poll.unref();
  const stop = async (): Promise<void> => {
    stopped = true;
    clearInterval(poll);
    watcher?.close();
    await chain.catch(() => undefined);
    await close();
  };
  const first = await reconcile();
  if (first !== undefined && !first.ok) {
    await stop();
    throw new Error(`${host.name}: the lab's Balancer did not start: ${first.message}`);
  }
  return { listening: () => at, stop };
}
