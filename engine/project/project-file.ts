import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../shared/contract/errors.js';
import { parseProjectText, serializeProject, validateProject } from '../../shared/project/parse.js';
import type { Project } from '../../shared/project/schema.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** File name suffix every project file carries. */
export const PROJECT_SUFFIX = '.ctha.json';
const MAX_PROJECT_BYTES = 1_000_000;

/**
 * A file the tool keeps beside a project: `cluster.ctha.json` -> `cluster.ctha-<kind>.json`; any other name gets
 * `.ctha-<kind>.json` appended, so it never replaces the project itself.
 */
export function besideProject(projectPath: string, kind: string): string {
  const suffix = `.ctha-${kind}.json`;
  return projectPath.endsWith(PROJECT_SUFFIX) ? `${projectPath.slice(0, -PROJECT_SUFFIX.length)}${suffix}` : `${projectPath}${suffix}`;
}

/** A project read from disk, with the digest of the exact bytes read. */
export interface OpenedProject {
  readonly path: string;
  readonly project: Project;
  readonly sha256: string;
}

/** Reads and validates a project file; fails with `not-found`, `io` or `invalid-project` and says why. */
export async function readProjectFile(path: string): Promise<OpenedProject> {
  const absolute = resolve(path);
  let bytes: Buffer;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) throw new ApiError({ code: 'io', message: `${absolute} is not a file` });
    if (info.size > MAX_PROJECT_BYTES) {
      throw new ApiError({ code: 'invalid-project', message: `${absolute} is larger than ${MAX_PROJECT_BYTES} bytes; not a project file` });
    }
    bytes = await readFile(absolute);
  } catch (error) {
    throw asFileError(error, absolute, 'read');
  }
  const result = parseProjectText(bytes.toString('utf8'));
  if (!result.ok) {
    throw new ApiError({ code: 'invalid-project', message: `${absolute} is not a valid project file`, issues: [...result.issues] });
  }
  return { path: absolute, project: result.project, sha256: sha256Hex(bytes) };
}

/** Validates a project and writes it atomically; an invalid project or a wrong file name writes nothing. */
export async function writeProjectFile(path: string, value: unknown): Promise<{ path: string; sha256: string; bytes: number }> {
  const absolute = resolve(path);
  if (!absolute.endsWith(PROJECT_SUFFIX)) {
    throw new ApiError({ code: 'invalid-input', message: `project files are named *${PROJECT_SUFFIX}; got ${absolute}` });
  }
  const result = validateProject(value);
  if (!result.ok) {
    throw new ApiError({ code: 'invalid-project', message: 'the project is not valid; nothing was written', issues: [...result.issues] });
  }
  const bytes = Buffer.from(serializeProject(result.project), 'utf8');
  try {
    await writeFileAtomic(absolute, bytes);
  } catch (error) {
    throw asFileError(error, absolute, 'write');
  }
  return { path: absolute, sha256: sha256Hex(bytes), bytes: bytes.length };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asFileError(error: unknown, path: string, verb: 'read' | 'write'): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new ApiError({ code: 'not-found', message: verb === 'read' ? `no such file: ${path}` : `no such directory for ${path}` });
  }
  if (code === 'EACCES' || code === 'EPERM') return new ApiError({ code: 'io', message: `permission denied: cannot ${verb} ${path}` });
  return new ApiError({ code: 'io', message: `cannot ${verb} ${path}: ${error instanceof Error ? error.message : String(error)}` });
}
