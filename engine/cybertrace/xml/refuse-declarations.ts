import { ConfigXmlError } from './errors.js';
import { describePosition } from './text-position.js';

/**
 * Refuses a document type declaration or an entity declaration anywhere in the text, before any parser
 * sees it: entity expansion is the classic way to make a parser exhaust memory ("billion laughs") or
 * read other files, and CyberTrace's own files never carry one. The search is deliberately blunt (it
 * also matches inside comments and CDATA) because a false refusal is safe and a miss is not.
 */
export function refuseDeclarations(text: string, label: string): void {
  const match = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (match) {
    throw new ConfigXmlError(
      'doctype',
      label,
      `contains a <!${match[1]?.toUpperCase()} declaration at ${describePosition(text, match.index)}; ` +
        'document type and entity declarations are refused (entity expansion attacks), the file is left as it is',
    );
  }
}
