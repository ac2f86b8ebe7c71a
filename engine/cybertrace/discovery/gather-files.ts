// Reads a set of files and directories from one host in as few round trips as the dialect allows.
import type { HostDialect } from '../../hosts/dialect/index.js';
import { failureReason, sha256Hex } from '../../hosts/dialect/index.js';
import type { HostFile } from '../model/types.js';

/** What to read: whole files, and the files of directories whose names end with `suffix`. */
export interface GatherRequest {
  readonly files: readonly string[];
  readonly dirs: readonly { readonly path: string; readonly suffix: string }[];
}

/** What was read: a file's bytes (undefined: absent), a directory's matching files (undefined: no such directory). */
export interface GatherResult {
  readonly files: ReadonlyMap<string, Buffer | undefined>;
  readonly dirs: ReadonlyMap<string, ReadonlyMap<string, Buffer> | undefined>;
}

type Gather = (request: GatherRequest) => Promise<GatherResult>;

/**
 * Uses the dialect's one-command `gather` when it has one; otherwise reads file by file (SFTP), where a
 * missing file or folder is `undefined` and any other failure (permission, lost connection) throws.
 */
export async function gatherFiles(dialect: HostDialect, request: GatherRequest): Promise<GatherResult> {
  const native = (dialect as HostDialect & { gather?: Gather }).gather;
  if (typeof native === 'function') return native.call(dialect, request);
  const files = new Map<string, Buffer | undefined>();
  const dirs = new Map<string, Map<string, Buffer> | undefined>();
  await Promise.all([
    ...request.files.map(async (path) => files.set(path, await absentAsUndefined(() => dialect.readFile(path)))),
    ...request.dirs.map(async ({ path, suffix }) => {
      const entries = await absentAsUndefined(() => dialect.listDir(path));
      if (entries === undefined) return dirs.set(path, undefined);
      const matching = entries.filter((entry) => entry.type === 'file' && entry.name.endsWith(suffix));
      const read = new Map<string, Buffer>();
      for (const entry of matching) {
        const bytes = await absentAsUndefined(() => dialect.readFile(dialect.paths.join(path, entry.name)));
        if (bytes !== undefined) read.set(entry.name, bytes);
      }
      return dirs.set(path, read);
    }),
  ]);
  return { files, dirs };
}

async function absentAsUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (failureReason(error) === 'not-found') return undefined;
    throw error;
  }
}

/** A gathered file as the model's HostFile: bytes with their digest, or absent with the reason. */
export function hostFile(path: string, bytes: Buffer | undefined, absentReason = 'the file does not exist'): HostFile {
  return bytes === undefined ? { path, present: false, reason: absentReason } : { path, present: true, bytes, sha256: sha256Hex(bytes) };
}
