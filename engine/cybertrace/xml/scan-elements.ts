import { recordLayout, type AttributeValueRange, type ContentPart } from './element-layout.js';
import { decodeReferences, normalizeLineEnds } from './entities.js';
import { ConfigXmlError, type ConfigXmlErrorCode } from './errors.js';
import { describePosition } from './text-position.js';
import type { XmlAttribute, XmlElement } from './types.js';

// A small scanner over text the validator has already accepted. It records exact offsets, which the
// parser does not give for attributes, text or end tags, and it is stricter than the validator where
// the validator is lenient (undefined entities, `<` in attribute values, a second root element).

/** Same nesting limit as fast-xml-parser's default maxNestedTags, so both refuse the same files. */
const MAX_DEPTH = 100;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Building = Mutable<XmlElement> & { children: Building[] };

/**
 * Scans the one root element of `text` with exact offsets; throws ConfigXmlError on anything else. The
 * layouts recorded on the way are keyed to `owner` (the document's XmlSource).
 */
export function scanRootElement(text: string, label: string, owner: object): XmlElement {
  return new Scanner(text, label, owner).document();
}

class Scanner {
  constructor(
    private readonly text: string,
    private readonly label: string,
    private readonly owner: object,
  ) {}

  document(): XmlElement {
    const { text } = this;
    let root: Building | undefined;
    let i = 0;
    for (;;) {
      i = this.skipSpace(i);
      if (i >= text.length) break;
      if (text.startsWith('<?', i)) i = this.after('?>', i + 2, i, 'processing instruction');
      else if (text.startsWith('<!--', i)) i = this.after('-->', i + 4, i, 'comment');
      else if (text[i] === '<' && /[^\s/!?>]/.test(text[i + 1] ?? '')) {
        if (root) {
          const name = /^<([^\s/>]+)/.exec(text.slice(i, i + 200))?.[1] ?? '?';
          this.fail('root', i, `a second root element <${name}> after <${root.name}>; a configuration file has exactly one root element`);
        }
        root = this.element(i, undefined, 0);
        i = root.end;
      } else this.fail('not-well-formed', i, `unexpected content outside the root element: ${JSON.stringify(text.slice(i, i + 20))}`);
    }
    if (!root) this.fail('root', 0, 'no root element');
    assignPaths(root, root.name);
    return freeze(root);
  }

