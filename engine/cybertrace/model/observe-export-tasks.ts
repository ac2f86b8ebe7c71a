import { compareStrings } from '../../../shared/requirements/json.js';
import { known, type Observation } from '../../../shared/requirements/observation.js';
import type { ExportTasksValue } from '../../../shared/requirements/values/export-tasks.js';
import { canonicalElement } from './canonical-element.js';
import { attributeOf } from './locate.js';
import type { ServiceConfModel } from './types.js';

/** Requirement 5: the IoCExport tasks by name, each with its attributes and Filter children (export_dir is local and left out). */
export function observeExportTasks(service: ServiceConfModel): Observation {
  const tasks = service.exportTasks
    .map((element) => ({ name: attributeOf(element, 'name') ?? null, content: canonicalElement(element) }))
    .sort((a, b) => compareStrings(a.name ?? '', b.name ?? ''));
  const value: ExportTasksValue = { tasks };
  return known(value, [{ path: service.file.path, sha256: service.file.sha256 }], service.iocExports.element ? undefined : `no ${service.iocExports.where} element: no export task`);
}
