// Two places where ssh2's server API cannot say what OpenSSH says; both reach into ssh2 internals
// (checked against ssh2 1.17) and fall back to the library's own behaviour if those are absent.
import type { Connection, SFTPWrapper } from 'ssh2';

interface ProtocolLike {
  channelData(id: number, data: Buffer): void;
  channelOpenFail(recipient: number, reason: number, description: string): void;
}

interface WithProtocol {
  _protocol?: ProtocolLike;
  outgoing?: { id: number; window: number };
}

const SSH2_OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
const SFTP_VERSION_3 = Buffer.from([0, 0, 0, 5, 2, 0, 0, 0, 3]);

/**
 * Rejects a session channel the way OpenSSH does past MaxSessions ("administratively prohibited",
 * description "open failed"); ssh2's own `reject()` sends "connect failed" with no description.
 */
export function rejectLikeOpenSsh(connection: Connection, reject: () => void): void {
  const protocol = (connection as unknown as WithProtocol)._protocol;
  if (!protocol || typeof protocol.channelOpenFail !== 'function') return reject();
  const original = protocol.channelOpenFail;
  protocol.channelOpenFail = (recipient) => original.call(protocol, recipient, SSH2_OPEN_ADMINISTRATIVELY_PROHIBITED, 'open failed');
  try {
    reject();
  } finally {
    protocol.channelOpenFail = original;
  }
}

interface PendingVersion {
  readonly packet: Buffer;
  readonly outgoing: { window: number };
}

const pendingVersions = new WeakMap<ProtocolLike, Map<number, PendingVersion>>();

// One hook per connection: swaps the bare VERSION packet of each waiting SFTP channel for its own.
function versionHook(protocol: ProtocolLike): Map<number, PendingVersion> {
  const existing = pendingVersions.get(protocol);
  if (existing) return existing;
  const pending = new Map<number, PendingVersion>();
  pendingVersions.set(protocol, pending);
  const original = protocol.channelData;
  protocol.channelData = (id, data) => {
    const version = pending.get(id);
    if (!version || !data.equals(SFTP_VERSION_3)) return original.call(protocol, id, data);
    pending.delete(id);
    // ssh2 already counted the 9 bytes of its own packet against the peer's window.
    version.outgoing.window -= version.packet.length - data.length;
    return original.call(protocol, id, version.packet);
  };
  return pending;
}

/**
 * Adds extensions to the SFTP VERSION packet (ssh2's server sends a bare version 3), so clients
 * see `posix-rename@openssh.com` and `fsync@openssh.com` as OpenSSH's sftp-server offers them.
 */
export function advertiseSftpExtensions(sftp: SFTPWrapper, extensions: Record<string, string>): void {
  const channel = sftp as unknown as WithProtocol;
  const protocol = channel._protocol;
  const outgoing = channel.outgoing;
  if (!protocol || !outgoing || typeof protocol.channelData !== 'function') return;
  const parts: Buffer[] = [SFTP_VERSION_3.subarray(4)];
  for (const [name, data] of Object.entries(extensions)) parts.push(sshString(name), sshString(data));
  const body = Buffer.concat(parts);
  versionHook(protocol).set(outgoing.id, { packet: Buffer.concat([uint32(body.length), body]), outgoing });
}

function uint32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value);
  return buf;
}

function sshString(text: string): Buffer {
  const data = Buffer.from(text, 'utf8');
  return Buffer.concat([uint32(data.length), data]);
}
