import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { xmlText } from '../../shared/requirements/values/xml-text.js';
import { ConfigError } from './config-error.js';
import { decodeXmlEntities } from './xml-entities.js';

/** One element of a parsed config: name, attributes, child elements in order, and its text value. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Plain text (entities decoded) and CDATA pieces concatenated verbatim, nothing trimmed: the shared rule, shared/requirements/values/xml-text.ts. */
  readonly text: string;
}

// preserveOrder keeps every element as its own list item, so repeated elements (Source, rules,
// Domain) need no isArray list and document order survives; values stay strings, untrimmed.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: '#cdata',
});

type OrderedNode = Record<string, unknown>;

/** Parses a whole config document; refuses DOCTYPE, anything not well-formed, and other than one root. */
export function parseXmlDocument(source: string): XmlElement {
  // XML processors normalise line ends to LF (XML 1.0, 2.11); the BOM is not content.
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const withoutOpaque = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (/<!DOCTYPE/i.test(withoutOpaque)) throw new ConfigError('doctype', 'a DOCTYPE declaration is not allowed in the configuration');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ConfigError('malformed', `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  // The validator lets text after the root element through; a conforming parser does not.
  if (
    !withoutOpaque
      .replace(/<\?[\s\S]*?\?>/g, '')
      .trimEnd()
      .endsWith('>')
  ) {
    throw new ConfigError('malformed', 'not well-formed XML: text after the root element');
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (error) {
    throw new ConfigError('malformed', `not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = Array.isArray(nodes) ? (nodes as OrderedNode[]).flatMap(toElement) : [];
  const [root] = roots;
  if (root === undefined || roots.length !== 1)
    throw new ConfigError('malformed', `expected exactly one root element, found ${roots.length}`);
  return root;
}

function toElement(node: OrderedNode): XmlElement[] {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text' || name === '#cdata' || name.startsWith('?')) return [];
  const content = Array.isArray(node[name]) ? (node[name] as OrderedNode[]) : [];
  const attributes = new Map<string, string>();
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(rawAttributes)) attributes.set(key, decodeXmlEntities(String(value)));
  let text = '';
  const children: XmlElement[] = [];
  for (const item of content) {
    if ('#text' in item) text += decodeXmlEntities(String(item['#text']));
    else if ('#cdata' in item) text += cdataText(item['#cdata']);
    else children.push(...toElement(item));
  }
  return [{ name, attributes, children, text: xmlText(text) }];
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return (value as OrderedNode[]).map((piece) => String(piece['#text'] ?? '')).join('');
}

/** The first child element named `name`. */
export function childElement(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent?.children.find((child) => child.name === name);
}

/** Every child element named `name`, in document order. */
export function childElements(parent: XmlElement | undefined, name: string): XmlElement[] {
  return parent?.children.filter((child) => child.name === name) ?? [];
}

/** Follows child names from `start`, taking the first match at each step. */
export function descend(start: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  return path.reduce<XmlElement | undefined>((element, name) => childElement(element, name), start);
}
