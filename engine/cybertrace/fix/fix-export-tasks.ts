import { jsonEqual } from '../../../shared/requirements/json.js';
import { canonicalElement } from '../model/canonical-element.js';
import { attributeOf } from '../model/locate.js';
import type { XmlEdit, XmlElement } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer } from './types.js';
import { rawSnippet } from './xml-snippets.js';

/**
 * Requirement 5: IoCExport elements that differ are replaced by the reference's, an extra task makes way
 * for a missing one, other missing ones go after the last kept task, other extra (and repeated) ones are
 * removed; IoCExports itself and export_dir stay.
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
    if (refRepeats.length > 0) return refuse(`the reference has ${String(refRepeats.length + 1)} export tasks named "${name}"; make the names unique there first`);
    const [task, ...repeats] = mine.get(name) ?? [];
    if (!task) missing.push(refTask);
    else if (!jsonEqual(canonicalElement(task), canonicalElement(refTask))) edits.push({ kind: 'replace-element', element: task, xml: rawSnippet(refService.file.doc, refTask) });
    for (const repeat of repeats) removed.add(repeat);
  }
  const extra = [...mine].filter(([name]) => !theirs.has(name)).flatMap(([, tasks]) => tasks);
  // An extra task makes room for a missing one (one replacement instead of a removal next to an insertion).
  while (extra.length > 0 && missing.length > 0) {
    const [task, refTask] = [extra.shift(), missing.shift()];
    if (task && refTask) edits.push({ kind: 'replace-element', element: task, xml: rawSnippet(refService.file.doc, refTask) });
  }
  for (const task of extra) removed.add(task);
  for (const task of removed) edits.push({ kind: 'remove-element', element: task });
  const anchor = [...service.exportTasks].reverse().find((task) => !removed.has(task));
  for (const refTask of missing) {
    const xml = rawSnippet(refService.file.doc, refTask);
    edits.push(anchor ? { kind: 'insert-child', parent: container, xml, position: { after: anchor } } : { kind: 'insert-child', parent: container, xml, position: 'last' });
  }
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [container.path] });
};