  private element(start: number, parent: XmlElement | undefined, depth: number): Building {
    const { text } = this;
    if (depth >= MAX_DEPTH) this.fail('not-well-formed', start, `elements nested deeper than ${MAX_DEPTH} levels`);
    const nameEnd = this.nameEnd(start + 1);
    const name = text.slice(start + 1, nameEnd);
    const attributes: XmlAttribute[] = [];
    const attributeValues: AttributeValueRange[] = [];
    let i = nameEnd;
    let selfClosing = false;
    let selfCloseAt = -1;
    for (;;) {
      const spaceStart = i;
      i = this.skipSpace(i);
      const c = text[i];
      if (c === '/' && text[i + 1] === '>') {
        selfClosing = true;
        selfCloseAt = spaceStart;
        i += 2;
        break;
      }
      if (c === '>') {
        i += 1;
        break;
      }
      if (c === undefined) this.fail('not-well-formed', start, `start tag <${name}> is not closed`);
      if (i === spaceStart) this.fail('not-well-formed', i, `expected whitespace before an attribute in <${name}>`);
      const attrStart = i;
      const attrNameEnd = this.nameEnd(i);
      const attrName = text.slice(i, attrNameEnd);
      i = this.skipSpace(attrNameEnd);
      if (text[i] !== '=') this.fail('not-well-formed', i, `attribute ${attrName} of <${name}> has no value`);
      i = this.skipSpace(i + 1);
      const quote = text[i];
      if (quote !== '"' && quote !== "'") this.fail('not-well-formed', i, `attribute ${attrName} of <${name}> is not quoted`);
      const valueStart = i + 1;
      const valueEnd = text.indexOf(quote, valueStart);
      if (valueEnd === -1) this.fail('not-well-formed', i, `attribute ${attrName} of <${name}> is not closed`);
      const raw = text.slice(valueStart, valueEnd);
      const lt = raw.indexOf('<');
      if (lt !== -1) this.fail('not-well-formed', valueStart + lt, `"<" inside the value of attribute ${attrName} (write &lt;)`);
      if (attributes.some((a) => a.name === attrName))
        this.fail('not-well-formed', attrStart, `attribute ${attrName} repeated in <${name}>`);
      attributes.push({ name: attrName, value: this.decode(raw, valueStart), quote, start: attrStart, end: valueEnd + 1 });
      attributeValues.push({ valueStart, valueEnd });
      i = valueEnd + 1;
    }
    const openEnd = i;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const prefix = text.slice(lineStart, start);
    const ownLine = /^[ \t]*$/.test(prefix);
    const element: Building = {
      name,
      path: '',
      attributes,
      children: [],
      text: '',
      cdata: false,
      start,
      openEnd,
      closeStart: openEnd,
      end: openEnd,
      selfClosing,
      indent: ownLine ? prefix : '',
    };
    const content: ContentPart[] = [];
    if (!selfClosing) {
      let textValue = '';
      for (;;) {
        if (i >= text.length) this.fail('not-well-formed', start, `element <${name}> is not closed`);
        if (text.startsWith('</', i)) {
          const closeNameEnd = this.nameEnd(i + 2);
          const closeName = text.slice(i + 2, closeNameEnd);
          if (closeName !== name) this.fail('not-well-formed', i, `</${closeName}> closes <${name}>`);
          const gt = this.skipSpace(closeNameEnd);
          if (text[gt] !== '>') this.fail('not-well-formed', i, `end tag </${name}> is not closed`);
          element.closeStart = i;
          element.end = gt + 1;
          break;
        }
        let part: ContentPart;
        if (text.startsWith('<!--', i)) part = { kind: 'comment', start: i, end: this.after('-->', i + 4, i, 'comment') };
        else if (text.startsWith('<![CDATA[', i)) {
          part = { kind: 'cdata', start: i, end: this.after(']]>', i + 9, i, 'CDATA section') };
          textValue += normalizeLineEnds(text.slice(i + 9, part.end - 3));
          element.cdata = true;
        } else if (text.startsWith('<?', i)) part = { kind: 'pi', start: i, end: this.after('?>', i + 2, i, 'processing instruction') };
        else if (text.startsWith('<!', i)) this.fail('not-well-formed', i, 'unexpected markup declaration inside an element');
        else if (text[i] === '<') {
          const child = this.element(i, element, depth + 1);
          element.children.push(child);
          part = { kind: 'element', start: i, end: child.end };
        } else {
          const next = text.indexOf('<', i);
          const end = next === -1 ? text.length : next;
          const raw = text.slice(i, end);
          const cdataEnd = raw.indexOf(']]>');
          if (cdataEnd !== -1) this.fail('not-well-formed', i + cdataEnd, '"]]>" in text outside a CDATA section');
          textValue += this.decode(raw, i);
          part = { kind: 'text', start: i, end };
        }
        content.push(part);
        i = part.end;
      }
      element.text = textValue;
    } else {
      element.closeStart = openEnd;
      element.end = openEnd;
    }
    recordLayout(element, {
      owner: this.owner,
      parent,
      ownLine,
      lineIndent: /^[ \t]*/.exec(prefix)?.[0] ?? '',
      nameEnd,
      selfCloseAt,
      attributeValues,
      content,
    });
    return element;
  }

  private decode(raw: string, offset: number): string {
    const decoded = decodeReferences(raw);
    if (!decoded.ok) this.fail('not-well-formed', offset + decoded.at, decoded.reason);
    return decoded.value;
  }

  private nameEnd(from: number): number {
    const match = /[\s/>=<"']/g;
    match.lastIndex = from;
    const found = match.exec(this.text);
    const end = found ? found.index : this.text.length;
    if (end === from) this.fail('not-well-formed', from, 'expected a name');
    return end;
  }

  private skipSpace(from: number): number {
    const match = /[^ \t\r\n]/g;
    match.lastIndex = from;
    const found = match.exec(this.text);
    return found ? found.index : this.text.length;
  }

  private after(terminator: string, from: number, start: number, what: string): number {
    const at = this.text.indexOf(terminator, from);
    if (at === -1) this.fail('not-well-formed', start, `${what} is not closed`);
    return at + terminator.length;
  }

  private fail(code: ConfigXmlErrorCode, offset: number, detail: string): never {
    throw new ConfigXmlError(code, this.label, `${detail} (${describePosition(this.text, offset)})`);
  }
}

/** Paths carry a 1-based index only when a name repeats among siblings (XmlElement.path). */
function assignPaths(element: Building, path: string): void {
  element.path = path;
  const counts = new Map<string, number>();
  for (const child of element.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const child of element.children) {
    const index = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, index);
    assignPaths(child, (counts.get(child.name) ?? 0) > 1 ? `${path}/${child.name}[${index}]` : `${path}/${child.name}`);
  }
}

function freeze(element: Building): XmlElement {
  for (const child of element.children) freeze(child);
  for (const attribute of element.attributes) Object.freeze(attribute);
  Object.freeze(element.attributes);
  Object.freeze(element.children);
  return Object.freeze(element);
}
