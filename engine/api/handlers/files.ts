// The engine's handler of `files.list` (contract: shared/contract/ops/files.ts).
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { ChooseRequest, FolderEntry, fileOperations } from '../../../shared/contract/ops/files.js';

type Ops = typeof fileOperations;
/** The file handlers, typed from their contract entries. */
export type FileHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/** The desktop app's own dialog: the chosen path, or undefined when the person cancelled. */
export type ChooseFile = (request: ChooseRequest) => Promise<string | undefined>;

/** The most entries one listing returns: a folder of thousands of files is not browsed by eye. */
export const MAX_LISTED_ENTRIES = 1000;

/** Where browsing is allowed, resolved; tests give their own. */
export interface FileRoots {
  readonly roots: readonly { readonly label: string; readonly path: string }[];
}

/** The home folder and the temporary folder of the user running the engine. */
export function userRoots(): FileRoots {
  return {
    roots: [
      { label: 'Home', path: homedir() },
      { label: 'Temporary files', path: tmpdir() },
    ],
  };
}

const inside = (path: string, root: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** Creates the `files.list` handler over the given roots, and `files.choose` over the front end's own dialog if it has one. */
export function createFileHandlers(where: FileRoots = userRoots(), chooseFile?: ChooseFile): FileHandlers {
  return {
    'files.choose': async (request) => {
      if (chooseFile === undefined) return { supported: false };
      const path = await chooseFile(request);
      return path === undefined ? { supported: true } : { supported: true, path };
    },
    'files.list': async ({ path, kind, suffixes, showHidden }) => {
      // Roots are compared resolved: /tmp may itself be a link (macOS), a home folder may sit behind one.
      const roots = await Promise.all(where.roots.map(async (root) => ({ ...root, path: await resolved(root.path) })));
      const first = roots[0];
      if (first === undefined) throw new ApiError({ code: 'internal', message: 'no folder may be browsed on this machine' });
      const asked = path ?? first.path;
      if (!isAbsolute(asked)) throw refused(asked, 'expected an absolute path', 'path');
      const folder = await resolved(asked);
      const root = roots.find((candidate) => inside(folder, candidate.path));
      if (root === undefined)
        throw refused(asked, `it is outside ${roots.map((candidate) => candidate.path).join(' and ')}; only those may be browsed`, 'path');
      const info = await stat(folder).catch(() => undefined);
      if (!info?.isDirectory()) throw refused(asked, 'it is not a folder', 'path');
      let dirents: Dirent[];
      try {
        dirents = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        throw new ApiError({ code: 'io', message: `${asked} cannot be listed: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      }
      const entries: FolderEntry[] = [];
      for (const dirent of dirents) {
        if (!showHidden && dirent.name.startsWith('.')) continue;
        const entry = await describe(join(folder, dirent.name), dirent, roots);
        if (entry === undefined) continue;
        if (entry.kind === 'file' && (kind === 'folder' || !wanted(entry.name, suffixes))) continue;
        entries.push(entry);
      }
      entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
      const parentPath = join(folder, '..');
      const parent = folder !== root.path && inside(parentPath, root.path) ? parentPath : undefined;
      return {
        path: folder,
        ...(parent === undefined ? {} : { parent }),
        roots: roots.map(({ label, path: rootPath }) => ({ label, path: rootPath })),
        entries: entries.slice(0, MAX_LISTED_ENTRIES),
        truncated: entries.length > MAX_LISTED_ENTRIES,
      };
    },
  };
}

async function resolved(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ApiError({
      code: code === 'ENOENT' ? 'not-found' : 'io',
      message: `${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read: ${code ?? String(error)}`}`,
    });
  }
}

/** An entry as the chooser shows it; a link is followed only when it stays inside a root, else left out. */
async function describe(path: string, dirent: Dirent, roots: readonly { readonly path: string }[]): Promise<FolderEntry | undefined> {
  let target = path;
  if (dirent.isSymbolicLink()) {
    const real = await realpath(path).catch(() => undefined);
    if (real === undefined || !roots.some((root) => inside(real, root.path))) return undefined;
    target = real;
  } else if (!dirent.isFile() && !dirent.isDirectory()) return undefined;
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return undefined;
  if (info.isDirectory()) return { name: dirent.name, path, kind: 'folder', modifiedAt: info.mtime.toISOString() };
  if (!info.isFile()) return undefined;
  return { name: dirent.name, path, kind: 'file', size: info.size, modifiedAt: info.mtime.toISOString() };
}

const wanted = (name: string, suffixes: readonly string[]): boolean =>
  suffixes.length === 0 || suffixes.some((suffix) => name.toLowerCase().endsWith(suffix.toLowerCase()));

function refused(path: string, why: string, field: string): ApiError {
  return new ApiError({ code: 'invalid-input', message: `${path} cannot be browsed: ${why}`, issues: [{ path: field, message: why }] });
}
