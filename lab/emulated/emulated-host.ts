// startEmulatedHost: an in-process ssh2 server standing in for one CyberTrace host (DESIGN.md 5).
import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import { Authenticator, parseAuthorizedKey } from './auth.js';
import { serveConnection } from './connection.js';
import type { HostContext, SessionContext } from './context.js';
import { FaultState } from './faults.js';
import { Vfs } from './fs/vfs.js';
import { Server } from './ssh2-runtime.js';
import type { EmulatedHost, EmulatedHostOptions } from './types.js';
import { ServiceManager } from './windows/scm.js';

/** Software versions the emulated hosts announce: Debian 12's OpenSSH and Windows Server's. */
export const IDENT = { linux: 'OpenSSH_9.2p1 Debian-2+deb12u3', windows: 'OpenSSH_for_Windows_8.1' } as const;

/** Starts an emulated host listening on instance.address:instance.sshPort (0: any free port). */
export async function startEmulatedHost(options: EmulatedHostOptions): Promise<EmulatedHost> {
  const { instance, credentials } = options;
  const faults = new FaultState(instance.faults);
  const vfs = new Vfs(instance, credentials.user, faults);
  vfs.prepare();
  const host: HostContext = {
    instance,
    credentials,
    sudo: options.sudo ?? 'password',
    service: options.service,
    vfs,
    faults,
    scm: new ServiceManager(options.service),
  };
  const authorizedKey = parseAuthorizedKey(credentials.publicKey);
  const sockets = new Map<string, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const ssh = createSshServer(options.hostKey, instance.os, (connection, info) => {
    const socket = sockets.get(`${info.ip}|${info.port}`);
    const session: SessionContext = { host, drop: () => (socket ? socket.destroy() : connection.end()) };
    const auth = new Authenticator(credentials, authorizedKey, faults, () => connection.end());
    serveConnection(connection, auth, session);
  });

  const listener = createServer((socket) => {
    // Nagle plus loopback's delayed ACKs cost every exec about 86 ms; an SSH server answers at once.
    socket.setNoDelay(true);
    const key = `${socket.remoteAddress ?? ''}|${socket.remotePort ?? 0}`;
    sockets.set(key, socket);
    socket.on('close', () => sockets.delete(key));
    socket.on('error', () => undefined);
    // silent: the TCP handshake completes, then nothing; the client waits for a banner forever.
    if (faults.has('silent')) return;
    const delay = faults.latencyMs;
    if (delay <= 0) return ssh.injectSocket(socket);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!socket.destroyed) ssh.injectSocket(socket);
    }, delay);
    timers.add(timer);
  });

  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(instance.sshPort, instance.address, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const bound = listener.address();
  const port = typeof bound === 'object' && bound ? bound.port : instance.sshPort;

  return {
    port,
    address: instance.address,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        listener.close(() => resolve());
        for (const socket of sockets.values()) socket.destroy();
      }),
  };
}

// A host key ssh2 cannot read is a lab setup error: say which key and why (see keys.ts).
function createSshServer(
  hostKey: string,
  os: 'linux' | 'windows',
  onConnection: ConstructorParameters<typeof Server>[1],
): InstanceType<typeof Server> {
  try {
    return new Server({ hostKeys: [hostKey], ident: IDENT[os] }, onConnection);
  } catch (error) {
    throw new Error(
      `emulated host: ssh2 cannot use the host key (${error instanceof Error ? error.message : String(error)}); generate keys with generateUsableKeyPair()`,
    );
  }
}
