import type { CanonicalElement } from '../../../shared/requirements/values/canonical-element.js';
import { xmlContainerText } from '../../../shared/requirements/values/xml-text.js';
import type { XmlElement } from '../xml/types.js';
import { xmlTextValue } from './locate.js';

/**
 * An element as a comparable value (see CanonicalElement): attributes by name, `omit` left out, children
 * in file order, a leaf's text as CyberTrace reads it; indentation between children is dropped.
 */
export function canonicalElement(element: XmlElement, omit: readonly string[] = []): CanonicalElement {
  const attributes: Record<string, string> = {};
  for (const attribute of [...element.attributes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!omit.includes(attribute.name)) attributes[attribute.name] = attribute.value;
  }
  const leaf = element.children.length === 0;
  return {
    name: element.name,
    attributes,
    text: leaf ? xmlTextValue(element) : xmlContainerText(element.text),
    children: element.children.map((child) => canonicalElement(child)),
  };
}
