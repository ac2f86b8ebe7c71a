import { compareStrings } from '../../../shared/requirements/json.js';
import { known, type Observation } from '../../../shared/requirements/observation.js';
import type { ExportTasksValue } from '../../../shared/requirements/values/export-tasks.js';
import { exportTaskOf } from './export-task-parts.js';
import type { ServiceConfModel } from './types.js';

/** Requirement 5: the IoCExport tasks by name, split into compared, documented and per-instance parts (REFERENCE 4.5; export_dir is local and left out). */
export function observeExportTasks(service: ServiceConfModel): Observation {
  const tasks = service.exportTasks.map(exportTaskOf).sort((a, b) => compareStrings(a.name ?? '', b.name ?? ''));
  const value: ExportTasksValue = { tasks };
  return known(
    value,
    [{ path: service.file.path, sha256: service.file.sha256 }],
    service.iocExports.element ? undefined : `no ${service.iocExports.where} element: no export task`,
  );
}
