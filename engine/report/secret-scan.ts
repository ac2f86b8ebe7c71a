// The last guard before a bundle is written: no secret the run knew of, and no private key, may be in it.
// Reports where a secret was found, never the secret itself.

/** Secrets shorter than this are not searched for: they would match ordinary text (dates, counts). */
export const MIN_SEARCHED_SECRET_LENGTH = 6;

// PEM private keys of every kind OpenSSL and OpenSSH write, and PuTTY's key files.
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|PuTTY-User-Key-File-\d/;

/** Where a secret was found: a location and which kind, without the secret. */
export interface SecretHit {
  readonly where: string;
  readonly what: string;
}

/** Raised when a bundle would contain a secret; nothing has been written. */
export class SecretInReportError extends Error {
  override readonly name = 'SecretInReportError';
  constructor(readonly hits: readonly SecretHit[]) {
    super(
      `refusing to write the report: ${hits
        .slice(0, 5)
        .map((hit) => `${hit.where} contains ${hit.what}`)
        .join('; ')}${hits.length > 5 ? `; and ${hits.length - 5} more` : ''}`,
    );
  }
}

/** The forms in which a secret could appear in text: as typed, and escaped inside a JSON string. */
function searchForms(secrets: readonly string[]): { form: string; index: number }[] {
  const forms: { form: string; index: number }[] = [];
  secrets.forEach((secret, index) => {
    if (secret.length < MIN_SEARCHED_SECRET_LENGTH) return;
    forms.push({ form: secret, index });
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) forms.push({ form: escaped, index });
  });
  return forms;
}

/** Finds known secrets and private-key blocks in a text. */
export function scanText(text: string, secrets: readonly string[], where: string): SecretHit[] {
  const hits: SecretHit[] = [];
  const found = new Set<number>();
  for (const { form, index } of searchForms(secrets)) {
    if (!found.has(index) && text.includes(form)) {
      found.add(index);
      hits.push({ where, what: `known secret #${index + 1}` });
    }
  }
  if (PRIVATE_KEY.test(text)) hits.push({ where, what: 'a private key block' });
  return hits;
}

/** Finds known secrets and private-key blocks in every string (keys included) of a JSON value, by path. */
export function scanValue(value: unknown, secrets: readonly string[], path = '$'): SecretHit[] {
  if (typeof value === 'string') return scanText(value, secrets, path);
  if (Array.isArray(value)) return value.flatMap((item, index) => scanValue(item, secrets, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [
      ...scanText(key, secrets, `${path} (a key)`),
      ...scanValue(child, secrets, `${path}.${key}`),
    ]);
  }
  return [];
}

/** Finds known secrets and private-key blocks in raw bytes (read as Latin-1 and as UTF-8). */
export function scanBytes(bytes: Uint8Array, secrets: readonly string[], where: string): SecretHit[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = scanText(buffer.toString('latin1'), secrets, where);
  return latin1.length > 0 ? latin1 : scanText(buffer.toString('utf8'), secrets, where);
}
