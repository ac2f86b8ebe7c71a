// Reads OpenSSH known_hosts text (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT") into checked entries.
// A file people bring from their own laptop is never trusted to be well formed: every bad line is
// reported with its number and skipped, and nothing here throws.
import { fingerprintOf, keyTypeOf } from './fingerprint.js';

/** Who a line applies to: comma-separated patterns, or one HMAC-SHA1 hashed name (`|1|salt|hash`). */
export type KnownHostsHosts =
  | { readonly kind: 'patterns'; readonly patterns: readonly string[] }
  | { readonly kind: 'hashed'; readonly salt: Buffer; readonly hash: Buffer };

/** One usable known_hosts line; `revoked` keys must never be accepted. */
export interface KnownHostsEntry {
  readonly line: number;
  readonly marker: 'none' | 'revoked';
  readonly hosts: KnownHostsHosts;
  readonly type: string;
  readonly fingerprint: string;
  readonly comment: string;
}

/** A remark about one line (1-based), either a problem or a deliberate skip. */
export interface KnownHostsNote {
  readonly line: number;
  readonly message: string;
}

/** Everything read from a known_hosts text. */
export interface ParsedKnownHosts {
  readonly entries: readonly KnownHostsEntry[];
  /** Lines that are not valid known_hosts syntax. */
  readonly problems: readonly KnownHostsNote[];
  /** Valid lines this tool skips on purpose (for example `@cert-authority`). */
  readonly notes: readonly KnownHostsNote[];
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HASHED = /^\|1\|([^|]+)\|([^|]+)$/;
const SHA1_LENGTH = 20;

type LineResult = KnownHostsEntry | { readonly problem: string } | { readonly note: string } | null;

function parseHosts(field: string): KnownHostsHosts | string {
  if (field.startsWith('|')) {
    const match = HASHED.exec(field);
    const [salt, hash] = [match?.[1] ?? '', match?.[2] ?? ''];
    if (!match || !BASE64.test(salt) || !BASE64.test(hash)) return 'hashed host name is not in the |1|salt|hash form';
    const decoded = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    if (decoded.salt.length !== SHA1_LENGTH || decoded.hash.length !== SHA1_LENGTH)
      return 'hashed host name has a salt or hash of the wrong length';
    return { kind: 'hashed', ...decoded };
  }
  const patterns = field.split(',');
  if (patterns.some((pattern) => pattern === '' || pattern === '!')) return 'empty host name in the comma-separated list';
  return { kind: 'patterns', patterns };
}

function parseLine(text: string, line: number): LineResult {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const fields = trimmed.split(/[ \t]+/);
  let marker: KnownHostsEntry['marker'] = 'none';
  if (fields[0]?.startsWith('@')) {
    const word = fields.shift();
    // A CA line trusts every host certificate it signs; this tool pins individual keys instead.
    if (word === '@cert-authority') return { note: 'skipped @cert-authority line: host certificates are not used, only pinned host keys' };
    if (word !== '@revoked') return { problem: `unknown marker "${word ?? ''}" (expected @revoked or @cert-authority)` };
    marker = 'revoked';
  }
  const [hostField, type, key, ...comment] = fields;
  if (hostField === undefined || type === undefined || key === undefined)
    return { problem: 'expected host names, a key type and a base64 key' };
  const hosts = parseHosts(hostField);
  if (typeof hosts === 'string') return { problem: hosts };
  if (!BASE64.test(key)) return { problem: `the ${type} key is not valid base64` };
  const blob = Buffer.from(key, 'base64');
  let blobType: string;
  try {
    blobType = keyTypeOf(blob);
  } catch (error) {
    return { problem: `the ${type} key is not an SSH public key (${(error as Error).message})` };
  }
  // OpenSSH refuses a line whose stated type differs from the key's own; so do we.
  if (blobType !== type) return { problem: `the line says ${type} but the key is ${blobType}` };
  return { line, marker, hosts, type, fingerprint: fingerprintOf(blob), comment: comment.join(' ') };
}

/** Parses known_hosts text: plain, `[host]:port` and hashed names, `@revoked`; bad lines become problems. */
export function parseKnownHosts(text: string): ParsedKnownHosts {
  const entries: KnownHostsEntry[] = [];
  const problems: KnownHostsNote[] = [];
  const notes: KnownHostsNote[] = [];
  // A BOM and CRLF appear when the file went through a Windows editor.
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((content, index) => {
      const line = index + 1;
      const result = parseLine(content, line);
      if (result === null) return;
      if ('problem' in result) problems.push({ line, message: result.problem });
      else if ('note' in result) notes.push({ line, message: result.note });
      else entries.push(result);
    });
  return { entries, problems, notes };
}
