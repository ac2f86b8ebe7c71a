import { isConfigXmlError } from './errors.js';
import { parseXmlDocument } from './parse-document.js';
import { semanticDiff } from './semantic-diff.js';
import type { SemanticChange, XmlDocument } from './types.js';

/** The outcome of checkEditScope: the parsed new document and its changes, or why the edit is refused. */
export type EditScopeResult =
  { readonly ok: true; readonly after: XmlDocument; readonly changes: SemanticChange[] } | { readonly ok: false; readonly reason: string };

/**
 * Accepts new bytes for a file only when they parse with the same root, keep the BOM and line-ending
 * style, change something, and change nothing outside `allowedPaths` (a change is inside a path when
 * the path's segments are a prefix of the change's segments: `A/B` covers `A/B/@x` and `A/B/C[2]/#text`).
 */
export function checkEditScope(before: XmlDocument, afterBytes: Uint8Array, allowedPaths: readonly string[]): EditScopeResult {
  const label = before.source.label;
  let after: XmlDocument;
  try {
    after = parseXmlDocument(afterBytes, label);
  } catch (error) {
    if (isConfigXmlError(error)) return { ok: false, reason: `the edited file is not accepted: ${error.message}` };
    throw error;
  }
  if (after.root.name !== before.root.name) {
    return { ok: false, reason: `${label}: the root element would change from <${before.root.name}> to <${after.root.name}>` };
  }
  if (after.source.bom !== before.source.bom)
    return { ok: false, reason: `${label}: the edit would ${before.source.bom ? 'drop' : 'add'} the byte order mark` };
  if (after.source.eol !== before.source.eol) return { ok: false, reason: `${label}: the edit would change the line endings` };
  const changes = semanticDiff(before, after);
  if (changes.length === 0) return { ok: false, reason: `${label}: the edit changes nothing` };
  const allowed = allowedPaths.map(segments);
  const outside = changes.find((change) => {
    const path = segments(change.path);
    return !allowed.some((prefix) => prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]));
  });
  if (outside) {
    return {
      ok: false,
      reason: `${label}: the edit also changes ${outside.path} (${outside.kind}), outside ${allowedPaths.length === 0 ? 'any allowed path' : allowedPaths.join(', ')}`,
    };
  }
  return { ok: true, after, changes };
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}
