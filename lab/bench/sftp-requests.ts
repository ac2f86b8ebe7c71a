// Counts the SFTP requests a client sends, per host, by reaching into ssh2's client internals (checked
// against ssh2 1.17): `Client.prototype.sftp` is wrapped to see each SFTP channel the engine opens, and
// a channel's `_writeReqid` (-1, then the id of the last request sent) gives the requests it carried.
// Every SFTP request (OPEN, READ, CLOSE, OPENDIR, READDIR, ...) has its own id and exactly one answer.
// Benchmark-only: if the internals are absent, the count is undefined (not guessed).
import ssh2 from 'ssh2';

type SftpCallback = (error: Error | undefined, sftp: unknown) => void;
type SftpMethod = (this: ClientLike, ...args: unknown[]) => unknown;

interface ClientLike {
  readonly config?: { readonly host?: string; readonly port?: number };
}

interface ChannelLike {
  readonly _writeReqid?: unknown;
}

/** A live count of SFTP requests per `host:port`; `uninstall()` puts ssh2 back as it was. */
export interface SftpRequestCounter {
  /** SFTP requests sent to `host:port` since install; undefined when ssh2's internals could not be read. */
  requestsTo(host: string, port: number): number | undefined;
  /** SFTP channels opened to `host:port` since install. */
  channelsTo(host: string, port: number): number;
  uninstall(): void;
}

let installed = false;

/** Starts counting; only one counter at a time (it patches ssh2's Client prototype). */
export function installSftpRequestCounter(): SftpRequestCounter {
  if (installed) throw new Error('an SFTP request counter is already installed');
  const prototype = ssh2.Client.prototype as unknown as { sftp: SftpMethod };
  const original = prototype.sftp;
  const channels: { key: string; channel: ChannelLike }[] = [];
  prototype.sftp = function (this: ClientLike, ...args: unknown[]): unknown {
    const at = args.findIndex((arg) => typeof arg === 'function');
    const key = `${this.config?.host ?? '?'}:${this.config?.port ?? '?'}`;
    if (at >= 0) {
      const callback = args[at] as SftpCallback;
      args[at] = ((error, sftp) => {
        if (!error && typeof sftp === 'object' && sftp !== null) channels.push({ key, channel: sftp as ChannelLike });
        callback(error, sftp);
      }) satisfies SftpCallback;
    }
    return original.apply(this, args);
  };
  installed = true;
  return {
    requestsTo(host, port) {
      let total = 0;
      for (const { key, channel } of channels) {
        if (key !== `${host}:${port}`) continue;
        if (typeof channel._writeReqid !== 'number') return undefined;
        total += channel._writeReqid + 1;
      }
      return total;
    },
    channelsTo(host, port) {
      return channels.filter(({ key }) => key === `${host}:${port}`).length;
    },
    uninstall() {
      prototype.sftp = original;
      installed = false;
    },
  };
}
