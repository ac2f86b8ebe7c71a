import { jsonEqual } from '../../../shared/requirements/json.js';
import { canonicalElement } from '../model/canonical-element.js';
import { attributeOf } from '../model/locate.js';
import type { XmlEdit, XmlElement } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer } from './types.js';
import { rawSnippet } from './xml-snippets.js';

/**
 * Requirement 5: IoCExport elements that differ are replaced by the reference's, missing ones are
 * inserted after the last task, extra (and repeated) ones removed; IoCExports itself and export_dir stay.
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
  const last = service.exportTasks[service.exportTasks.length - 1];
  for (const [name, [refTask, ...refRepeats]] of theirs) {
    if (!refTask) continue;
    if (refRepeats.length > 0) return refuse(`the reference has ${String(refRepeats.length + 1)} export tasks named "${name}"; make the names unique there first`);
    const [task, ...repeats] = mine.get(name) ?? [];
    const xml = rawSnippet(refService.file.doc, refTask);
    if (!task) edits.push(last ? { kind: 'insert-child', parent: container, xml, position: { after: last } } : { kind: 'insert-child', parent: container, xml, position: 'last' });
    else if (!jsonEqual(canonicalElement(task), canonicalElement(refTask))) edits.push({ kind: 'replace-element', element: task, xml });
    for (const repeat of repeats) edits.push({ kind: 'remove-element', element: repeat });
  }
  for (const [name, tasks] of mine) {
    if (!theirs.has(name)) for (const task of tasks) edits.push({ kind: 'remove-element', element: task });
  }
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [container.path] });
};
