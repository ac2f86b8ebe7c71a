import { z } from 'zod';

// Requirement 5 (REFERENCE 3.5 step 5, 4.5): "indicator export tasks with the same names and filtering
// rules". What REFERENCE 4.5 defines, and what this file does with it:
// - compared: the task set by `name`, `enabled`, and each `Filter` by its documented attributes
//   (`field`, `value`, `included`); the filters of a task are a set (the help gives their order no meaning);
// - documented but not asked to match by 3.5 (`delimiter`, `update_frequency` (the schedule, in minutes),
//   `create_header`, `records_limit`): shown when they differ, never compared; a task added to an instance
//   takes them from the reference because the help says they are mandatory;
// - anything else (the creator user ID and the credentials, whose attribute names the help does not give,
//   undocumented child elements or Filter attributes): per-instance, listed by name only (it may hold a
//   password), never compared, never copied.

/** IoCExport attributes compared across instances (besides the task set itself, keyed by `name`). */
export const EXPORT_TASK_COMPARED = ['name', 'enabled'] as const;
/** IoCExport attributes REFERENCE 4.5 defines that HA does not ask to match (copied only into a new task). */
export const EXPORT_TASK_DOCUMENTED = ['delimiter', 'update_frequency', 'create_header', 'records_limit'] as const;
/** Filter attributes REFERENCE 4.5 defines: a filtering rule. */
export const EXPORT_FILTER_ATTRIBUTES = ['field', 'value', 'included'] as const;

const nullableString = z.string().nullable();

/** One Filter: its documented attributes (null when absent). */
export const ExportFilterSchema = z.strictObject({ field: nullableString, value: nullableString, included: nullableString });

/** One filtering rule of an export task. */
export type ExportFilter = z.output<typeof ExportFilterSchema>;

/** One IoCExport task as observed. */
export const ExportTaskSchema = z.strictObject({
  name: nullableString,
  enabled: nullableString,
  /** In a canonical order (the comparison treats them as a set). */
  filters: z.array(ExportFilterSchema),
  /** The documented, not compared attributes present (EXPORT_TASK_DOCUMENTED). */
  settings: z.record(z.string(), z.string()),
  /** Names of per-instance parts: `@attr` of the task, `Filter@attr`, `<Element>`; never their values. */
  perInstance: z.array(z.string()),
});

/** One IoCExport task as observed. */
export type ExportTask = z.output<typeof ExportTaskSchema>;

/** Requirement 5: the IoCExports/IoCExport tasks, sorted by name (`export_dir` is a local folder and is not compared). */
export const ExportTasksValueSchema = z.strictObject({ tasks: z.array(ExportTaskSchema) });

/** Requirement 5's observed value. */
export type ExportTasksValue = z.output<typeof ExportTasksValueSchema>;
