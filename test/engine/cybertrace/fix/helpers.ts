import { observe, readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { FileChange, InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { findPath, parseXmlDocument } from '../../../../engine/cybertrace/xml/index.js';
import type { PlanSide } from '../../../../engine/cybertrace/fix/index.js';
import { compareObservation } from '../../../../shared/requirements/compare/compare-observation.js';
import { REQUIREMENT_IDS, type RequirementId } from '../../../../shared/requirements/ids.js';
import { CTX } from '../model/lab-files.js';

/** Files and their model, as planFixes takes them. */
export function side(files: InstanceFiles): PlanSide {
  return { files, config: readInstanceConfig(files) };
}

/** Each requirement's comparison status of `instance` against `reference`. */
export function statuses(reference: InstanceFiles, instance: InstanceFiles, ctx = CTX): Record<RequirementId, string> {
  const ref = observe(readInstanceConfig(reference), reference, ctx);
  const inst = observe(readInstanceConfig(instance), instance, ctx);
  return Object.fromEntries(REQUIREMENT_IDS.map((id) => [id, compareObservation(id, ref[id], inst[id], ctx).status])) as Record<
    RequirementId,
    string
  >;
}

/** Every requirement matching, except req3 whose indicators cannot be read. */
export const ALL_MATCH = Object.fromEntries(REQUIREMENT_IDS.map((id) => [id, id === 'req3' ? 'unknown' : 'match']));

/**
 * Checks that an edit changed bytes only inside the smallest span holding the elements its semantic
 * changes name (an added or removed element: its parent), and that BOM and line endings are those of the original.
 * Returns a description of the first problem, or undefined.
 */
export function bytesOutsideEditsProblem(before: Uint8Array, change: FileChange): string | undefined {
  const doc = parseXmlDocument(before, change.path);
  const bom = doc.source.bom ? 3 : 0;
  const byteOffset = (index: number): number => bom + Buffer.byteLength(doc.source.text.slice(0, index), 'utf8');
  let start = Infinity;
  let end = -Infinity;
  for (const semantic of change.semanticChanges) {
    let path = semantic.path.replace(/\/(@[^/]+|#text|#order)$/, '');
    // An element added or removed takes its line with it: the parent's span holds the change.
    if (semantic.kind !== 'changed' && !/\/(@[^/]+|#text|#order)$/.test(semantic.path)) path = path.split('/').slice(0, -1).join('/');
    const relative = path.split('/').slice(1).join('/');
    const element = findPath(doc.root, relative);
    if (!element) return `semantic change at ${semantic.path}: no element ${path} in the original`;
    start = Math.min(start, byteOffset(element.start));
    end = Math.max(end, byteOffset(element.end));
  }
  if (start === Infinity) return 'no semantic change';
  const after = change.afterBytes;
  const tail = before.length - end;
  if (!Buffer.from(before.subarray(0, start)).equals(Buffer.from(after.subarray(0, start))))
    return `bytes before offset ${String(start)} changed`;
  if (!Buffer.from(before.subarray(end)).equals(Buffer.from(after.subarray(after.length - tail))))
    return `bytes after offset ${String(end)} changed`;
  const text = Buffer.from(after).toString('utf8');
  if (doc.source.eol === '\r\n' && /(^|[^\r])\n/.test(text)) return 'a bare LF in a CRLF file';
  if (doc.source.eol === '\n' && text.includes('\r')) return 'a CR in an LF file';
  return undefined;
}

/** The file a change is about, before the change. */
export function beforeBytes(files: InstanceFiles, change: FileChange): Uint8Array {
  const all = [files.serviceConf, files.feedUtilConf, files.certificate, ...files.licenseDir.keys];
  const file = all.find((candidate) => candidate?.path === change.path);
  if (!file?.present) throw new Error(`no file ${change.path}`);
  return file.bytes;
}
