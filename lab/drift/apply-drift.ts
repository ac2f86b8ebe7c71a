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
  await applyDriftEdits(instance, `drift "${preset}"`, driftEdits(instance.version, preset));
}

/** Seeds a list of drift edits (a preset's, or a variant such as FINISHED_UNDER_OUTPUT_SETTINGS) the same way. */
export async function applyDriftEdits(instance: LabInstance, label: string, edits: readonly DriftEdit[]): Promise<void> {
  const layout = hostTreeLayout(instance);
  const writes: { path: string; bytes: Buffer }[] = [];
  for (const edit of edits) {
    const hostPath = layout[edit.file];
    const path = hostPathToLocal(instance, hostPath);
    try {
      // Several edits of one file apply in turn, each to the previous one's result.
      const earlier = writes.findIndex((write) => write.path === path);
      const current = earlier >= 0 ? (writes.splice(earlier, 1)[0]?.bytes ?? Buffer.alloc(0)) : await readFile(path);
      writes.push({ path, bytes: editedBytes(current, edit) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${label} does not fit ${instance.name}:${hostPath}: ${reason}`, { cause: error });
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
