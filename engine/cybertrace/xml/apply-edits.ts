import { insertChildSplice } from './edit-insert-child.js';
import { removeElementSplice, replaceElementSplice } from './edit-replace-remove.js';
import { setAttributeSplice } from './edit-set-attribute.js';
import { setTextSplice } from './edit-set-text.js';
import { encodeLike } from './encode.js';
import { parseXmlDocument } from './parse-document.js';
import { describeEdit, type Splice } from './splice.js';
import type { XmlDocument, XmlEdit } from './types.js';

/**
 * Applies edits to the original text and returns the new file bytes: every byte outside the edited
 * regions is the original's, the BOM and line ending are kept, and the result must parse again
 * (otherwise this throws and nothing is produced). Overlapping edits throw. Insertions at the same
 * point land in the order of `edits`.
 */
export function applyXmlEdits(doc: XmlDocument, edits: readonly XmlEdit[]): Uint8Array {
  const { text, label } = doc.source;
  const splices = mergeSplices(edits.flatMap((edit, index) => spliceFor(doc, edit, index)));
  const ordered = splices
    .map((splice, order) => ({ splice, order }))
    .sort((a, b) => a.splice.start - b.splice.start || a.splice.end - b.splice.end || a.order - b.order)
    .map(({ splice }) => splice);
  let out = '';
  let last = 0;
  let previous: Splice | undefined;
  for (const splice of ordered) {
    if (previous && splice.start < last) {
      throw new Error(
        `${label}: ${describe(edits, previous.edit)} and ${describe(edits, splice.edit)} overlap; make them one edit or apply them one after the other`,
      );
    }
    out += text.slice(last, splice.start) + splice.text;
    last = Math.max(last, splice.end);
    previous = splice;
  }
  out += text.slice(last);
  const bytes = encodeLike(doc.source, out);
  try {
    parseXmlDocument(bytes, label);
  } catch (error) {
    throw new Error(`${label}: the edited file would not be accepted (${(error as Error).message}); nothing was written`);
  }
  return bytes;
}

function spliceFor(doc: XmlDocument, edit: XmlEdit, index: number): Splice[] {
  switch (edit.kind) {
    case 'set-text':
      return setTextSplice(doc, edit.element, edit.text, index);
    case 'set-attribute':
      return setAttributeSplice(doc, edit.element, edit.name, edit.value, index);
    case 'insert-child':
      return insertChildSplice(doc, edit, index);
    case 'replace-element':
      return replaceElementSplice(doc, edit.element, edit.xml, index);
    case 'remove-element':
      return removeElementSplice(doc, edit.element, index);
  }
}

/** Insertions into the same empty parent become one splice that opens it once. */
function mergeSplices(splices: readonly Splice[]): Splice[] {
  const out: Splice[] = [];
  const groups = new Map<string, { first: Splice; items: string[]; at: number }>();
  for (const splice of splices) {
    if (!splice.merge) {
      out.push(splice);
      continue;
    }
    const group = groups.get(splice.merge.key);
    if (group) {
      group.items.push(splice.merge.item);
      continue;
    }
    groups.set(splice.merge.key, { first: splice, items: [splice.merge.item], at: out.length });
    out.push(splice);
  }
  for (const { first, items, at } of groups.values()) {
    const merge = first.merge;
    if (merge) out[at] = { start: first.start, end: first.end, edit: first.edit, text: merge.before + items.join('') + merge.after };
  }
  return out;
}

function describe(edits: readonly XmlEdit[], index: number): string {
  const edit = edits[index];
  if (!edit) return `edit ${index + 1}`;
  const target = edit.kind === 'insert-child' ? edit.parent : edit.element;
  return describeEdit(index, edit.kind, target.path);
}
