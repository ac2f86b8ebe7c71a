import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { FileChange, ParsedConfFile } from '../model/types.js';
import { applyXmlEdits, checkEditScope, unifiedDiff } from '../xml/index.js';
import type { XmlEdit } from '../xml/types.js';
import { sha256 } from './apply-to-files.js';

/** One requirement's edits to the file being merged. */
export interface FileEditEntry {
  readonly requirement: RequirementId;
  readonly edits: readonly XmlEdit[];
  readonly allowedPaths: readonly string[];
}

/** The merged change of one file, and the requirements whose edits could not be part of it. */
export interface MergedFileEdits {
  readonly change: FileChange | undefined;
  readonly refused: readonly { readonly requirement: RequirementId; readonly reason: string }[];
}

/**
 * Applies several requirements' edits to one file together, as ONE FileChange whose semantic diff must
 * stay inside the union of their allowed paths (and each entry's alone inside its own). Entries are
 * added one by one in the order given; an entry that fails alone or makes the result fail (overlapping edits, a file that no longer parses, a change outside
 * the allowed paths) is refused with the reason and left out, so the rest still goes through.
 */
export function mergeFileEdits(file: ParsedConfFile, entries: readonly FileEditEntry[], restart: boolean): MergedFileEdits {
  const refused: { requirement: RequirementId; reason: string }[] = [];
  let accepted: FileEditEntry[] = [];
  let best: { bytes: Uint8Array; change: Omit<FileChange, 'requirements'> } | undefined;
  for (const entry of entries) {
    // Alone first, against its own paths, so that no requirement's edit hides inside another's allowed paths.
    const alone = tryEdits(file, [entry], restart);
    if (typeof alone === 'string') {
      refused.push({ requirement: entry.requirement, reason: alone });
      continue;
    }
    const trial = [...accepted, entry];
    const attempt = tryEdits(file, trial, restart);
    if (typeof attempt === 'string') {
      refused.push({ requirement: entry.requirement, reason: attempt });
      continue;
    }
    accepted = trial;
    best = attempt;
  }
  if (!best) return { change: undefined, refused };
  return { change: { ...best.change, requirements: accepted.map((entry) => entry.requirement) }, refused };
}

function tryEdits(
  file: ParsedConfFile,
  entries: readonly FileEditEntry[],
  restart: boolean,
): { bytes: Uint8Array; change: Omit<FileChange, 'requirements'> } | string {
  let bytes: Uint8Array;
  try {
    bytes = applyXmlEdits(
      file.doc,
      entries.flatMap((entry) => entry.edits),
    );
  } catch (error) {
    return (error as Error).message;
  }
  const scope = checkEditScope(file.doc, bytes, [...new Set(entries.flatMap((entry) => entry.allowedPaths))]);
  if (!scope.ok) return scope.reason;
  return {
    bytes,
    change: {
      path: file.path,
      kind: 'edit',
      beforeSha256: file.sha256,
      afterBytes: bytes,
      afterSha256: sha256(bytes),
      restart,
      unifiedDiff: unifiedDiff(file.path, file.doc.source.text, scope.after.source.text),
      semanticChanges: scope.changes,
    },
  };
}
