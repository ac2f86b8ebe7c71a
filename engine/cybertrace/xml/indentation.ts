import { layoutOf } from './element-layout.js';
import { normalizeLineEnds } from './entities.js';
import { scanRootElement } from './scan-elements.js';
import type { XmlDocument, XmlElement } from './types.js';

/**
 * The indentation one nesting level adds in this document: the most frequent difference between an
 * element's indent and its parent's, among elements on lines of their own. Two spaces when the
 * document shows none (a one-line file).
 */
export function indentStep(doc: XmlDocument): string {
  const counts = new Map<string, number>();
  const visit = (element: XmlElement): void => {
    const parentLayout = layoutOf(element, doc.source);
    for (const child of element.children) {
      const childLayout = layoutOf(child, doc.source);
      if (
        parentLayout.ownLine &&
        childLayout.ownLine &&
        child.indent.length > element.indent.length &&
        child.indent.startsWith(element.indent)
      ) {
        const step = child.indent.slice(element.indent.length);
        counts.set(step, (counts.get(step) ?? 0) + 1);
      }
      visit(child);
    }
  };
  visit(doc.root);
  let best = '  ';
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Offset where a new line may be inserted after `at`: the end of its line when only blanks, comments or
 * processing instructions follow on it (they stay with the element they annotate), otherwise `at`.
 */
export function lineEndAfter(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  const lineEnd = newline === -1 ? text.length : newline > at && text[newline - 1] === '\r' ? newline - 1 : newline;
  const rest = text.slice(at, lineEnd);
  return /^(?:[ \t]|<!--(?:(?!-->)[\s\S])*-->|<\?(?:(?!\?>)[\s\S])*\?>)*$/.test(rest) ? lineEnd : at;
}

/** Offset of the start of the line holding `at`. */
export function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/**
 * A snippet (one element, written with LF; indentation optional) laid out for the document: the
 * whitespace between its elements re-indented from `base` by `step` per level, and every line end
 * written as `eol`. Text values, CDATA, comments and attribute values keep their content (only their
 * line ends follow the document, which XML parsers read back as LF anyway).
 */
export function layoutSnippet(xml: string, base: string, step: string, eol: string, what: string): string {
  const snippet = normalizeLineEnds(xml).trim();
  const owner = {};
  let root: XmlElement;
  try {
    root = scanRootElement(snippet, 'the XML to insert', owner);
  } catch (error) {
    throw new Error(`${what}: the XML to insert is not one well-formed element: ${(error as Error).message}`);
  }
  if (root.start !== 0 || root.end !== snippet.length) {
    throw new Error(`${what}: the XML to insert must be exactly one element, without a declaration or comments around it`);
  }
  const replacements: { start: number; end: number; text: string }[] = [];
  const visit = (element: XmlElement, depth: number): void => {
    if (element.children.length === 0) return;
    const parts = layoutOf(element, owner).content;
    parts.forEach((part, index) => {
      if (part.kind !== 'text') return;
      const raw = snippet.slice(part.start, part.end);
      if (!/^[ \t\n]*$/.test(raw) || !raw.includes('\n')) return;
      const closing = index === parts.length - 1;
      const newlines = raw.split('\n').length - 1;
      replacements.push({
        start: part.start,
        end: part.end,
        text: '\n'.repeat(newlines) + base + step.repeat(closing ? depth : depth + 1),
      });
    });
    for (const child of element.children) visit(child, depth + 1);
  };
  visit(root, 0);
  let out = '';
  let last = 0;
  for (const r of replacements) {
    out += snippet.slice(last, r.start) + r.text;
    last = r.end;
  }
  out += snippet.slice(last);
  return eol === '\n' ? out : out.replace(/\n/g, eol);
}
