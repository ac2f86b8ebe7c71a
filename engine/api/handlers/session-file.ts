// The wizard session file beside a project: where it lives, what may be in it, and reading it without ever failing hard.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../shared/contract/errors.js';
import type { WizardSession } from '../../../shared/contract/ops/session.js';
import { MAX_SESSION_BYTES, WIZARD_SESSION_FORMAT, WizardSessionSchema } from '../../../shared/contract/ops/session.js';
import { besideProject } from '../../project/project-file.js';
import { scanValue } from '../../report/secret-scan.js';
import type { SecretHit } from '../../report/secret-scan.js';

/**
 * The session file of a project: `site.ctha.json` -> `site.ctha-session.json` in the same folder; any other name
 * gets the suffix appended (`site.json` -> `site.json.ctha-session.json`), so it never replaces the project itself.
 */
export function sessionFilePath(projectPath: string): string {
  return besideProject(resolve(projectPath), 'session');
}

// Names under which a secret would be kept; a string under such a key is refused whatever it holds.
const SECRET_KEY = /(?:password|passphrase|passwd|secret|private_?key)$/i;

function secretKeys(value: unknown, path: string): SecretHit[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => secretKeys(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    SECRET_KEY.test(key) && typeof child === 'string' && child !== ''
      ? [{ where: `${path}.${key}`, what: 'a value named like a password, passphrase or key' }]
      : secretKeys(child, `${path}.${key}`),
  );
}

/**
 * Where a session holds something that looks like a secret: a private-key block anywhere (the report's own scan,
 * engine/report/secret-scan.ts) or a non-empty string under a password/passphrase/secret/private-key name.
 */
export function sessionSecrets(session: unknown): SecretHit[] {
  return [...scanValue(session, [], '$'), ...secretKeys(session, '$')];
}

/** The session beside a project, or why the file there cannot be resumed; never throws for the file's content. */
export async function readSessionFile(
  projectPath: string,
): Promise<{ path: string; session?: WizardSession | undefined; problem?: string | undefined }> {
  const path = sessionFilePath(projectPath);
  const cannot = (why: string) => ({ path, problem: `${path} cannot be resumed: ${why}` });
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return cannot('it is not a file');
    if (info.size > MAX_SESSION_BYTES) return cannot(`it is ${info.size} bytes, more than a session's ${MAX_SESSION_BYTES}`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path };
    return cannot(`it cannot be read (${code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return cannot('it is not JSON (cut short or edited by hand?)');
  }
  if (value === null || typeof value !== 'object' || (value as { format?: unknown }).format !== WIZARD_SESSION_FORMAT)
    return cannot(`it is not a wizard session (no "format": "${WIZARD_SESSION_FORMAT}")`);
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 1) return cannot(`it is wizard session format ${JSON.stringify(version)}; this tool reads format 1`);
  const parsed = WizardSessionSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return cannot(
      `it is not a valid wizard session (${first === undefined ? 'invalid' : `${first.path.join('.') || '(root)'}: ${first.message}`})`,
    );
  }
  if (resolve(parsed.data.projectPath) !== resolve(projectPath))
    return cannot(`it was saved for ${parsed.data.projectPath}, not for ${resolve(projectPath)}`);
  const secrets = sessionSecrets(parsed.data);
  if (secrets.length > 0) return cannot(`${secrets[0]?.where} holds ${secrets[0]?.what}; a session never holds secrets`);
  return { path, session: parsed.data };
}

/** The text written for a session, or the refusal (another project's session, a secret, too large); nothing is written on refusal. */
export function sessionFileText(projectPath: string, session: WizardSession): string {
  if (resolve(session.projectPath) !== resolve(projectPath))
    throw new ApiError({
      code: 'invalid-input',
      message: `the session is of ${session.projectPath}, not of ${resolve(projectPath)}; nothing was written`,
    });
  const secrets = sessionSecrets(session);
  if (secrets.length > 0)
    throw new ApiError({
      code: 'invalid-input',
      message: `refusing to save the session: ${secrets
        .slice(0, 3)
        .map((hit) => `${hit.where} holds ${hit.what}`)
        .join('; ')}; nothing was written`,
    });
  const text = `${JSON.stringify(session)}\n`;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SESSION_BYTES)
    throw new ApiError({
      code: 'invalid-input',
      message: `the session is ${bytes} bytes, more than ${MAX_SESSION_BYTES}; nothing was written`,
    });
  return text;
}
