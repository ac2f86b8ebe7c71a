import type { XmlElement } from './types.js';

// Where the parts of an element sit in the text, beyond what XmlElement exposes: the edit code needs
// it, callers do not. Kept beside the element (not on it) so the public type stays small, and keyed by
// the element object so an edit can check that its element really comes from the document it edits.

/** One piece of an element's content, in source order. */
export interface ContentPart {
  readonly kind: 'text' | 'cdata' | 'comment' | 'pi' | 'element';
  readonly start: number;
  readonly end: number;
}

/** Offsets of an attribute's value between its quotes. */
export interface AttributeValueRange {
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** Layout facts about one located element. */
export interface ElementLayout {
  /** The object the element was located for (the document's XmlSource); edits check they got the same one. */
  readonly owner: object;
  readonly parent: XmlElement | undefined;
  /** Only spaces and tabs precede the element on its line. */
  readonly ownLine: boolean;
  /** Spaces and tabs at the start of the element's line, whether or not other text follows them. */
  readonly lineIndent: string;
  /** Offset just after the element name in the start tag. */
  readonly nameEnd: number;
  /** For a self-closing tag: offset of the whitespace before `/>` (or of `/` when there is none). */
  readonly selfCloseAt: number;
  /** Parallel to XmlElement.attributes. */
  readonly attributeValues: readonly AttributeValueRange[];
  readonly content: readonly ContentPart[];
}

const layouts = new WeakMap<XmlElement, ElementLayout>();

/** Records the layout of an element as the scanner found it. */
export function recordLayout(element: XmlElement, layout: ElementLayout): void {
  layouts.set(element, layout);
}

/** The layout of an element located for `owner` (a document's XmlSource); throws for an element of another document. */
export function layoutOf(element: XmlElement, owner: object): ElementLayout {
  const layout = layouts.get(element);
  if (!layout || layout.owner !== owner) {
    throw new Error(`element <${element.name}> (${element.path}) does not come from this document; locate it again in the parsed document`);
  }
  return layout;
}
