// Test keys made by ssh2 and fingerprinted by the real ssh-keygen, the reference an engineer uses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';

const { utils } = ssh2;

/** A generated public key in the forms the tests need. */
export interface TestKey {
  /** OpenSSH public key line: `ssh-ed25519 AAAA... comment`. */
  readonly line: string;
  readonly type: string;
  /** Base64 field of the line. */
  readonly base64: string;
  /** The raw blob, as ssh2 hands it to hostVerifier. */
  readonly raw: Buffer;
  /** What `ssh-keygen -lf` prints for it. */
  readonly keygenLine: string;
  /** The `SHA256:` field of keygenLine. */
  readonly keygenFingerprint: string;
}

/** Runs ssh-keygen with the given arguments and returns its stdout. */
export function sshKeygen(args: readonly string[]): string {
  return execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A temporary directory removed by the returned function. */
export function tempDir(): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ctha-hostkeys-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * An ssh2-generated key pair that ssh2 can read back. About 1 ed25519 key in 256 comes out
 * malformed (its public half loses a leading zero byte: mscdex/ssh2 issues 1390, 1513), so retry.
 */
export function generateKeyPair(
  kind: 'ed25519' | 'rsa' | 'ecdsa' = 'ed25519',
  comment = 'test@lab',
): { readonly public: string; readonly private: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair =
      kind === 'rsa'
        ? utils.generateKeyPairSync('rsa', { bits: 2048, comment })
        : kind === 'ecdsa'
          ? utils.generateKeyPairSync('ecdsa', { bits: 256, comment })
          : utils.generateKeyPairSync('ed25519', { comment });
    if (!(utils.parseKey(pair.public) instanceof Error) && !(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error(`ssh2 produced no readable ${kind} key in 20 attempts`);
}

/** Generates a key with ssh2 and fingerprints its public half with ssh-keygen -lf. */
export function makeKey(kind: 'ed25519' | 'rsa' | 'ecdsa' = 'ed25519', comment = 'test@lab'): TestKey {
  const pair = generateKeyPair(kind, comment);
  const [type = '', base64 = ''] = pair.public.split(' ');
  const parsed = utils.parseKey(pair.public);
  if (parsed instanceof Error) throw parsed;
  const { dir, remove } = tempDir();
  try {
    const file = join(dir, 'key.pub');
    writeFileSync(file, `${pair.public}\n`);
    const keygenLine = sshKeygen(['-lf', file]).trim();
    const keygenFingerprint = keygenLine.split(' ')[1] ?? '';
    return { line: pair.public, type, base64, raw: parsed.getPublicSSH(), keygenLine, keygenFingerprint };
  } finally {
    remove();
  }
}
