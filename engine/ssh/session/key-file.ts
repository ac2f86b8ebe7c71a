// A private key file from disk, decrypted with a passphrase asked for only when the file is encrypted.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { ParsedKey } from 'ssh2';
import type { SessionContext } from './context.js';
import { messageOf } from './errors.js';
import type { PersonWait } from './secrets.js';
import { askOrCancel } from './secrets.js';
import { utils } from './ssh2-runtime.js';

/** Default passphrase prompts per key file before giving up. */
export const DEFAULT_PASSPHRASE_ATTEMPTS = 3;

// ssh2's wording (keyParser.js) for "encrypted, no passphrase" and for a wrong passphrase.
const NEEDS_PASSPHRASE = /no passphrase given/i;
const BAD_PASSPHRASE = /bad passphrase|integrity check failed|bad decrypt/i;

/** `~/x` is the user's home, as OpenSSH reads IdentityFile. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

function parse(data: Buffer, passphrase?: string): ParsedKey | Error {
  const parsed = utils.parseKey(data, passphrase) as ParsedKey | ParsedKey[] | Error;
  // The OpenSSH format can hold several keys; OpenSSH itself uses the first.
  if (Array.isArray(parsed)) return parsed[0] ?? new Error('the file holds no key');
  return parsed;
}

/** Reads and decrypts the key; asks for the passphrase up to `attempts` times; throws `key-file` or `cancelled`. */
export async function loadPrivateKey(ctx: SessionContext, keyPath: string, person: PersonWait): Promise<ParsedKey> {
  const path = expandHome(keyPath);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : messageOf(error);
    throw ctx.error('key-file', `cannot read key file ${keyPath}: ${why}`, { operation: 'connect', path: keyPath });
  }
  let key = parse(data);
  const attempts = ctx.deps.passphraseAttempts ?? DEFAULT_PASSPHRASE_ATTEMPTS;
  for (let attempt = 0; key instanceof Error && NEEDS_PASSPHRASE.test(key.message) && attempt < attempts; attempt++) {
    const answer = await person(() =>
      askOrCancel(ctx, `passphrase prompt for key file ${keyPath}`, () => ctx.deps.ask<'passphrase'>({ kind: 'passphrase', keyPath })),
    );
    ctx.deps.redactor.add(answer.secret);
    const decrypted = parse(data, answer.secret);
    if (decrypted instanceof Error && BAD_PASSPHRASE.test(decrypted.message)) continue;
    key = decrypted;
  }
  if (key instanceof Error) {
    const message = NEEDS_PASSPHRASE.test(key.message)
      ? `wrong passphrase for key file ${keyPath} (${attempts} attempt${attempts === 1 ? '' : 's'})`
      : `key file ${keyPath} is not a private key this tool can read: ${key.message}`;
    throw ctx.error('key-file', message, { operation: 'connect', path: keyPath });
  }
  if (!key.isPrivateKey())
    throw ctx.error('key-file', `key file ${keyPath} holds a public key; give the private key file`, {
      operation: 'connect',
      path: keyPath,
    });
  return key;
}
