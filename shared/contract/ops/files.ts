// Browsing the engine's machine for a file or folder (issue 13 item 4): the browser wizard's chooser lists
// folders through this operation; the desktop app uses the system's own dialogs instead.
import { z } from 'zod';

/** What the chooser is for: a file to open, or a folder (a report folder, say). */
export const BrowseKindSchema = z.enum(['file', 'folder'], { error: 'expected "file" or "folder"' });

/** One entry of a listed folder. */
export const FolderEntrySchema = z.object({
  name: z.string(),
  /** The entry's full path, as the engine will open it. */
  path: z.string(),
  kind: z.enum(['file', 'folder']),
  size: z.number().int().nonnegative().optional(),
  modifiedAt: z.string().optional(),
});

/** One entry of a folder listing. */
export type FolderEntry = z.output<typeof FolderEntrySchema>;

// A file-name suffix such as `.json` or `.ctha.json`: a dot and name characters only, so it cannot be a pattern.
const suffix = z.string().regex(/^\.[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/, { error: 'expected a suffix such as ".json"' });

/** What a front end asks a path for: a file to open, a file to save, or a folder. */
export const ChooseRequestSchema = z.object({
  mode: z.enum(['open', 'save', 'folder'], { error: 'expected "open", "save" or "folder"' }),
  title: z.string().trim().min(1).max(200),
  suffixes: z.array(suffix).max(10).default([]),
  /** The field's current value: the dialog starts in its folder. */
  startAt: z.string().max(4096).optional(),
  /** A file name proposed when saving. */
  defaultName: z.string().max(255).optional(),
});

/** A request for a path, as the engine's chooser takes it. */
export type ChooseRequest = z.output<typeof ChooseRequestSchema>;

/** `files.list` and `files.choose`, shaped like the entries of shared/contract/operations.ts. */
export const fileOperations = {
  /**
   * Lists one folder on the engine's machine, limited to the user's home folder and the temporary
   * folder (a path outside them, also through a symbolic link, is refused). Folders first, then the
   * files whose names end with one of `suffixes` (all files when none); hidden entries only when asked.
   */
  'files.list': {
    input: z.object({
      /** Absent: the home folder. */
      path: z.string().trim().min(1).max(4096).optional(),
      kind: BrowseKindSchema.default('file'),
      suffixes: z.array(suffix).max(10).default([]),
      showHidden: z.boolean().default(false),
    }),
    output: z.object({
      /** The folder listed, resolved (no `..`, no symbolic links). */
      path: z.string(),
      /** The folder above, when it is still inside a root. */
      parent: z.string().optional(),
      /** Where browsing may start: the home folder and the temporary folder. */
      roots: z.array(z.object({ label: z.string(), path: z.string() })),
      entries: z.array(FolderEntrySchema),
      /** More entries than a listing returns (the first ones, in order, are kept). */
      truncated: z.boolean(),
    }),
  },
  /**
   * Asks the person through the desktop app's own open/save/folder dialog. `supported: false` where the
   * engine has none (the browser wizard: it uses files.list instead); no `path` when the person cancelled.
   */
  'files.choose': {
    input: ChooseRequestSchema,
    output: z.object({ supported: z.boolean(), path: z.string().optional() }),
  },
} as const;
