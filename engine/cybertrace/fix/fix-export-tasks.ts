import {
  EXPORT_FILTER_ATTRIBUTES,
  EXPORT_TASK_COMPARED,
  EXPORT_TASK_DOCUMENTED,
  type ExportFilter,
} from '../../../shared/requirements/values/export-tasks.js';
import { filterKey } from '../../../shared/requirements/compare/export-tasks.js';
import { filterElements, filterOf, isPerInstanceFilterAttribute } from '../model/export-task-parts.js';
import { attributeOf } from '../model/locate.js';
import type { XmlEdit, XmlElement } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer } from './types.js';
import { escapeAttribute } from './xml-snippets.js';

/**
 * Requirement 5 (REFERENCE 3.5 step 5, 4.5): only what is compared changes. A task both have gets the
 * reference's `enabled` and filters by attribute edits, keeping its own other attributes and elements byte
 * for byte; a task the instance lacks is added with the compared and documented attributes and filters
 * only (never the reference's per-instance ones: the finding says what to set by hand); extra and
 * repeated tasks are removed; IoCExports itself and export_dir stay.
 */
export const fixExportTasks: Fixer = ({ instance, reference }) => {
  const service = serviceOf(instance, 'instance');
  const refService = serviceOf(reference, 'reference');
  if (typeof service === 'string') return refuse(service);
  if (typeof refService === 'string') return refuse(refService);
  const container = service.iocExports.element;
  if (!container) {
    if (refService.exportTasks.length === 0) return editsOnly();
    return refuse(`no ${service.iocExports.where} element on this instance (its export_dir is local): create the tasks in CyberTrace Web`);
  }

  const byName = (tasks: readonly XmlElement[]): Map<string, XmlElement[]> => {
    const map = new Map<string, XmlElement[]>();
    for (const task of tasks) {
      const name = attributeOf(task, 'name') ?? '';
      map.set(name, [...(map.get(name) ?? []), task]);
    }
    return map;
  };
  const mine = byName(service.exportTasks);
  const theirs = byName(refService.exportTasks);
  const edits: XmlEdit[] = [];
  const removed = new Set<XmlElement>();
  const missing: XmlElement[] = [];
  for (const [name, [refTask, ...refRepeats]] of theirs) {
    if (!refTask) continue;
    if (refRepeats.length > 0)
      return refuse(`the reference has ${String(refRepeats.length + 1)} export tasks named "${name}"; make the names unique there first`);
    const [task, ...repeats] = mine.get(name) ?? [];
    if (!task) missing.push(refTask);
    else {
      const taskEdits = alignTask(task, refTask);
      if (typeof taskEdits === 'string') return refuse(`export task "${name}": ${taskEdits}`);
      edits.push(...taskEdits);
    }
    for (const repeat of repeats) removed.add(repeat);
  }
  for (const [name, tasks] of mine) if (!theirs.has(name)) for (const task of tasks) removed.add(task);
  for (const task of removed) edits.push({ kind: 'remove-element', element: task });
  const anchor = [...service.exportTasks].reverse().find((task) => !removed.has(task));
  for (const refTask of missing) {
    const xml = newTaskXml(refTask);
    edits.push(
      anchor
        ? { kind: 'insert-child', parent: container, xml, position: { after: anchor } }
        : { kind: 'insert-child', parent: container, xml, position: 'last' },
    );
  }
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [container.path] });
};

// The edits that give `task` the reference task's enabled state and filter set, touching nothing else.
function alignTask(task: XmlElement, refTask: XmlElement): XmlEdit[] | string {
  const edits: XmlEdit[] = [];
  const enabled = attributeOf(refTask, 'enabled');
  if (enabled === undefined && attributeOf(task, 'enabled') !== undefined)
    return 'the reference task has no enabled attribute (mandatory, REFERENCE 4.5); set it there first';
  if (enabled !== undefined && attributeOf(task, 'enabled') !== enabled)
    edits.push({ kind: 'set-attribute', element: task, name: 'enabled', value: enabled });

  // Filters are a set: the ones both have stay untouched; the rest are paired up in file order.
  const unmatchedRef = filterElements(refTask).map(filterOf);
  const unmatchedMine: XmlElement[] = [];
  for (const element of filterElements(task)) {
    const at = unmatchedRef.findIndex((filter) => filterKey(filter) === filterKey(filterOf(element)));
    if (at >= 0) unmatchedRef.splice(at, 1);
    else unmatchedMine.push(element);
  }
  while (unmatchedMine.length > 0 && unmatchedRef.length > 0) {
    const [element, filter] = [unmatchedMine.shift() as XmlElement, unmatchedRef.shift() as ExportFilter];
    edits.push(...alignFilter(element, filter));
  }
  for (const element of unmatchedMine) edits.push({ kind: 'remove-element', element });
  const filters = filterElements(task);
  const after = filters[filters.length - 1] ?? task.children[task.children.length - 1];
  for (const filter of unmatchedRef)
    edits.push({ kind: 'insert-child', parent: task, xml: filterXml(filter, []), position: after ? { after } : 'last' });
  return edits;
}

// One Filter made equal to `filter`: its own per-instance attributes stay; an attribute the reference
// does not have cannot be removed by an attribute edit, so the element is rewritten in that case only.
function alignFilter(element: XmlElement, filter: ExportFilter): XmlEdit[] {
  const dropped = EXPORT_FILTER_ATTRIBUTES.some((name) => filter[name] === null && attributeOf(element, name) !== undefined);
  if (dropped) {
    const own = element.attributes
      .filter((attribute) => isPerInstanceFilterAttribute(attribute.name))
      .map((attribute) => [attribute.name, attribute.value] as const);
    return [{ kind: 'replace-element', element, xml: filterXml(filter, own) }];
  }
  return EXPORT_FILTER_ATTRIBUTES.flatMap((name): XmlEdit[] => {
    const value = filter[name];
    return value !== null && attributeOf(element, name) !== value ? [{ kind: 'set-attribute', element, name, value }] : [];
  });
}

// `<Filter field=".." value=".." included=".."/>` with the given extra attributes first.
function filterXml(filter: ExportFilter, extra: readonly (readonly [string, string])[]): string {
  const documented = EXPORT_FILTER_ATTRIBUTES.flatMap((name) => (filter[name] === null ? [] : [[name, filter[name]] as const]));
  return `<Filter${[...extra, ...documented].map(([name, value]) => ` ${name}="${escapeAttribute(value ?? '')}"`).join('')}/>`;
}

// A new task from the reference's compared and documented attributes (in the reference's order) and its
// filters: the per-instance attributes and elements stay behind (REFERENCE 4.5).
function newTaskXml(refTask: XmlElement): string {
  const known: readonly string[] = [...EXPORT_TASK_COMPARED, ...EXPORT_TASK_DOCUMENTED];
  const attrs = refTask.attributes
    .filter((attribute) => known.includes(attribute.name))
    .map((attribute) => ` ${attribute.name}="${escapeAttribute(attribute.value)}"`)
    .join('');
  const filters = filterElements(refTask).map((element) => filterXml(filterOf(element), []));
  return filters.length === 0 ? `<IoCExport${attrs}/>` : `<IoCExport${attrs}>\n${filters.join('\n')}\n</IoCExport>`;
}
