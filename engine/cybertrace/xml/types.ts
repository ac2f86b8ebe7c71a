// The vocabulary of the byte-preserving XML layer: a located element tree over the original text, and edits on it.

/** How the original file was encoded; an edited file is written back the same way. */
export interface XmlSource {
  /** The decoded text, without the BOM; offsets below index this string (UTF-16 code units). */
  readonly text: string;
  readonly bom: boolean;
  /** The line ending the file uses (the first one found; LF when the file has none). */
  readonly eol: '\r\n' | '\n';
  /** Label for error messages (usually the host path). */
  readonly label: string;
}

/** One attribute as written in the file. */
export interface XmlAttribute {
  readonly name: string;
  /** Entity-decoded value. */
  readonly value: string;
  readonly quote: '"' | "'";
  /** Offsets of the whole `name="value"` in XmlSource.text. */
  readonly start: number;
  readonly end: number;
}

/** One element with its place in the original text. */
export interface XmlElement {
  readonly name: string;
  /** Slash path from the root, with a 1-based index when a name repeats among siblings: `Configuration/Domains/Domain[2]/Feeds`. */
  readonly path: string;
  /** In source order. */
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** Direct text content (entities decoded, CDATA unwrapped, comments dropped), concatenated; '' when none. */
  readonly text: string;
  /** True when the direct text is (or contains) a CDATA section. */
  readonly cdata: boolean;
  /** Offset of `<` of the start tag. */
  readonly start: number;
  /** Offset just after the start tag's `>`. */
  readonly openEnd: number;
  /** Offset of `<` of `</name>`; for a self-closing tag there is none, and closeStart === openEnd === end. */
  readonly closeStart: number;
  /** Offset just after the end tag's `>` (or the self-closing tag's `/>`). */
  readonly end: number;
  readonly selfClosing: boolean;
  /** Whitespace between the start of the element's line and its `<` ('' when other text precedes it on the line). */
  readonly indent: string;
}

/** A parsed, validated document: exactly one root, no DOCTYPE. */
export interface XmlDocument {
  readonly source: XmlSource;
  readonly root: XmlElement;
}

/** One change to a document; edits of one call must not overlap. */
export type XmlEdit =
  /** Replaces the element's direct text (escaped; kept in CDATA when the original used CDATA). */
  | { readonly kind: 'set-text'; readonly element: XmlElement; readonly text: string }
  /** Replaces an attribute's value keeping its quote style, or adds it after the last attribute. */
  | { readonly kind: 'set-attribute'; readonly element: XmlElement; readonly name: string; readonly value: string }
  /** Inserts one element (an XML snippet written with LF and no indentation) in the style of its siblings. */
  | {
      readonly kind: 'insert-child';
      readonly parent: XmlElement;
      readonly xml: string;
      readonly position: 'first' | 'last' | { readonly after: XmlElement };
    }
  /** Replaces a whole element with a snippet (LF, no indentation), re-indented to the element's indentation. */
  | { readonly kind: 'replace-element'; readonly element: XmlElement; readonly xml: string }
  /** Removes an element and the line it stood on when it was alone on it. */
  | { readonly kind: 'remove-element'; readonly element: XmlElement };

/** One semantic difference between two documents (comments, attribute order, indentation and line endings do not count). */
export interface SemanticChange {
  /** Element path (as XmlElement.path), with `/@name` for an attribute and `/#text` for text. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: string;
  readonly after?: string;
}
