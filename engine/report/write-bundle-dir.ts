// A bundle appears whole or not at all: its files are written and flushed in a hidden sibling folder,
// which is then renamed to the bundle's name. A crash leaves only the hidden folder, never a half bundle.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Raised when the output folder cannot be used; nothing was written. */
export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
}

/** Checks that `outDir` can receive a bundle: it does not exist, or is an empty folder. */
export async function checkOutputFolder(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') throw new OutputFolderError(`${outDir} exists and is not a folder`);
    throw error;
  });
  if (entries !== undefined && entries.length > 0)
    throw new OutputFolderError(`${outDir} already exists and is not empty; a report bundle is never written over another`);
}

/** Writes the files into `outDir` atomically (see above); `outDir` must not exist or be empty. */
export async function writeBundleDir(outDir: string, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
  const target = resolve(outDir);
  await checkOutputFolder(target);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  await mkdir(temp, { mode: 0o755 });
  try {
    for (const [name, data] of files) {
      // Owner-only: the evidence names hosts, paths and digests of every file read (docs/SECURITY.md).
      const handle = await open(join(temp, name), 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await fsyncDir(temp);
    // An empty folder the engineer made for the bundle is replaced; a non-empty one was refused above.
    await rmdir(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(temp, target);
    await fsyncDir(parent);
    return target;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

// Flushes a folder's entries (names) to disk; a no-op where folders cannot be opened (Windows).
async function fsyncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
