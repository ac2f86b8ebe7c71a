// SHA-256 in one form everywhere: lower-case hex, whether computed here or read from a host's tool.
import { createHash } from 'node:crypto';
import { HostError } from './errors.js';

/** Lower-case hex SHA-256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** The digest in GNU `sha256sum` output (`HASH  NAME`; a leading `\` marks an escaped name). */
export function parseSha256sum(stdout: string, what: string): string {
  const match = /^\\?([0-9a-f]{64}) [ *]/.exec(stdout);
  if (!match?.[1])
    throw new HostError('unexpected-output', `${what}: expected a sha256sum line, got ${JSON.stringify(stdout.slice(0, 120))}`);
  return match[1];
}

/** The digest `(Get-FileHash).Hash` printed (upper-case hex, CRLF), lower-cased. */
export function parseGetFileHash(stdout: string, what: string): string {
  const text = stdout.trim();
  if (!HEX64.test(text))
    throw new HostError('unexpected-output', `${what}: expected a SHA-256 hash, got ${JSON.stringify(text.slice(0, 120))}`);
  return text.toLowerCase();
}
