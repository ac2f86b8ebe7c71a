// A host tree as it was seeded, kept in memory, so each iteration starts from the same bytes without
// restarting any host.
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Every file and folder under a root: relative path → bytes and mode. */
export interface TreeSnapshot {
  readonly root: string;
  readonly files: ReadonlyMap<string, { readonly bytes: Buffer; readonly mode: number }>;
  readonly dirs: ReadonlyMap<string, number>;
}

// Trees hold a few dozen entries; a bound keeps a runaway (a link loop, a huge stray tree) from hanging the run.
const MAX_ENTRIES = 20_000;

/** Reads every file and folder below root. */
export function snapshotTree(root: string): TreeSnapshot {
  const files = new Map<string, { bytes: Buffer; mode: number }>();
  const dirs = new Map<string, number>();
  for (const entry of walk(root)) {
    const rel = relative(root, entry.path);
    if (entry.dir) dirs.set(rel, entry.mode);
    else files.set(rel, { bytes: readFileSync(entry.path), mode: entry.mode });
  }
  return { root, files, dirs };
}

/** Puts a tree back to its snapshot: extra entries removed, changed or missing files rewritten, modes reset. */
export function restoreTree(snapshot: TreeSnapshot): void {
  const present = walk(snapshot.root);
  // Deepest first, so a folder is emptied before it is removed.
  for (const entry of [...present].reverse()) {
    const rel = relative(snapshot.root, entry.path);
    if (entry.dir ? !snapshot.dirs.has(rel) : !snapshot.files.has(rel)) rmSync(entry.path, { recursive: true, force: true });
  }
  for (const [rel, mode] of snapshot.dirs) {
    const path = join(snapshot.root, rel);
    mkdirSync(path, { recursive: true });
    chmodSync(path, mode);
  }
  for (const [rel, file] of snapshot.files) {
    const path = join(snapshot.root, rel);
    let same = false;
    try {
      same = readFileSync(path).equals(file.bytes);
    } catch {
      mkdirSync(dirname(path), { recursive: true });
    }
    if (!same) writeFileSync(path, file.bytes);
    chmodSync(path, file.mode);
  }
}

/** Files below root that the snapshot does not hold, or whose bytes differ from it (relative paths). */
export function treeChanges(snapshot: TreeSnapshot): { added: string[]; changed: string[]; removed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  const seen = new Set<string>();
  for (const entry of walk(snapshot.root)) {
    if (entry.dir) continue;
    const rel = relative(snapshot.root, entry.path);
    seen.add(rel);
    const before = snapshot.files.get(rel);
    if (!before) added.push(rel);
    else if (!readFileSync(entry.path).equals(before.bytes)) changed.push(rel);
  }
  const removed = [...snapshot.files.keys()].filter((rel) => !seen.has(rel));
  return { added, changed, removed };
}

function walk(root: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.shift() as string;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const info = lstatSync(path);
      if (out.length >= MAX_ENTRIES) throw new Error(`${root} holds more than ${MAX_ENTRIES} entries`);
      out.push({ path, dir: info.isDirectory(), mode: info.mode & 0o7777 });
      if (info.isDirectory()) pending.push(path);
    }
  }
  return out;
}
