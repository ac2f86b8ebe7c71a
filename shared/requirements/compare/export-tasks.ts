import { canonicalJson, compareStrings, type JsonValue } from '../json.js';
import type { ExportFilter, ExportTask, ExportTasksValue } from '../values/export-tasks.js';
import { sameXmlAttribute } from '../values/xml-text.js';
import type { Comparer } from './comparer.js';
import { describeListDiff, diffByKey, isEmptyDiff } from './list-diff.js';

// Requirement 5 (REFERENCE 3.5 step 5, 4.5): the same task names, enabled state and filtering rules.
// What is compared and what is per-instance is set out in values/export-tasks.ts.

/** A filter as a sort key: filters compare as a set. */
export function filterKey(filter: ExportFilter): string {
  return canonicalJson(filter as unknown as JsonValue);
}

/** The compared part of one task: name, enabled, filters in canonical order. */
export function comparedTask(task: ExportTask): JsonValue {
  return { name: task.name, enabled: task.enabled, filters: task.filters.map(filterKey).sort(compareStrings) };
}

/** Requirement 5: the same export tasks, each with the same enabled state and filters; the rest is shown, not compared. */
export const exportTasksComparer: Comparer<ExportTasksValue> = {
  comparable: (value) => value.tasks.map(comparedTask),
  compare: (reference, instance) => {
    const key = (task: JsonValue): string => (task as { name: string | null }).name ?? '(unnamed)';
    const diff = diffByKey(reference.tasks.map(comparedTask), instance.tasks.map(comparedTask), key);
    const notes = exportTaskNotes(reference, instance, diff.missing);
    const tail = notes.length > 0 ? `; ${notes.join('; ')}` : '';
    return isEmptyDiff(diff)
      ? { status: 'match', detail: `same ${String(instance.tasks.length)} export task(s) as the reference${tail}` }
      : { status: 'drift', detail: `${describeListDiff(diff, 'task')}${tail}` };
  },
};

/**
 * What is shown and not compared: documented settings that differ, per-instance parts by name, and for a
 * task the instance lacks, the reference's per-instance parts a fix leaves for the engineer to set.
 */
export function exportTaskNotes(reference: ExportTasksValue, instance: ExportTasksValue, missing: readonly string[]): string[] {
  const notes: string[] = [];
  const refByName = new Map(reference.tasks.map((task) => [task.name ?? '(unnamed)', task]));
  for (const task of instance.tasks) {
    const name = task.name ?? '(unnamed)';
    const ref = refByName.get(name);
    if (ref) {
      const keys = [...new Set([...Object.keys(ref.settings), ...Object.keys(task.settings)])].sort(compareStrings);
      const differing = keys
        .filter((k) => !sameXmlAttribute(ref.settings[k], task.settings[k]))
        .map((k) => `${k} "${task.settings[k] ?? '(none)'}" (reference "${ref.settings[k] ?? '(none)'}")`);
      if (differing.length > 0)
        notes.push(`task ${name}: ${differing.join(', ')}: documented, not asked to match (REFERENCE 3.5), not compared`);
    }
    if (task.perInstance.length > 0) notes.push(`task ${name} per-instance, not compared: ${task.perInstance.join(', ')}`);
  }
  for (const name of missing) {
    const ref = refByName.get(name);
    if (ref && ref.perInstance.length > 0)
      notes.push(
        `task ${name} is added without the reference's per-instance ${ref.perInstance.join(', ')}: set them by hand in CyberTrace Web (e.g. the creator and credentials, REFERENCE 4.5)`,
      );
  }
  return notes;
}
