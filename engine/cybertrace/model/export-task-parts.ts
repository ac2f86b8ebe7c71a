import {
  EXPORT_FILTER_ATTRIBUTES,
  EXPORT_TASK_COMPARED,
  EXPORT_TASK_DOCUMENTED,
  type ExportFilter,
  type ExportTask,
} from '../../../shared/requirements/values/export-tasks.js';
import { filterKey } from '../../../shared/requirements/compare/export-tasks.js';
import { compareStrings } from '../../../shared/requirements/json.js';
import type { XmlElement } from '../xml/types.js';
import { attributeOf } from './locate.js';

// How an IoCExport element splits into compared, documented and per-instance parts (REFERENCE 4.5; the
// rule itself is written in shared/requirements/values/export-tasks.ts).

const KNOWN_TASK_ATTRIBUTES: readonly string[] = [...EXPORT_TASK_COMPARED, ...EXPORT_TASK_DOCUMENTED];
const KNOWN_FILTER_ATTRIBUTES: readonly string[] = EXPORT_FILTER_ATTRIBUTES;

/** A Filter element's documented attributes. */
export function filterOf(element: XmlElement): ExportFilter {
  return {
    field: attributeOf(element, 'field') ?? null,
    value: attributeOf(element, 'value') ?? null,
    included: attributeOf(element, 'included') ?? null,
  };
}

/** The Filter children of an IoCExport. */
export function filterElements(task: XmlElement): XmlElement[] {
  return task.children.filter((child) => child.name === 'Filter');
}

/** Whether an IoCExport attribute is per-instance (the help does not give its meaning). */
export function isPerInstanceTaskAttribute(name: string): boolean {
  return !KNOWN_TASK_ATTRIBUTES.includes(name);
}

/** Whether a Filter attribute is per-instance. */
export function isPerInstanceFilterAttribute(name: string): boolean {
  return !KNOWN_FILTER_ATTRIBUTES.includes(name);
}

/** One IoCExport as requirement 5 observes it. */
export function exportTaskOf(element: XmlElement): ExportTask {
  const settings: Record<string, string> = {};
  for (const name of EXPORT_TASK_DOCUMENTED) {
    const value = attributeOf(element, name);
    if (value !== undefined) settings[name] = value;
  }
  const perInstance = new Set<string>();
  for (const attribute of element.attributes) if (isPerInstanceTaskAttribute(attribute.name)) perInstance.add(`@${attribute.name}`);
  for (const child of element.children) {
    if (child.name !== 'Filter') perInstance.add(`<${child.name}>`);
    else
      for (const attribute of child.attributes)
        if (isPerInstanceFilterAttribute(attribute.name)) perInstance.add(`Filter@${attribute.name}`);
  }
  const filters = filterElements(element)
    .map(filterOf)
    .sort((a, b) => compareStrings(filterKey(a), filterKey(b)));
  return {
    name: attributeOf(element, 'name') ?? null,
    enabled: attributeOf(element, 'enabled') ?? null,
    filters,
    settings,
    perInstance: [...perInstance].sort(compareStrings),
  };
}
