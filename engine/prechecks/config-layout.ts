import { XMLParser } from 'fast-xml-parser';

/** Which kl_feed_service.conf layout a file uses (REFERENCE.md 1.4): 4.x keeps the General tenant at the top. */
export type ConfigLayout = '4.x' | '5.x' | 'unknown';

/** Tells the layout from the elements under the root (whatever the root's name). */
export function configLayout(bytes: Uint8Array): ConfigLayout {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(text) as Record<string, unknown>;
  } catch {
    return 'unknown';
  }
  const roots = Object.values(tree).filter((value) => value !== null && typeof value === 'object');
  const root = roots.length === 1 ? (roots[0] as Record<string, unknown>) : undefined;
  if (!root) return 'unknown';
  if ('InputSettings' in root) return '4.x';
  const domains = root['Domains'] as Record<string, unknown> | undefined;
  const domain = domains?.['Domain'];
  const first = (Array.isArray(domain) ? domain[0] : domain) as Record<string, unknown> | undefined;
  return first !== undefined && typeof first === 'object' && 'InputSettings' in first ? '5.x' : 'unknown';
}
