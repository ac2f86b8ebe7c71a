// Which kl_feed_service.conf layout a parsed document has (REFERENCE 1.4), whatever its root is called.
import { findChild, findPath } from '../xml/find.js';
import type { XmlDocument } from '../xml/types.js';

/** The layout and how it was told, or undefined with what was found instead. */
export function layoutOf(doc: XmlDocument): { value?: '4.x' | '5.x'; evidence: string } {
  const root = doc.root;
  if (findChild(root, 'InputSettings')) return { value: '4.x', evidence: `${root.name}/InputSettings at the top level: the General tenant of 4.x` };
  if (findPath(root, 'Domains/Domain/InputSettings')) return { value: '5.x', evidence: `${root.name}/Domains/Domain/InputSettings: every tenant under Domains, as in 5.x` };
  return { evidence: `neither ${root.name}/InputSettings (4.x) nor ${root.name}/Domains/Domain/InputSettings (5.x) is present` };
}
