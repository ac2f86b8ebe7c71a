// A copy to a file that does not exist yet (e.g. the reference's certificate under a new name): no backup
// is possible or needed, but the bytes still go temp → verify → rename, so no half-written file ever exists.
import { randomBytes } from 'node:crypto';
import type { FileFacts, HostDialect } from '../../hosts/dialect/index.js';
import { HostError, sha256Hex } from '../../hosts/dialect/index.js';
import { removeTemporaries } from '../../hosts/safe-write/recovery.js';

/** What creating the file did; `created` tells the rollback that the file is ours to remove. */
export interface NewFileResult {
  readonly created: boolean;
  readonly replacedBy: string;
}

/** A failed creation: whether the file may exist now (the rename was reached). */
export class NewFileError extends Error {
  constructor(
    readonly mayExist: boolean,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'NewFileError';
  }
}

/** Creates `path` with `bytes`; refuses when it exists (the plan said it did not). Mode and owner follow a sibling file. */
export async function writeNewFile(dialect: HostDialect, path: string, bytes: Buffer, timeoutMs?: number): Promise<NewFileResult> {
  const call = timeoutMs === undefined ? {} : { timeoutMs };
  const target = dialect.paths.check(path);
  const dir = dialect.paths.dirname(target);
  const expected = sha256Hex(bytes);
  const created: string[] = [];
  let renamed = false;
  try {
    if ((await dialect.fileFacts(target, call)) !== undefined)
      throw new HostError('verification-failed', `${target} exists now; the plan found no file there`, 'stale');
    const like = await siblingFacts(dialect, dir);
    const temp = dialect.paths.join(dir, `.${dialect.paths.basename(target)}.ctha-new-${randomBytes(6).toString('hex')}`);
    const staged = await dialect.stagingPathFor(temp, call);
    created.push(staged);
    await dialect.upload(staged, bytes, call);
    await expectSha(dialect, staged, expected);
    if (staged !== temp) {
      created.push(temp);
      await dialect.install(staged, temp, like, call);
      await expectSha(dialect, temp, expected);
    }
    // Someone may have created it meanwhile: never replace a file the plan did not read.
    if ((await dialect.fileFacts(target, call)) !== undefined)
      throw new HostError('verification-failed', `${target} appeared while it was being written`, 'stale');
    renamed = true;
    const replacedBy = await dialect.replace(temp, target, call);
    created.splice(created.indexOf(temp), 1);
    await expectSha(dialect, target, expected);
    await removeTemporaries(dialect, created, call);
    return { created: true, replacedBy };
  } catch (error) {
    await removeTemporaries(dialect, created, call);
    throw new NewFileError(renamed, error);
  }
}

async function expectSha(dialect: HostDialect, path: string, expected: string): Promise<void> {
  const actual = await dialect.sha256(path, { privileged: true });
  if (actual !== expected)
    throw new HostError('verification-failed', `${path} has sha256 ${actual}, expected ${expected}`, 'digest-mismatch');
}

/**
 * Mode and owner for a new file: those of a regular file already in the folder (Linux), so a new key or
 * certificate is as readable as its neighbours; 0600 root-owned when the folder has none. Windows: unused.
 */
async function siblingFacts(dialect: HostDialect, dir: string): Promise<FileFacts> {
  if (dialect.os === 'windows') return { size: 0 };
  const entries = await dialect.listDir(dir);
  for (const entry of entries) {
    if (entry.type !== 'file' || entry.name.startsWith('.') || entry.name.includes('.ctha-')) continue;
    const facts = await dialect.fileFacts(dialect.paths.join(dir, entry.name));
    if (facts?.mode !== undefined) return facts;
  }
  return { size: 0, mode: 0o600, uid: 0, gid: 0 };
}
