import { XMLParser } from 'fast-xml-parser';
import { decodeReferences } from './entities.js';
import { ConfigXmlError } from './errors.js';
import { describePosition } from './text-position.js';
import type { XmlElement } from './types.js';

// fast-xml-parser is the reference reading of the file: the located tree must be exactly what it sees
// (names, order, start and end offsets from captureMetaData, attribute values, text). A disagreement
// means one of the two misreads the file, so the file is refused rather than edited on a guess.

// The typings declare the wrapper type `Symbol`; the value is a primitive symbol.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Only the five predefined entities and character references; any other reference is an error. */
const PREDEFINED_ONLY = {
  setExternalEntities(): void {},
  addInputEntities(): void {
    throw new Error('entity declarations are not accepted');
  },
  reset(): void {},
  setXmlVersion(): void {},
  decode(text: string): string {
    const decoded = decodeReferences(text);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.value;
  },
};

/** The parser options issue 5 asks for: attributes kept, no coercion, no trimming, order and offsets kept. */
export const SAFE_PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  entityDecoder: PREDEFINED_ONLY,
  captureMetaData: true,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  textNodeName: '#text',
} as const;

type ParsedNode = Record<string, unknown> & { [META]?: { startIndex?: number; endIndex?: number } };

/** Parses `text` with fast-xml-parser and throws ConfigXmlError unless its tree matches `root` exactly. */
export function crossCheckWithParser(text: string, label: string, root: XmlElement): void {
  let parsed: unknown;
  try {
    parsed = new XMLParser(SAFE_PARSER_OPTIONS).parse(text);
  } catch (error) {
    throw new ConfigXmlError('not-well-formed', label, `fast-xml-parser refuses the file: ${(error as Error).message}`);
  }
  const roots = elementNodes(parsed);
  const only = roots[0];
  if (roots.length !== 1 || !only) {
    throw new ConfigXmlError('root', label, `fast-xml-parser sees ${roots.length} root elements; a configuration file has exactly one`);
  }
  const mismatch = compare(only, root);
  if (mismatch !== undefined) {
    throw new ConfigXmlError(
      'not-well-formed',
      label,
      `fast-xml-parser and the offset scanner read this file differently (${mismatch}); it is refused rather than edited on a guess`,
    );
  }

  function compare(node: ParsedNode, element: XmlElement): string | undefined {
    const where = `<${element.path}> at ${describePosition(text, element.start)}`;
    const name = nodeName(node);
    if (name !== element.name) return `${where}: parser element name ${String(name)}`;
    const meta = node[META];
    if (meta?.startIndex !== element.start) return `${where}: parser start offset ${String(meta?.startIndex)}`;
    if (meta.endIndex !== undefined && meta.endIndex !== element.end)
      return `${where}: parser end offset ${meta.endIndex}, scanner ${element.end}`;
    const attributes = (node[':@'] ?? {}) as Record<string, unknown>;
    const names = Object.keys(attributes);
    if (names.length !== element.attributes.length)
      return `${where}: ${names.length} attributes in the parser, ${element.attributes.length} in the scanner`;
    for (const attribute of element.attributes) {
      if (attributes[attribute.name] !== attribute.value) return `${where}: value of attribute ${attribute.name}`;
    }
    const content = (node[name] ?? []) as ParsedNode[];
    const parsedText = content.map(textOf).join('');
    if (parsedText !== element.text) return `${where}: text content`;
    const children = elementNodes(content);
    if (children.length !== element.children.length)
      return `${where}: ${children.length} child elements in the parser, ${element.children.length} in the scanner`;
    for (let i = 0; i < children.length; i += 1) {
      const child = children[i];
      const located = element.children[i];
      if (!child || !located) return `${where}: child ${i + 1}`;
      const inner = compare(child, located);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
}

function nodeName(node: ParsedNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

function elementNodes(list: unknown): ParsedNode[] {
  if (!Array.isArray(list)) return [];
  return (list as ParsedNode[]).filter((node) => {
    const name = nodeName(node);
    return name !== '#text' && name !== '#comment' && name !== '#cdata' && !name.startsWith('?');
  });
}

function textOf(node: ParsedNode): string {
  const name = nodeName(node);
  if (name === '#text') return String(node['#text']);
  if (name === '#cdata') return ((node['#cdata'] ?? []) as ParsedNode[]).map((part) => String(part['#text'] ?? '')).join('');
  return '';
}
