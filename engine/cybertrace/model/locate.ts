import { describePath, type ConfigLayout, type ElementPath } from '../../../shared/requirements/layout-paths.js';
import { xmlText } from '../../../shared/requirements/values/xml-text.js';
import { findChild } from '../xml/index.js';
import type { XmlElement } from '../xml/types.js';
import type { LocatedElement } from './types.js';

/** Follows a path of element names from `start` (the first element of each name), remembering the parent of the last step. */
export function locate(start: XmlElement, path: ElementPath, where: string): LocatedElement {
  let parent: XmlElement | undefined = start;
  for (const name of path.slice(0, -1)) parent = parent ? findChild(parent, name) : undefined;
  const last = path[path.length - 1];
  const element = parent && last !== undefined ? findChild(parent, last) : parent;
  return { element, parent, where };
}

/** locate() with the path described for people in the terms of a layout. */
export function locateIn(layout: ConfigLayout, start: XmlElement, path: ElementPath, fromTenant: boolean): LocatedElement {
  return locate(start, path, describePath(layout, path, fromTenant));
}

/** An attribute's value, undefined when absent. */
export function attributeOf(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((attribute) => attribute.name === name)?.value;
}

/** An element's text as the shared rule compares it (values/xml-text.ts): XML line-end handling, nothing trimmed. */
export function xmlTextValue(element: XmlElement): string {
  return xmlText(element.text);
}
