import { XMLValidator } from 'fast-xml-parser';

/**
 * Checks that a host's XML file can be trusted to parse: UTF-8 text, no DOCTYPE (entity tricks), well-formed
 * and with exactly one root element. Returns the problem in one line, or undefined when the file is fine.
 */
export function xmlProblem(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text)) return 'contains a DOCTYPE declaration, which this tool refuses (entity expansion)';
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result !== true) return `not well-formed: ${result.err.msg} (line ${result.err.line}, column ${result.err.col})`;
  // The validator accepts several top-level elements; CyberTrace's files have one root.
  const body = text.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const roots = rootElementCount(body);
  if (roots !== 1) return `expected exactly one root element, found ${roots}`;
  return undefined;
}

function rootElementCount(body: string): number {
  let depth = 0;
  let roots = 0;
  for (const match of body.matchAll(/<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([^\s>/]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g)) {
    if (match[0].startsWith('<![CDATA[')) continue;
    const [, closing, , selfClosing] = match;
    if (closing) depth -= 1;
    else {
      if (depth === 0) roots += 1;
      if (!selfClosing) depth += 1;
    }
  }
  return roots;
}
