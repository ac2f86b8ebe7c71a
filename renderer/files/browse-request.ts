// What a Browse button asks for, and how the wizard gets the answer: the desktop app's own dialog when the
// engine offers one (files.choose), else the page's chooser over files.list.
import type { z } from 'zod';
import type { fileOperations } from '../../shared/contract/ops/files.js';

/** A request for a path: a file to open, a file to save, or a folder. */
export interface BrowseRequest {
  readonly mode: 'open' | 'save' | 'folder';
  /** The dialog's title, e.g. "Open a project file". */
  readonly title: string;
  /** File-name endings offered (open/save), e.g. [".ctha.json"]. */
  readonly suffixes?: readonly string[];
  /** Where to start: the current value of the field (its folder is listed), when it has one. */
  readonly startAt?: string;
  /** A file name proposed when saving. */
  readonly defaultName?: string;
}

type ListOp = (typeof fileOperations)['files.list'];
/** One folder listing (the contract's files.list output). */
export type FolderListing = z.output<ListOp['output']>;
/** Lists a folder (the contract's files.list). */
export type ListFolder = (input: z.input<ListOp['input']>) => Promise<FolderListing>;

/** The folder part of a path as the engine's machine writes it (either separator); undefined without one. */
export function folderOf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const trimmed = path.trim();
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return undefined;
  return cut === 0 ? trimmed.slice(0, 1) : trimmed.slice(0, cut);
}

/** A folder and a file name joined with the folder's own separator. */
export function joinPath(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** Why a typed file name cannot be used (save mode), or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a file name.';
  if (/[/\\]/.test(trimmed)) return 'A file name, not a path: pick the folder above.';
  if (trimmed === '.' || trimmed === '..') return 'Enter a file name.';
  return undefined;
}
