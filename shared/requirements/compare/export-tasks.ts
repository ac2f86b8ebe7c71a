import type { ExportTasksValue } from '../values/export-tasks.js';
import type { Comparer } from './comparer.js';
import { describeListDiff, diffByKey, isEmptyDiff } from './list-diff.js';

/** Requirement 5: the same export tasks, each with the same attributes and filters. */
export const exportTasksComparer: Comparer<ExportTasksValue> = {
  comparable: (value) => value,
  compare: (reference, instance) => {
    const diff = diffByKey(reference.tasks, instance.tasks, (task) => task.name ?? '(unnamed)');
    return isEmptyDiff(diff)
      ? { status: 'match', detail: `same ${String(instance.tasks.length)} export task(s) as the reference` }
      : { status: 'drift', detail: describeListDiff(diff, 'task') };
  },
};
