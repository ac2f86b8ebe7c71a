// The network faults of an OpenSSH lab host: a TCP relay owns the host's public SSH port and forwards
// to sshd on an internal port, delaying, withholding or cutting bytes. sshd itself stays untouched.
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { DEFAULT_LATENCY_MS } from '../emulated/faults.js';
import type { FaultSpec } from '../spec.js';

/** The port sshd listens on behind a relay (on the host's own address, so one number serves every host). */
export const SSHD_INTERNAL_PORT = 22022;

/**
 * drop-mid-write fires on the first client-to-server burst at least this large: an SFTP WRITE of a
 * configuration file (kl_feed_service.conf is about 3.5 KiB) in one SSH packet. The engine's other
 * packets stay below it: key exchange (about 1.5 KiB), authentication, exec requests of commands and
 * SFTP requests other than WRITE. SSH is encrypted end to end, so size is all a relay can see.
 */
export const DROP_TRIGGER_BYTES = 3072;

/** Faults the relay implements. */
export const RELAY_FAULTS: ReadonlySet<string> = new Set(['slow', 'silent', 'drop-mid-write']);

/** True when the host's faults need a relay in front of sshd. */
export function needsRelay(faults: readonly FaultSpec[]): boolean {
  return faults.some((fault) => RELAY_FAULTS.has(fault.kind));
}

/** A running relay. */
export interface FaultRelay {
  readonly port: number;
  /** Whether drop-mid-write has cut a connection (it fires once per relay lifetime, like the emulated host's). */
  readonly dropped: boolean;
  stop(): Promise<void>;
}

/** Sends chunks to `target` `delayMs` after they arrived, in order; `end` waits for the last one. */
function delayedWriter(target: Socket, delayMs: number): { write(chunk: Buffer): void; end(): void } {
  let last = 0;
  const at = (): number => (last = Math.max(Date.now() + delayMs, last));
  const later = (action: () => void): void => void setTimeout(action, at() - Date.now()).unref();
  if (delayMs <= 0) return { write: (chunk) => void target.write(chunk), end: () => void target.end() };
  return {
    write: (chunk) => later(() => !target.destroyed && target.write(chunk)),
    end: () => later(() => target.end()),
  };
}

/**
 * Listens on `address:port` and forwards to `address:upstreamPort`:
 * - `silent`: connections are accepted and never answered (nothing is forwarded either way);
 * - `slow`: every chunk from sshd reaches the client `latencyMs` late (default 1500), so every answer
 *   of the protocol is late, order kept;
 * - `drop-mid-write`: the first client burst of DROP_TRIGGER_BYTES or more is forwarded only half,
 *   then both connections are destroyed: sshd gets half an SSH packet and the client no answer.
 */
export async function startFaultRelay(options: {
  readonly address: string;
  readonly port: number;
  readonly upstreamPort: number;
  readonly faults: readonly FaultSpec[];
}): Promise<FaultRelay> {
  const has = (kind: string): boolean => options.faults.some((fault) => fault.kind === kind);
  const slow = options.faults.find((fault) => fault.kind === 'slow');
  const latencyMs = slow ? (slow.latencyMs ?? DEFAULT_LATENCY_MS) : 0;
  const sockets = new Set<Socket>();
  let dropArmed = has('drop-mid-write');
  let dropped = false;
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    return socket;
  };

  const server: Server = createServer((client) => {
    track(client);
    client.setNoDelay(true);
    if (has('silent')) return;
    const upstream = track(connect({ host: options.address, port: options.upstreamPort }));
    upstream.setNoDelay(true);
    const toClient = delayedWriter(client, latencyMs);
    upstream.on('data', (chunk: Buffer) => toClient.write(chunk));
    upstream.on('end', () => toClient.end());
    upstream.on('close', () => setTimeout(() => client.destroy(), latencyMs + 50).unref());
    client.on('data', (chunk: Buffer) => {
      if (dropArmed && chunk.length >= DROP_TRIGGER_BYTES) {
        dropArmed = false;
        dropped = true;
        upstream.write(chunk.subarray(0, Math.floor(chunk.length / 2)), () => {
          upstream.destroy();
          client.destroy();
        });
        return;
      }
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    get dropped() {
      return dropped;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
