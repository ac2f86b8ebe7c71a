// Reads a fingerprint an engineer pastes from an out-of-band source (the host's console, a mail
// from the customer's admin): whatever wrapping it came in, only the `SHA256:` value and, when
// the text says so, the key type are kept.
import { SHA256_FINGERPRINT } from './fingerprint.js';

/** A pasted fingerprint that could be read, or the reason it could not. */
export type PastedFingerprint =
  { readonly ok: true; readonly fingerprint: string; readonly keyType?: string } | { readonly ok: false; readonly message: string };

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521))$/;
const MD5 = /(^|[\s(])(MD5:)?[0-9a-f]{2}(:[0-9a-f]{2}){15}(?=$|[\s.)])/i;
const WHERE =
  'On the host run `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` ' +
  '(Windows: `ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub`) and paste its SHA256: line.';

// ssh-keygen names the family in capitals at the end, `(ED25519)`, or the ssh client at the start.
function typeFromFamily(family: string, bits: string | undefined): string | undefined {
  switch (family.toUpperCase()) {
    case 'ED25519':
      return 'ssh-ed25519';
    case 'RSA':
      return 'ssh-rsa';
    case 'DSA':
      return 'ssh-dss';
    case 'ECDSA':
      return bits === '256' || bits === '384' || bits === '521' ? `ecdsa-sha2-nistp${bits}` : undefined;
    default:
      return undefined;
  }
}

function keyTypeIn(words: readonly string[]): string | undefined {
  const named = words.find((word) => KEY_TYPE.test(word));
  if (named) return named;
  const bits = /^\d+$/.test(words[0] ?? '') ? words[0] : undefined;
  const suffix = /^\(([A-Z0-9]+)\)$/i.exec(words.at(-1) ?? '');
  if (suffix?.[1]) return typeFromFamily(suffix[1], bits);
  const prefix = /^(ED25519|RSA|DSA|ECDSA)$/i.exec(words[0] ?? '');
  return prefix?.[1] ? typeFromFamily(prefix[1], bits) : undefined;
}

/** Reads `SHA256:x`, `ssh-ed25519 SHA256:x` or an `ssh-keygen -lf` line; refuses MD5 and anything unclear. */
export function parsePastedFingerprint(text: string): PastedFingerprint {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return { ok: false, message: `Nothing was pasted. ${WHERE}` };
  if (lines.length > 1) return { ok: false, message: 'Paste one fingerprint at a time (one line).' };
  const line = lines[0] ?? '';
  if (MD5.test(line)) {
    return {
      ok: false,
      message: `This is an MD5 fingerprint. MD5 fingerprints are refused: MD5 is broken and cannot prove a key's identity. ${WHERE}`,
    };
  }
  const found = [...line.matchAll(/SHA256:([A-Za-z0-9+/]*)=*/gi)];
  if (found.length === 0) return { ok: false, message: `No SHA256: fingerprint found. ${WHERE}` };
  if (found.length > 1) return { ok: false, message: 'More than one fingerprint in the pasted line: paste only the one to compare.' };
  const fingerprint = `SHA256:${found[0]?.[1] ?? ''}`;
  if (!SHA256_FINGERPRINT.test(fingerprint)) {
    const length = fingerprint.length - 'SHA256:'.length;
    return { ok: false, message: `The fingerprint has ${length} characters after "SHA256:"; a complete one has 43. Was it cut off?` };
  }
  // Drop the trailing "." of the ssh client's "key fingerprint is SHA256:x." before reading words.
  const keyType = keyTypeIn(line.replace(/\.$/, '').split(/\s+/));
  return keyType ? { ok: true, fingerprint, keyType } : { ok: true, fingerprint };
}

/** True when a pasted fingerprint names the presented key (base64 is case-sensitive; the type must agree if given). */
export function pastedMatches(
  pasted: { readonly fingerprint: string; readonly keyType?: string },
  presented: { readonly type: string; readonly fingerprint: string },
): boolean {
  return pasted.fingerprint === presented.fingerprint && (pasted.keyType === undefined || pasted.keyType === presented.type);
}
