import { decodeXmlSource } from './decode-source.js';
import { firstForbiddenChar } from './entities.js';
import { ConfigXmlError } from './errors.js';
import { crossCheckWithParser } from './parser-cross-check.js';
import { refuseDeclarations } from './refuse-declarations.js';
import { scanRootElement } from './scan-elements.js';
import { describePosition } from './text-position.js';
import { XMLValidator } from 'fast-xml-parser';
import type { XmlDocument } from './types.js';

/**
 * Reads a configuration file's exact bytes into a located element tree: strict UTF-8 (BOM and line
 * ending remembered), no DOCTYPE or ENTITY declaration, well-formed per fast-xml-parser's validator,
 * exactly one root element (any name), and a tree that fast-xml-parser reads identically. Throws
 * ConfigXmlError, naming `label`, on anything else.
 */
export function parseXmlDocument(bytes: Uint8Array, label: string): XmlDocument {
  const source = decodeXmlSource(bytes, label);
  const { text } = source;
  refuseDeclarations(text, label);
  if (text.trim() === '') throw new ConfigXmlError('root', label, 'the file is empty: no root element');
  // Without any start tag the validator's message ("char 'h' is not expected") hides the real problem.
  if (!/<[^!?/\s]/.test(text)) throw new ConfigXmlError('root', label, 'no root element: the file holds no XML element at all');
  const validation = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    throw new ConfigXmlError('not-well-formed', label, `not well-formed XML at ${where}: ${msg}`);
  }
  const forbidden = firstForbiddenChar(text);
  if (forbidden !== -1) {
    const code = text.charCodeAt(forbidden).toString(16).toUpperCase().padStart(4, '0');
    throw new ConfigXmlError('not-well-formed', label, `character U+${code} is not allowed in XML (${describePosition(text, forbidden)})`);
  }
  const frozenSource = Object.freeze(source);
  const root = scanRootElement(text, label, frozenSource);
  crossCheckWithParser(text, label, root);
  return Object.freeze({ source: frozenSource, root });
}
