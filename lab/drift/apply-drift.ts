import { readFile, writeFile } from 'node:fs/promises';
import { hostPathToLocal } from '../host-paths.js';
import type { DriftPreset, LabInstance } from '../spec.js';
import { decodeText, encodeText, reencodeText } from '../trees/text-style.js';
import { hostTreeLayout } from '../trees/tree-layout.js';
import { driftEdits, type DriftEdit } from './drift-edits.js';
import { applyTextEdit } from './text-edit.js';

/**
 * Seeds one drift preset into an instance's generated tree, changing only the place the preset names
 * and keeping each file's BOM and line endings. All edits are computed before any file is written, so
 * a preset that does not fit (already applied, in conflict with an earlier one, or a seeded file of
 * another shape) throws and leaves the tree as it was.
 */
export async function applyDrift(instance: LabInstance, preset: DriftPreset): Promise<void> {
  const layout = hostTreeLayout(instance);
  const writes: { path: string; bytes: Buffer }[] = [];
  for (const edit of driftEdits(instance.version, preset)) {
    const hostPath = layout[edit.file];
    const path = hostPathToLocal(instance, hostPath);
    try {
      writes.push({ path, bytes: editedBytes(await readFile(path), edit) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`drift "${preset}" does not fit ${instance.name}:${hostPath}: ${reason}`, { cause: error });
    }
  }
  // writeFile on an existing file keeps its mode.
  for (const { path, bytes } of writes) await writeFile(path, bytes);
}

/** The bytes of a file after one edit. */
function editedBytes(current: Buffer, edit: DriftEdit): Buffer {
  switch (edit.kind) {
    case 'rewrite-bytes':
      return Buffer.from(edit.bytes);
    case 'rewrite-text':
      return encodeText(edit.text, decodeText(current).style);
    case 'replace':
    case 'remove-line': {
      const file = decodeText(current);
      return reencodeText({ ...file, text: applyTextEdit(file, edit) });
    }
  }
}
